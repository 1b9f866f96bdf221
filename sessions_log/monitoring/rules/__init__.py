"""The monitoring rules, one module each. Adding a rule: a module here with `RULE`, its line
in `_MODULES`, its threshold in monitoring/models.py and its test in
tests/sessions_log/monitoring/test_<rule>.py."""

from __future__ import annotations

from typing import Any

from sessions_log.monitoring.rules import (
    concern_logged,
    contact_overdue,
    end_due,
    low_feedback,
    mentor_expiry,
    missed_in_a_row,
    no_first_contact,
    review_due,
    worsening,
)
from sessions_log.monitoring.rules.base import Rule

_MODULES = (
    concern_logged,
    no_first_contact,
    contact_overdue,
    missed_in_a_row,
    worsening,
    mentor_expiry,
    review_due,
    end_due,
    low_feedback,
)

RULES: dict[str, Rule] = {module.RULE.name: module.RULE for module in _MODULES}


def describe(rule: str, details: dict[str, Any]) -> str:
    """A flag's line on the page, from its rule and details (never free text)."""
    found = RULES.get(rule)
    return found.describe(details) if found else rule.replace("_", " ")


def label(rule: str) -> str:
    found = RULES.get(rule)
    return found.label if found else rule.replace("_", " ")
