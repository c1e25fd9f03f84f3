"""Where a function DSQL lacks comes from: an extension, a newer PostgreSQL, or MySQL.

DSQL offers PostgreSQL 16's built-in functions (`dsqllint.functions`, generated from a real
PostgreSQL 16) and no extensions (`CREATE EXTENSION` is rejected). A call to anything else fails
with `42883 function ... does not exist`. This small table names the origin of the functions
schemas call most, so a finding can say *why* the function is missing and what to use instead.

Sources, by origin:
- contrib extensions: the `CREATE FUNCTION` statements of the extension install scripts shipped
  with PostgreSQL (`share/postgresql/<v>/extension/<name>--*.sql`, read from a PostgreSQL 15
  install), user-facing functions only (no type I/O or index-support functions); documented in
  https://www.postgresql.org/docs/16/contrib.html (appendix F, one page per extension).
- PostGIS: https://postgis.net/docs/reference.html (every function is `ST_*` or `postgis_*`).
- pgvector: https://github.com/pgvector/pgvector#reference (vector functions).
- PostgreSQL 17 and 18: the release notes, https://www.postgresql.org/docs/17/release-17.html and
  https://www.postgresql.org/docs/18/release-18.html ("Functions" sections).
- MySQL: https://dev.mysql.com/doc/refman/8.0/en/built-in-function-reference.html (functions a
  PostgreSQL schema sometimes copies from MySQL; sqlglot translates them in MySQL input).
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["Origin", "origin_of", "ORIGINS"]


@dataclass(frozen=True)
class Origin:
    """`source` is an extension (`uuid-ossp`), `PostgreSQL 18` or `MySQL`; `instead` is what to use
    on DSQL, "" when nothing equivalent exists."""

    source: str
    instead: str = ""

    @property
    def label(self) -> str:
        if self.source.startswith(("PostgreSQL", "MySQL")):
            return f"a {self.source} function"
        return f"from the {self.source} extension"


_RANDOM_UUID = "gen_random_uuid() (built in: a random version-4 uuid)"

_EXTENSIONS: dict[str, tuple[str, dict[str, str]]] = {
    # extension: (what to do in general, {function: specific advice})
    "uuid-ossp": ("use gen_random_uuid()", {
        "uuid_generate_v1": f"{_RANDOM_UUID}; v1 uuids embed the time and the host's MAC address",
        "uuid_generate_v1mc": f"{_RANDOM_UUID}; v1mc uuids embed the time",
        "uuid_generate_v3": "compute the name-based uuid in the application (md5 of namespace and name)",
        "uuid_generate_v4": _RANDOM_UUID,
        "uuid_generate_v5": "compute the name-based uuid in the application (sha1 of namespace and name)",
        "uuid_nil": "the literal '00000000-0000-0000-0000-000000000000'::uuid",
        "uuid_ns_dns": "the literal '6ba7b810-9dad-11d1-80b4-00c04fd430c8'::uuid",
        "uuid_ns_url": "the literal '6ba7b811-9dad-11d1-80b4-00c04fd430c8'::uuid",
        "uuid_ns_oid": "the literal '6ba7b812-9dad-11d1-80b4-00c04fd430c8'::uuid",
        "uuid_ns_x500": "the literal '6ba7b814-9dad-11d1-80b4-00c04fd430c8'::uuid",
    }),
    "pgcrypto": ("hash or encrypt in the application; md5() and sha224/256/384/512() are built in", {
        "digest": "the built-in sha224/sha256/sha384/sha512(bytea) or md5(text)",
        "hmac": "compute the HMAC in the application",
        "crypt": "hash passwords in the application (bcrypt, argon2)",
        "gen_salt": "hash passwords in the application (bcrypt, argon2)",
        "gen_random_bytes": "generate random bytes in the application, or use gen_random_uuid() for a random key",
        "armor": "", "dearmor": "", "encrypt": "", "encrypt_iv": "", "decrypt": "", "decrypt_iv": "",
        "pgp_sym_encrypt": "", "pgp_sym_encrypt_bytea": "", "pgp_sym_decrypt": "", "pgp_sym_decrypt_bytea": "",
        "pgp_pub_encrypt": "", "pgp_pub_encrypt_bytea": "", "pgp_pub_decrypt": "", "pgp_pub_decrypt_bytea": "",
        "pgp_key_id": "", "pgp_armor_headers": "",
    }),
    "pg_trgm": ("search in the application or a search service; DSQL has no trigram matching", {
        f: "" for f in ("similarity", "word_similarity", "strict_word_similarity", "show_trgm", "show_limit",
                        "set_limit", "similarity_dist", "word_similarity_dist_op")
    }),
    "fuzzystrmatch": ("compute the match in the application", {
        f: "" for f in ("levenshtein", "levenshtein_less_equal", "soundex", "difference", "metaphone", "dmetaphone",
                        "dmetaphone_alt", "text_soundex", "daitch_mokotoff")
    }),
    "unaccent": ("strip accents in the application before storing a search key", {"unaccent": ""}),
    "citext": ("use text and compare lower(col)", {"citext": "text and lower(col)"}),
    "hstore": ("use json (->, ->>, json_object_keys, json_each)", {
        f: "" for f in ("hstore", "akeys", "avals", "skeys", "svals", "each", "exist", "exists_all", "exists_any",
                        "defined", "delete", "slice", "slice_array", "fetchval", "isdefined", "isexists",
                        "hstore_to_json", "hstore_to_jsonb", "hstore_to_json_loose", "hstore_to_jsonb_loose",
                        "hstore_to_array", "hstore_to_matrix", "populate_record", "tconvert")
    }),
    "ltree": ("store the path as text and query it with LIKE 'a.b.%' or a closure table", {
        f: "" for f in ("subltree", "subpath", "nlevel", "index", "text2ltree", "ltree2text", "lca")
    }),
    "intarray": ("use the built-in array functions (array_length, array_position, unnest)", {
        f: "" for f in ("icount", "sort", "sort_asc", "sort_desc", "uniq", "idx", "subarray", "intset")
    }),
    "tablefunc": ("pivot in the query (CASE per column) or in the application", {
        f: "" for f in ("crosstab", "crosstab2", "crosstab3", "crosstab4", "connectby", "normal_rand")
    }),
    "earthdistance": ("compute distances in the application (haversine)", {
        f: "" for f in ("earth_distance", "ll_to_earth", "earth_box", "earth", "latitude", "longitude", "geo_distance",
                        "gc_to_sec", "sec_to_gc")
    }),
    "cube": ("store the coordinates in numeric columns", {
        f: "" for f in ("cube", "cube_distance", "cube_dim", "cube_ll_coord", "cube_ur_coord", "cube_union",
                        "cube_inter", "cube_size", "cube_subset", "cube_enlarge", "cube_is_point")
    }),
    "isn": ("store the number as text with a CHECK on its format", {
        f: "" for f in ("isbn", "isbn13", "ismn", "ismn13", "issn", "issn13", "upc", "is_valid",
                        "make_valid", "isn_weak")
    }),
    "pgvector": ("compute similarity in the application or a vector store; DSQL has no vector type", {
        f: "" for f in ("l2_distance", "l1_distance", "cosine_distance", "inner_product", "vector_dims", "vector_norm",
                        "l2_normalize", "binary_quantize", "subvector", "hamming_distance", "jaccard_distance")
    }),
}

_POSTGRESQL: dict[str, tuple[str, str]] = {
    # function: (version, what to use on DSQL)
    "uuidv7": ("PostgreSQL 18", f"{_RANDOM_UUID}; a v7 uuid is ordered by creation time, a random one is not"),
    "uuidv4": ("PostgreSQL 18", _RANDOM_UUID),
    "casefold": ("PostgreSQL 18", "lower()"),
    "array_sort": ("PostgreSQL 18", "sort in a subquery: ARRAY(SELECT x FROM unnest(a) x ORDER BY x)"),
    "array_reverse": ("PostgreSQL 18", "reverse in a subquery over unnest(a) WITH ORDINALITY"),
    "crc32": ("PostgreSQL 18", "compute the checksum in the application, or use md5()"),
    "crc32c": ("PostgreSQL 18", "compute the checksum in the application, or use md5()"),
    "gamma": ("PostgreSQL 18", ""),
    "lgamma": ("PostgreSQL 18", ""),
    "uuid_extract_timestamp": ("PostgreSQL 17", "store the creation time in its own column"),
    "uuid_extract_version": ("PostgreSQL 17", "substr(u::text, 15, 1)"),
    "to_bin": ("PostgreSQL 17", ""),
    "to_oct": ("PostgreSQL 17", ""),
    "pg_basetype": ("PostgreSQL 17", ""),
    "merge_action": ("PostgreSQL 17", ""),
}

_MYSQL: dict[str, str] = {
    "ifnull": "coalesce()",
    "uuid": "gen_random_uuid()",
    "curdate": "current_date",
    "curtime": "current_time",
    "utc_timestamp": "now() at time zone 'utc'",
    "unix_timestamp": "extract(epoch from ...)",
    "from_unixtime": "to_timestamp()",
    "date_format": "to_char()",
    "group_concat": "string_agg()",
    "json_extract": "the -> and ->> operators",
    "json_unquote": "the ->> operator",
    "inet_aton": "store the address as text or bigint computed in the application",
    "inet_ntoa": "store the address as text or bigint computed in the application",
    "if": "CASE WHEN ... THEN ... ELSE ... END",
}

_PREFIXES: tuple[tuple[str, Origin], ...] = (
    ("st_", Origin("PostGIS", "store coordinates or WKB (bytea) and compute geometry in the application")),
    ("postgis_", Origin("PostGIS", "")),
)


def _build() -> dict[str, Origin]:
    table: dict[str, Origin] = {}
    for extension, (general, functions) in _EXTENSIONS.items():
        for name, advice in functions.items():
            table[name] = Origin(extension, advice or general)
    for name, (version, advice) in _POSTGRESQL.items():
        table[name] = Origin(version, advice)
    for name, advice in _MYSQL.items():
        table[name] = Origin("MySQL", advice)
    return table


ORIGINS: dict[str, Origin] = _build()


def origin_of(name: str) -> Origin | None:
    """The origin of a function PostgreSQL 16 lacks, by its (case-insensitive) name, else None."""
    key = name.lower()
    found = ORIGINS.get(key)
    if found is not None:
        return found
    return next((origin for prefix, origin in _PREFIXES if key.startswith(prefix)), None)
