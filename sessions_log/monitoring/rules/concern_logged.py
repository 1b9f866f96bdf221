"""A concern logged in a session and still open: one flag per relationship, urgent when any
of its open concerns is (safeguarding, clinical red flag). Clears when every one is closed."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from sessions_log.logs.models import Concern
from sessions_log.monitoring.models import Severity
from sessions_log.monitoring.rules.base import Context, Match, Matches, Rule


def find(context: Context) -> Matches:
    rows = (
        Concern.objects.open()
        .filter(programme_id__in=context.programme_ids)
        .order_by()
        .values("relationship_id", "programme_id")
        .annotate(concerns=Count("pk"), urgent=Count("pk", filter=Q(urgent=True)))
    )
    return {
        row["relationship_id"]: Match(
            programme_id=row["programme_id"],
            details={"concerns": row["concerns"], "urgent": row["urgent"]},
            severity=Severity.URGENT if row["urgent"] else None,
        )
        for row in rows
    }


def describe(details: dict[str, Any]) -> str:
    count = details.get("concerns", 1)
    what = "An open concern" if count == 1 else f"{count} open concerns"
    return f"{what} raised by the mentor" + (" (urgent)" if details.get("urgent") else "")


RULE = Rule(
    name="concern_logged",
    label="A concern raised by the mentor",
    severity=Severity.SOON,
    find=find,
    describe=describe,
)
