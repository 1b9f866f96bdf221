"""Planned end due: an active relationship whose planned length has run
(`Relationship.planned_end_on`). Clears when the mentoring is completed or ended."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import F

from core.forms import long_date
from sessions_log.monitoring.models import Severity
from sessions_log.monitoring.rules.base import AddDays, Context, Match, Matches, Rule


def find(context: Context) -> Matches:
    rows = (
        context.active()
        .alias(end_on=AddDays(F("started_on"), F("planned_length_weeks") * 7))
        .filter(end_on__lte=context.today)
        .values_list("pk", "programme_id", "started_on", "planned_length_weeks")
    )
    return {
        pk: Match(
            programme_id=programme_id,
            details={"due_on": (started_on + timedelta(weeks=weeks)).isoformat()},  # type: ignore[operator,union-attr]
        )
        for pk, programme_id, started_on, weeks in rows
    }


def describe(details: dict[str, Any]) -> str:
    return f"The mentoring was planned to end on {long_date(date.fromisoformat(details['due_on']))}"


RULE = Rule(
    name="end_due",
    label="Planned end reached",
    severity=Severity.ROUTINE,
    find=find,
    describe=describe,
)
