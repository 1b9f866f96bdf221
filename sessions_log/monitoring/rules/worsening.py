"""Pain or confidence worsening: against the mentee's own first score (the first contact
that went ahead with one), pain up by `pain_rise_points` or more, or confidence down by
`confidence_drop_points` or more, in each of the last two scored contacts."""

from __future__ import annotations

from typing import Any

from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Q,
    Subquery,
)

from sessions_log.logs.models import SessionLog
from sessions_log.monitoring.models import Severity
from sessions_log.monitoring.rules.base import Context, Match, Matches, Rule

MEASURES = ("pain", "confidence")


def _scores(measure: str) -> dict[str, Subquery]:
    scored = SessionLog.objects.held().filter(
        relationship=OuterRef("pk"), **{f"{measure}__isnull": False}
    )
    newest = scored.order_by("-occurred_at", "-pk").values(measure)
    return {
        f"{measure}_first": Subquery(scored.order_by("occurred_at", "pk").values(measure)[:1]),
        f"{measure}_before": Subquery(newest[1:2]),
        f"{measure}_last": Subquery(newest[:1]),
    }


def find(context: Context) -> Matches:
    rise = context.per_programme(context.monitoring, lambda s: s.pain_rise_points, IntegerField())
    drop = context.per_programme(
        context.monitoring, lambda s: s.confidence_drop_points, IntegerField()
    )
    worse_pain = Q(
        pain_before__gte=F("pain_first") + F("rise"), pain_last__gte=F("pain_first") + F("rise")
    )
    worse_confidence = Q(
        confidence_before__lte=F("confidence_first") - F("drop"),
        confidence_last__lte=F("confidence_first") - F("drop"),
    )
    rows = (
        context.active()
        .annotate(**_scores("pain"), **_scores("confidence"))
        .alias(rise=rise, drop=drop)
        .annotate(
            pain_worse=ExpressionWrapper(worse_pain, output_field=BooleanField()),
            confidence_worse=ExpressionWrapper(worse_confidence, output_field=BooleanField()),
        )
        .filter(Q(pain_worse=True) | Q(confidence_worse=True))
        .values(
            "pk", "programme_id", "pain_worse", "confidence_worse",
            *[f"{m}_{which}" for m in MEASURES for which in ("first", "before", "last")],
        )
    )  # fmt: skip
    return {
        row["pk"]: Match(
            programme_id=row["programme_id"],
            details={
                measure: [row[f"{measure}_{which}"] for which in ("first", "before", "last")]
                for measure in MEASURES
                if row[f"{measure}_worse"]
            },
        )
        for row in rows
    }


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
