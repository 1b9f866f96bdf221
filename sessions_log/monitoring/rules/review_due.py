"""Review point due: an active relationship whose coordinator review falls today or has
passed (`Relationship.review_due_on`: the start plus the planned days between sessions
for each session before the review). Resolving it records the review; it is not opened
again while the same pair stays active."""

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
        .alias(
            review_on=AddDays(
                F("started_on"), F("planned_interval_days") * (F("review_after_session") - 1)
            )
        )
        .filter(review_on__lte=context.today)
        .values_list(
            "pk", "programme_id", "started_on", "planned_interval_days", "review_after_session"
        )
    )
    return {
        pk: Match(
            programme_id=programme_id,
            details={"due_on": _review_on(started_on, interval, review_after).isoformat()},
        )
        for pk, programme_id, started_on, interval, review_after in rows
    }


def _review_on(started_on: date | None, interval: int, review_after: int) -> date:
    assert started_on is not None  # active pairs have started
    return started_on + timedelta(days=interval * (review_after - 1))


def describe(details: dict[str, Any]) -> str:
    return f"The coordinator's review was due on {long_date(date.fromisoformat(details['due_on']))}"


RULE = Rule(
    name="review_due",
    label="Review due",
    severity=Severity.ROUTINE,
    find=find,
    describe=describe,
)
