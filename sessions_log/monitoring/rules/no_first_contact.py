"""No first contact: an active relationship that started more than
`first_contact_within_days` ago with no contact that went ahead."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from django.db.models import DateField, Exists, F, OuterRef

from core.forms import long_date
from sessions_log.logs.models import SessionLog
from sessions_log.monitoring.models import Severity
from sessions_log.monitoring.rules.base import Context, Match, Matches, Rule


def find(context: Context) -> Matches:
    latest_start = context.per_programme(
        context.monitoring,
        lambda s: context.today - timedelta(days=s.first_contact_within_days),
        DateField(),
    )
    rows = (
        context.active()
        .alias(latest_start=latest_start)
        .filter(started_on__lt=F("latest_start"))
        .filter(~Exists(SessionLog.objects.held().filter(relationship=OuterRef("pk"))))
        .values_list("pk", "programme_id", "started_on")
    )
    return {
        pk: Match(
            programme_id=programme_id,
            details={"started_on": started_on.isoformat()},  # type: ignore[union-attr]
        )
        for pk, programme_id, started_on in rows
    }


def describe(details: dict[str, Any]) -> str:
    started = long_date(date.fromisoformat(details["started_on"]))
    return f"No contact has gone ahead since the mentoring started on {started}"


RULE = Rule(
    name="no_first_contact",
    label="No first contact",
    severity=Severity.SOON,
    find=find,
    describe=describe,
)
