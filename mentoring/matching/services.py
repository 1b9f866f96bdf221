"""Relationships from proposal to end: every step in one transaction, with its history row.

A mentor's places are taken under a lock on the mentor's row: two coordinators proposing
the same mentor's last free place at the same moment get one relationship and one clear
message. A mentee's one current relationship is also held by a unique constraint."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import date, datetime, timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from accounts.models import User
from core.choices import HOLDS_PLACE
from core.lifecycle import record_start
from mentoring.matching.models import MatchingSettings, Relationship, RelationshipEvent
from mentoring.mentees.models import Mentee
from mentoring.recruitment.models import Mentor

logger = logging.getLogger(__name__)

NO_PLACE = (
    "{mentor} has no free place now: someone else took it a moment ago. Choose another mentor."
)
MENTEE_TAKEN = "{mentee} already has a mentor proposed or working with them."
NOT_MATCHABLE = "{mentor} cannot be matched today: {why}"


@transaction.atomic
def propose(
    *,
    mentee: Mentee,
    mentor: Mentor,
    by: User,
    now: datetime,
    score: int | None = None,
    reasons: Sequence[str] = (),
) -> Relationship:
    """Record a proposed match, taking one of the mentor's places. The plan starts from the
    programme's defaults. Raises ValidationError, in words, when the mentor has no place
    left (checked under a lock on the mentor's row), is not matchable, or the mentee is
    already matched."""
    locked = Mentor.objects.select_for_update().get(pk=mentor.pk)
    today = now.date()
    if not Mentor.objects.filter(pk=locked.pk).matchable(today=today).exists():
        taken = (
            Relationship.objects.filter(mentor=locked, status__in=HOLDS_PLACE).count()
            >= locked.capacity
        )
        if taken:
            raise ValidationError(NO_PLACE.format(mentor=locked.full_name), code="no_place")
        raise ValidationError(
            NOT_MATCHABLE.format(mentor=locked.full_name, why="see their page for why."),
            code="not_matchable",
        )
    defaults = MatchingSettings.for_programme(mentee.programme)
    latest = mentee.registrations.select_related("referral").order_by("-registered_at").first()
    try:
        with transaction.atomic():
            relationship = Relationship.objects.create(
                programme=mentee.programme,
                mentee=mentee,
                mentor=locked,
                referral=latest.referral if latest else None,
                status=Relationship.Status.PROPOSED,
                status_changed_at=now,
                score=score,
                score_reasons=list(reasons),
                proposed_at=now,
                proposed_by=by,
                formats=[f for f in mentee.preferred_formats if f in locked.formats]
                or list(mentee.preferred_formats),
                planned_sessions=defaults.planned_sessions,
                planned_interval_days=defaults.planned_interval_days,
                planned_length_weeks=defaults.planned_length_weeks,
                review_after_session=defaults.review_after_session,
            )
    except IntegrityError as error:  # the mentee's one current relationship
        raise ValidationError(
            MENTEE_TAKEN.format(mentee=mentee.full_name), code="mentee_taken"
        ) from error
    Mentee.objects.filter(pk=mentee.pk).update(waiting_since=None)
    record_start(relationship, history=RelationshipEvent, by=by, now=now)
    logger.info("relationship %s proposed", relationship.pk)
    return relationship


def planned_contacts(relationship: Relationship) -> list[date]:
    """The planned session dates, from the start date and the plan's interval."""
    if relationship.started_on is None:
        return []
    return [
        relationship.started_on + timedelta(days=relationship.planned_interval_days * n)
        for n in range(relationship.planned_sessions)
    ]
