"""Contact overdue: an active relationship whose last contact that went ahead was
`no_contact_after_days` or more days ago (a pair that never had one is "no first contact")."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import DateTimeField, F, OuterRef, Subquery
from django.utils import timezone

from core.forms import long_date
from sessions_log.logs.models import SessionLog
from sessions_log.monitoring.models import Severity
from sessions_log.monitoring.rules.base import Context, Match, Matches, Rule, start_of


def find(context: Context) -> Matches:
    # Held on day D, flagged from day D + N: held before the start of day (today - N + 1).
    held_before = context.per_programme(
        context.monitoring,
        lambda s: start_of(context.today - timedelta(days=s.no_contact_after_days - 1)),
        DateTimeField(),
    )
    last_held = (
        SessionLog.objects.held()
        .filter(relationship=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    rows = (
        context.active()
        .annotate(last_held=Subquery(last_held))
        .alias(held_before=held_before)
        .filter(last_held__lt=F("held_before"))
        .values_list("pk", "programme_id", "last_held")
    )
    return {
        pk: Match(
            programme_id=programme_id,
            details={"last_held_on": timezone.localdate(last).isoformat()},
        )
        for pk, programme_id, last in rows
    }


def describe(details: dict[str, Any]) -> str:
    last = long_date(date.fromisoformat(details["last_held_on"]))
    return f"No contact has gone ahead since {last}"


RULE = Rule(
    name="contact_overdue",
    label="No contact for a long time",
    severity=Severity.SOON,
    find=find,
    describe=describe,
)
