"""Relationships from proposal to end: every step in one transaction, with its history row.

A mentor's places are taken under a lock on the mentor's row: two coordinators proposing
the same mentor's last free place at the same moment get one relationship and one clear
message. A mentee's one current relationship is also held by a unique constraint."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Literal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import User
from core.choices import Format, labels_for
from core.forms import long_date
from core.lifecycle import record_note, record_start, transition
from mentoring.matching import messages
from mentoring.matching.models import MatchingSettings, Relationship, RelationshipEvent
from mentoring.mentees.models import Mentee
from mentoring.recruitment.models import Mentor
from mentoring.referrals import services as referral_services
from mentoring.referrals.models import Referral

logger = logging.getLogger(__name__)

NO_PLACE = (
    "{mentor} has no free place now: someone else took it a moment ago. Choose another mentor."
)
MENTEE_TAKEN = "{mentee} already has a mentor proposed or working with them."
OTHER_PROGRAMME = "A mentor can only be matched with a mentee of their own programme."
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
    if mentor.programme_id != mentee.programme_id:
        raise ValidationError(OTHER_PROGRAMME, code="other_programme")
    locked = Mentor.objects.select_for_update().get(pk=mentor.pk)
    today = timezone.localdate(now)
    if not Mentor.objects.filter(pk=locked.pk).matchable(today=today).exists():
        current = (
            Mentor.objects.with_current_mentees()
            .values_list("current_mentees", flat=True)
            .get(pk=locked.pk)
        )
        if current >= locked.capacity:
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


# --- After the proposal: agreements, start, plan, pause, end ----------------------------------

Party = Literal["mentee", "mentor"]


@dataclass(frozen=True)
class Plan:
    """What a pair agrees: how they meet, how many sessions, how often, for how long, and
    when the coordinator reviews how it is going."""

    formats: list[str] = field(default_factory=list)
    planned_sessions: int = 6
    planned_interval_days: int = 14
    planned_length_weeks: int = 12
    review_after_session: int = 2

    FIELDS = (
        "formats",
        "planned_sessions",
        "planned_interval_days",
        "planned_length_weeks",
        "review_after_session",
    )

    @classmethod
    def of(cls, relationship: Relationship) -> Plan:
        return cls(**{name: getattr(relationship, name) for name in cls.FIELDS})

    def check(self) -> None:
        if self.review_after_session > self.planned_sessions:
            raise ValidationError(
                {"review_after_session": "The review must come within the planned sessions."}
            )
        if any(value not in Format.values for value in self.formats):
            raise ValidationError({"formats": "Choose from the ways of meeting shown."})

    def in_words(self) -> str:
        ways = ", ".join(labels_for(self.formats, Format.choices)).lower() or "no way chosen"
        return (
            f"{self.planned_sessions} sessions, {self.planned_interval_days} days apart, over "
            f"{self.planned_length_weeks} weeks; review after session "
            f"{self.review_after_session}; {ways}"
        )


def _locked(relationship: Relationship) -> Relationship:
    """The relationship's row, locked until the caller's transaction ends: two people
    taking the same step at once take it once."""
    return (
        Relationship.objects.select_for_update(of=("self",))
        .select_related("mentee", "mentor", "programme")
        .get(pk=relationship.pk)
    )


def _step(
    relationship: Relationship,
    *,
    to_status: str,
    by: User,
    now: datetime,
    note: str = "",
    also_save: Sequence[str] = (),
) -> None:
    transition(
        relationship,
        to_status=to_status,
        history=RelationshipEvent,
        by=by,
        now=now,
        note=note,
        also_save=also_save,
    )


def _back_to_waiting(relationship: Relationship, *, now: datetime) -> None:
    """The mentee waits again and can be matched with someone else."""
    Mentee.objects.filter(pk=relationship.mentee_id).update(waiting_since=now)


def _referral_matched(relationship: Relationship, *, by: User, now: datetime) -> None:
    """The referral that brought the mentee becomes "matched" (through "awaiting match" if
    it was still at "consented"), which tells the referring physiotherapist."""
    if relationship.referral_id is None:
        return
    referral = Referral.objects.get(pk=relationship.referral_id)
    if referral.status == Referral.Status.CONSENTED:
        referral = referral_services.advance(
            referral=referral, to_status=Referral.Status.AWAITING_MATCH, by=by, now=now
        )
    if referral.status == Referral.Status.AWAITING_MATCH:
        referral_services.advance(
            referral=referral,
            to_status=Referral.Status.MATCHED,
            by=by,
            now=now,
            note="A peer mentor has started working with them.",
        )


@transaction.atomic
def record_agreement(
    *, relationship: Relationship, party: Party, by: User, now: datetime
) -> Relationship:
    """Record that the mentee (or the mentor) agreed to the match, and who recorded it.
    Either may agree first; recording the same agreement twice keeps the first."""
    relationship = _locked(relationship)
    if relationship.status != Relationship.Status.PROPOSED:
        raise ValidationError(
            "Agreements are recorded while a match is proposed; this one is "
            f"{relationship.get_status_display().lower()}.",
            code="not_proposed",
        )
    if getattr(relationship, f"{party}_agreed_at") is not None:
        return relationship
    setattr(relationship, f"{party}_agreed_at", now)
    setattr(relationship, f"{party}_agreement_recorded_by", by)
    relationship.save(
        update_fields=[f"{party}_agreed_at", f"{party}_agreement_recorded_by", "updated_at"]
    )
    record_note(
        relationship, history=RelationshipEvent, by=by, now=now, note=f"The {party} agreed."
    )
    return relationship


@transaction.atomic
def start(
    *, relationship: Relationship, started_on: date, plan: Plan, by: User, now: datetime
) -> Relationship:
    """Both have agreed: the mentoring starts on `started_on` with the agreed plan. The
    referral becomes "matched" and the introductions go out once this commits."""
    relationship = _locked(relationship)
    if relationship.status in Relationship.CURRENT:
        raise ValidationError("This mentoring has already started.", code="started")
    if relationship.status == Relationship.Status.PROPOSED:
        missing = [
            party
            for party in ("mentee", "mentor")
            if getattr(relationship, f"{party}_agreed_at") is None
        ]
        if missing:
            raise ValidationError(
                f"Record the {' and the '.join(missing)}'s agreement first.",
                code="not_agreed",
            )
    plan.check()
    for name in Plan.FIELDS:
        setattr(relationship, name, getattr(plan, name))
    relationship.started_on = started_on
    _step(
        relationship,
        to_status=Relationship.Status.ACTIVE,
        by=by,
        now=now,
        note=f"Starts on {long_date(started_on)}: {plan.in_words()}.",
        also_save=[*Plan.FIELDS, "started_on"],
    )
    _referral_matched(relationship, by=by, now=now)
    messages.introductions(relationship=relationship, now=now)
    logger.info("relationship %s started", relationship.pk)
    return relationship


@transaction.atomic
def change_plan(*, relationship: Relationship, plan: Plan, by: User, now: datetime) -> Relationship:
    """Change a pair's plan (before it starts or while it runs)."""
    relationship = _locked(relationship)
    if relationship.status in Relationship.ENDED:
        raise ValidationError(
            "This mentoring has ended, so its plan can no longer change.", code="ended"
        )
    plan.check()
    if plan == Plan.of(relationship):
        return relationship
    for name in Plan.FIELDS:
        setattr(relationship, name, getattr(plan, name))
    relationship.save(update_fields=[*Plan.FIELDS, "updated_at"])
    record_note(
        relationship,
        history=RelationshipEvent,
        by=by,
        now=now,
        note=f"Plan changed: {plan.in_words()}.",
    )
    return relationship


@transaction.atomic
def pause(
    *,
    relationship: Relationship,
    reason: str,
    expected_resume_on: date | None,
    by: User,
    now: datetime,
) -> Relationship:
    relationship = _locked(relationship)
    if not reason.strip():
        raise ValidationError({"reason": "Say why the mentoring is paused."})
    relationship.pause_reason = reason.strip()
    relationship.expected_resume_on = expected_resume_on
    note = relationship.pause_reason
    if expected_resume_on:
        note += f" Expected to resume on {long_date(expected_resume_on)}."
    _step(
        relationship,
        to_status=Relationship.Status.PAUSED,
        by=by,
        now=now,
        note=note,
        also_save=["pause_reason", "expected_resume_on"],
    )
    return relationship


@transaction.atomic
def resume(*, relationship: Relationship, by: User, now: datetime, note: str = "") -> Relationship:
    relationship = _locked(relationship)
    if relationship.status != Relationship.Status.PAUSED:
        raise ValidationError("Only paused mentoring can resume.", code="not_paused")
    relationship.pause_reason = ""
    relationship.expected_resume_on = None
    _step(
        relationship,
        to_status=Relationship.Status.ACTIVE,
        by=by,
        now=now,
        note=note,
        also_save=["pause_reason", "expected_resume_on"],
    )
    return relationship


@transaction.atomic
def complete(
    *, relationship: Relationship, ended_on: date, by: User, now: datetime, note: str = ""
) -> Relationship:
    """The mentoring ran its course."""
    relationship = _locked(relationship)
    _check_end_date(relationship, ended_on)
    relationship.ended_on = ended_on
    _step(
        relationship,
        to_status=Relationship.Status.COMPLETED,
        by=by,
        now=now,
        note=note,
        also_save=["ended_on"],
    )
    return relationship


@transaction.atomic
def end_early(
    *,
    relationship: Relationship,
    reason: str,
    ended_on: date,
    by: User,
    now: datetime,
    note: str = "",
) -> Relationship:
    """The mentoring stopped before its planned end; the mentee waits for a mentor again."""
    relationship = _locked(relationship)
    _check_reason(reason)
    _check_end_date(relationship, ended_on)
    relationship.end_reason = reason
    relationship.end_note = note
    relationship.ended_on = ended_on
    _step(
        relationship,
        to_status=Relationship.Status.ENDED_EARLY,
        by=by,
        now=now,
        note=_reason_note(reason, note),
        also_save=["end_reason", "end_note", "ended_on"],
    )
    _back_to_waiting(relationship, now=now)
    return relationship


@transaction.atomic
def did_not_go_ahead(
    *, relationship: Relationship, reason: str, by: User, now: datetime, note: str = ""
) -> Relationship:
    """A proposed match that will not start; the mentor's place is free again and the
    mentee waits for another mentor."""
    relationship = _locked(relationship)
    _check_reason(reason)
    relationship.end_reason = reason
    relationship.end_note = note
    _step(
        relationship,
        to_status=Relationship.Status.NOT_STARTED,
        by=by,
        now=now,
        note=_reason_note(reason, note),
        also_save=["end_reason", "end_note"],
    )
    _back_to_waiting(relationship, now=now)
    return relationship


def _check_reason(reason: str) -> None:
    if reason not in Relationship.EndReason.values:
        raise ValidationError({"reason": "Choose the reason."})


def _check_end_date(relationship: Relationship, ended_on: date) -> None:
    if relationship.started_on and ended_on < relationship.started_on:
        raise ValidationError(
            {
                "ended_on": "The end cannot be before the start, "
                f"{long_date(relationship.started_on)}."
            }
        )


def _reason_note(reason: str, note: str) -> str:
    label = str(Relationship.EndReason(reason).label)
    return f"{label}. {note}".strip() if note else f"{label}."


def next_contact(relationship: Relationship, *, today: date) -> date | None:
    """The next planned contact: the one the pair agreed at their latest contact (even if
    its day has passed without a log), else the plan's next date from today."""
    if relationship.status != Relationship.Status.ACTIVE:
        return None
    if relationship.next_contact_at is not None:
        return timezone.localdate(relationship.next_contact_at)
    return next((day for day in planned_contacts(relationship) if day >= today), None)


def planned_contacts(relationship: Relationship) -> list[date]:
    """The planned session dates, from the start date and the plan's interval."""
    if relationship.started_on is None:
        return []
    return [
        relationship.started_on + timedelta(days=relationship.planned_interval_days * n)
        for n in range(relationship.planned_sessions)
    ]
