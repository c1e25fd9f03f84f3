"""Linting many files: each from the cache when it can, otherwise in worker processes or here.

`lint_files` returns one result per source, in the order given, whatever order the work finished
in, so output never depends on scheduling. A file linted in a worker comes back as its findings and
what run-wide rules need (`engine.result_payload`), not its parsed statements: those would cost
more to send than to parse again, and are parsed again only if a run-wide rule needs them.
"""

from __future__ import annotations

import os
import sys
from typing import TYPE_CHECKING, Callable

from dsqllint.engine import FileResult, gc_paused, lint_source, result_from_payload, result_payload
from dsqllint.selection import Selection
from dsqllint.source import Source, decide_dialect
from dsqllint.target import Target

if TYPE_CHECKING:
    from dsqllint.cache import Cache

# Below this much SQL, workers cost more than they save: each forked worker soon copies much of the
# parent's memory (reference counts are writes to every object it touches), some 50 ms of CPU.
# Measured on 2 cores, wall time with 1 / 2 processes: 50 migrations (17 KB) 218 / 255 ms, 100 (35 KB)
# 273 / 301 ms, 200 (69 KB) 386 / 338 ms; two 1 MB schemas 5.46 / 2.74 s.
PARALLEL_MIN_CHARS = 64_000
# Where processes cannot be forked, each worker imports dsqllint afresh (a few hundred ms).
SPAWN_MIN_CHARS = 2_000_000


def cache_settings(source: Source, target: Target, selection: Selection) -> list:
    """Everything besides the file's text and dsqllint's code that its result depends on. The
    dialect as asked for ("auto" or a dialect): an automatic one follows from the text."""
    return [source.dialect, source.had_bom, target.date.isoformat(), sorted(selection.select), sorted(selection.ignore)]


def cache_key(source: Source, target: Target, selection: Selection) -> str:
    from dsqllint.cache import Cache

    return Cache.key(source.text.encode("utf-8", "surrogatepass"), cache_settings(source, target, selection))


def lint_files(
    sources: list[Source],
    target: Target,
    selection_for: Callable[[str], Selection],
    *,
    cache: "Cache | None" = None,
    jobs: int = 0,
    on_error: Callable[[Source, str], None] | None = None,
) -> list[FileResult | None]:
    """Results of `sources` (None where linting failed: `on_error` gets the source and
    "ExceptionType: message"). `jobs`: worker processes, 0 to decide from the machine and the
    amount of work, 1 for none. A source whose dialect is still "auto" (read without detection)
    gets it from the cache entry, or is detected before linting."""
    results: list[FileResult | None] = [None] * len(sources)
    todo: list[tuple[int, Source, Selection, str | None]] = []
    for i, source in enumerate(sources):
        selection = selection_for(source.path)
        key = cache_key(source, target, selection) if cache is not None else None
        payload = cache.get(key) if cache is not None and key is not None else None
        if payload is not None and (source.dialect == "auto" or payload.get("dialect") == source.dialect):
            if source.dialect == "auto":
                source.dialect, source.dialect_reason = payload["dialect"], payload["dialect_reason"]
            results[i] = result_from_payload(source, payload, target, selection)
            results[i].cached_as = (cache, key)  # type: ignore[union-attr]
        else:
            todo.append((i, decide_dialect(source), selection, key))

    workers = _workers(jobs, [source for _, source, _, _ in todo])
    debug = bool(os.environ.get("DSQLLINT_DEBUG"))
    if workers > 1 and not debug:
        for i, payload, error in _in_workers(todo, target, workers):
            source, key = todo[i][1], todo[i][3]
            if error is not None:
                if on_error is not None:
                    on_error(source, error)
                continue
            results[todo[i][0]] = result_from_payload(source, payload, target, todo[i][2])
            if cache is not None and key is not None:
                cache.put(key, payload)
                results[todo[i][0]].cached_as = (cache, key)  # type: ignore[union-attr]
    else:
        # One process for the files: a long file's rules may use a second one (engine._judge).
        processes = 2 if jobs != 1 and not debug and _cpus() >= 2 and _can_fork() else 1
        for i, source, selection, key in todo:
            try:
                result = lint_source(source, target, selection, processes=processes, store=True)
            except Exception as err:  # a bug of ours must not hide the other files' results
                if debug:
                    raise
                if on_error is not None:
                    on_error(source, f"{type(err).__name__}: {err}")
                continue
            results[i] = result
            if cache is not None and key is not None:
                cache.put(key, result_payload(result))
                result.cached_as = (cache, key)
    return results


def _workers(jobs: int, sources: list[Source]) -> int:
    if jobs == 1 or len(sources) < 2:
        return 1
    cpus = _cpus()
    if jobs:
        return min(jobs, len(sources))
    size = sum(len(s.text) for s in sources)
    if cpus < 2 or size < (PARALLEL_MIN_CHARS if _can_fork() else SPAWN_MIN_CHARS):
        return 1
    return min(cpus, len(sources))


def _cpus() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except (AttributeError, OSError):
        return os.cpu_count() or 1


def _can_fork() -> bool:
    return sys.platform.startswith("linux")


def _in_workers(todo, target: Target, workers: int):
    """Yield (position in todo, payload, error) as workers finish, biggest files first."""
    import multiprocessing

    import dsqllint.catalog  # noqa: F401  (the parser and the rules, before forking: every worker
    import dsqllint.rules  # noqa: F401  inherits them instead of importing them again)

    context = multiprocessing.get_context("fork" if _can_fork() else "spawn")
    order = sorted(range(len(todo)), key=lambda k: -len(todo[k][1].text))
    tasks = [(k, todo[k][1], target, todo[k][2]) for k in order]
    with context.Pool(workers, initializer=_start_worker) as pool:
        yield from pool.imap_unordered(_lint_task, tasks, chunksize=1)


def _start_worker() -> None:
    import gc
    import signal

    from dsqllint.plugins import load_plugins

    # Ctrl-C reaches the whole process group: the main process stops the pool and says so once,
    # rather than every worker printing its own KeyboardInterrupt traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.disable()  # as in the parent: see engine.gc_paused
    load_plugins()  # a spawned worker starts without them; a forked one has them already


def _lint_task(task) -> tuple[int, dict | None, str | None]:
    k, source, target, selection = task
    try:
        with gc_paused():
            return k, result_payload(lint_source(source, target, selection, store=True)), None
    except Exception as err:
        return k, None, f"{type(err).__name__}: {err}"
