"""Every built-in rule, one module per family; importing this package registers them."""

from dsqllint.rules import alter, constraints, expressions, identity, indexes, limits, meta, mysql, objects, suppressions, transactions, types  # noqa: F401
from dsqllint.rules.base import REGISTRY, Context, Rule, Violation, all_rules, find_rule

__all__ = ["REGISTRY", "Context", "Rule", "Violation", "all_rules", "find_rule"]
