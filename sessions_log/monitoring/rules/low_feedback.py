"""Low mentee feedback: the mentee's latest answer to "how is it going" is at or below the
programme's `low_feedback_rating` (out of 5). Clears with a better answer, or when the
mentoring ends."""

from __future__ import annotations

from typing import Any

from django.db.models import F, IntegerField, OuterRef, Subquery

from mentoring.matching.models import Relationship
from sessions_log.monitoring.models import Feedback, Severity
from sessions_log.monitoring.rules.base import Context, Match, Matches, Rule


def find(context: Context) -> Matches:
    low = context.per_programme(context.monitoring, lambda s: s.low_feedback_rating, IntegerField())
    latest = (
        Feedback.objects.answered()
        .filter(relationship=OuterRef("pk"))
        .order_by("-answered_at", "-pk")
    )
    rows = (
        Relationship.objects.filter(
            status__in=Relationship.CURRENT, programme_id__in=context.programme_ids
        )
        .annotate(rating=Subquery(latest.values("rating")[:1]))
        .alias(low=low)
        .filter(rating__lte=F("low"))
        .values_list("pk", "programme_id", "rating")
    )
    return {
        pk: Match(programme_id=programme_id, details={"rating": rating})
        for pk, programme_id, rating in rows
    }


def describe(details: dict[str, Any]) -> str:
    words = dict(Feedback.RATINGS).get(int(details.get("rating") or 0), "")
    return f"The mentee said it is going {words.lower()} ({details.get('rating')} out of 5)"


RULE = Rule(
    name="low_feedback",
    label="Low feedback from the mentee",
    severity=Severity.SOON,
    find=find,
    describe=describe,
)
