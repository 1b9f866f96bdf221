"""Pain or confidence worsening: against the mentee's own first score (the first contact
that went ahead with one), pain up by `pain_rise_points` or more, or confidence down by
`confidence_drop_points` or more, in each of the last two scored contacts. One query per
measure (window functions: the first score and the two newest, two rows a pair); the
comparison with the programme's threshold is made over those rows in Python."""

from __future__ import annotations

from typing import Any

from django.db.models import F, Window
from django.db.models.functions import FirstValue, RowNumber

from mentoring.matching.models import Relationship
from sessions_log.logs.models import SessionLog
from sessions_log.monitoring.models import Severity
from sessions_log.monitoring.rules.base import Context, Match, Matches, Rule

MEASURES = ("pain", "confidence")


def _first_and_latest_two(context: Context, measure: str) -> dict[int, dict[str, Any]]:
    """Per active pair: its programme, the first score and the two newest, from the held
    contacts that have one. One query: window functions over the logs, two rows a pair."""
    rows = (
        SessionLog.objects.held()
        .filter(
            relationship__status=Relationship.Status.ACTIVE,
            relationship__programme_id__in=context.programme_ids,
            **{f"{measure}__isnull": False},
        )
        .annotate(
            newest=Window(
                RowNumber(),
                partition_by=[F("relationship_id")],
                order_by=[F("occurred_at").desc(), F("pk").desc()],
            ),
            first=Window(
                FirstValue(measure),
                partition_by=[F("relationship_id")],
                order_by=[F("occurred_at").asc(), F("pk").asc()],
            ),
        )
        .filter(newest__lte=2)
        .values_list("relationship_id", "relationship__programme_id", "newest", "first", measure)
    )
    scores: dict[int, dict[str, Any]] = {}
    for relationship_id, programme_id, newest, first, value in rows:
        row = scores.setdefault(relationship_id, {"programme_id": programme_id, "first": first})
        row["last" if newest == 1 else "before"] = value
    return scores


def _worse(measure: str, row: dict[str, Any], settings: Any) -> list[int] | None:
    first, before, last = row["first"], row.get("before"), row.get("last")
    if before is None or last is None:
        return None
    if measure == "pain":
        worse = min(before, last) >= first + settings.pain_rise_points
    else:
        worse = max(before, last) <= first - settings.confidence_drop_points
    return [first, before, last] if worse else None


def find(context: Context) -> Matches:
    matches: Matches = {}
    for measure in MEASURES:
        for relationship_id, row in _first_and_latest_two(context, measure).items():
            worse = _worse(measure, row, context.monitoring[row["programme_id"]])
            if worse is None:
                continue
            match = matches.setdefault(relationship_id, Match(programme_id=row["programme_id"]))
            match.details[measure] = worse
    return matches


def describe(details: dict[str, Any]) -> str:
    parts = []
    if "pain" in details:
        first, before, last = details["pain"]
        parts.append(f"pain up from {first} at the start to {before}, then {last}")
    if "confidence" in details:
        first, before, last = details["confidence"]
        parts.append(f"confidence down from {first} at the start to {before}, then {last}")
    return ("Getting worse: " + "; ".join(parts)) if parts else "Getting worse"


RULE = Rule(
    name="worsening",
    label="Pain or confidence getting worse",
    severity=Severity.SOON,
    find=find,
    describe=describe,
)
