"""Missed in a row: an active relationship whose last `missed_contacts_in_a_row` logs are
all contacts that did not go ahead (cancelled by either, or no answer). Counted as the logs
since the last one that went ahead; it clears with the next contact that does."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from django.db.models import Count, F, IntegerField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from sessions_log.logs.models import SessionLog
from sessions_log.monitoring.models import Severity
from sessions_log.monitoring.rules.base import Context, Match, Matches, Rule

LONG_AGO = datetime(1900, 1, 1, tzinfo=UTC)


def find(context: Context) -> Matches:
    in_a_row = context.per_programme(
        context.monitoring, lambda s: s.missed_contacts_in_a_row, IntegerField()
    )
    last_held = (
        SessionLog.objects.held()
        .filter(relationship=OuterRef("pk"))
        .order_by("-occurred_at")
        .values("occurred_at")[:1]
    )
    since = (
        SessionLog.objects.filter(
            relationship=OuterRef("pk"),
            occurred_at__gt=Coalesce(OuterRef("last_held"), Value(LONG_AGO)),
        )
        .order_by()
        .values("relationship")
        .annotate(n=Count("pk"))
        .values("n")
    )
    rows = (
        context.active()
        .annotate(last_held=Subquery(last_held))
        .annotate(missed=Coalesce(Subquery(since), 0))
        .alias(in_a_row=in_a_row)
        .filter(missed__gte=F("in_a_row"))
        .values_list("pk", "programme_id", "missed")
    )
    return {
        pk: Match(programme_id=programme_id, details={"missed": missed})
        for pk, programme_id, missed in rows
    }


def describe(details: dict[str, Any]) -> str:
    return f"The last {details['missed']} contacts did not go ahead"


RULE = Rule(
    name="missed_in_a_row",
    label="Contacts missed in a row",
    severity=Severity.SOON,
    find=find,
    describe=describe,
)
