"""Logging a contact, correcting a log, and dealing with the concern a log raises: each in
one transaction, with who and when.

A log sent twice (a retry, a double tap, a resend once the signal is back) is stored once:
the form carries a key made when it opened, and the key is unique. A concern is written
with its log and its messages go out once the log has committed."""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from accounts.models import User
from core.choices import Format
from mentoring.matching import services as matching_services
from mentoring.matching.models import Relationship
from sessions_log.logs import hooks, messages
from sessions_log.logs.models import (
    URGENT_CONCERNS,
    Barrier,
    Concern,
    ConcernKind,
    LogSettings,
    Outcome,
    SessionLog,
    SessionLogChange,
    SessionPlanStep,
    Topic,
)

logger = logging.getLogger(__name__)

# What a log records, in the order the form asks.
LOG_FIELDS = (
    "occurred_at",
    "outcome",
    "format",
    "minutes",
    "topics",
    "pain",
    "confidence",
    "goal_progress",
    "barriers",
    "solutions",
    "action_plan",
    "private_notes",
    "concern",
    "concern_details",
    "red_flag_signs",
    "next_contact_at",
)
# Asked only about a contact that went ahead.
HELD_ONLY = (
    "minutes",
    "topics",
    "pain",
    "confidence",
    "goal_progress",
    "barriers",
    "solutions",
    "action_plan",
)
NULLABLE = ("occurred_at", "minutes", "pain", "confidence", "next_contact_at")
CONCERN_FIELDS = ("concern", "concern_details", "red_flag_signs")
EMPTY: dict[str, Any] = {
    "minutes": None,
    "pain": None,
    "confidence": None,
    "topics": [],
    "barriers": [],
    "red_flag_signs": [],
}

ENDED = "This mentoring has ended, so contacts can no longer be logged for it."
NOT_YOURS = "Only the mentor or a coordinator can log a contact for this mentoring."
TOO_LATE = (
    "Logs can be corrected by their mentor for {days} days. Ask your coordinator to correct "
    "this one."
)


def tidy(values: dict[str, Any]) -> dict[str, Any]:
    """Only what applies: nothing about the session for a contact that did not happen, no
    details without a concern, no red-flag signs for another kind of concern."""
    values = {
        name: EMPTY.get(name, "")
        if values.get(name) is None and name not in NULLABLE
        else values.get(name)
        for name in LOG_FIELDS
    }
    if values["outcome"] != Outcome.HELD:
        values.update({name: EMPTY.get(name, "") for name in HELD_ONLY})
    if not values["concern"]:
        values.update(concern_details="", red_flag_signs=[])
    elif values["concern"] != ConcernKind.RED_FLAG:
        values["red_flag_signs"] = []
    return values


def is_the_mentor(relationship: Relationship, user: User) -> bool:
    return relationship.mentor.user_id is not None and relationship.mentor.user_id == user.pk


def _may_log_for(relationship: Relationship, user: User) -> bool:
    return is_the_mentor(relationship, user) or user.is_coordinator or user.is_superuser


@transaction.atomic
def log_contact(
    *,
    relationship: Relationship,
    values: dict[str, Any],
    key: uuid.UUID,
    by: User,
    now: datetime,
) -> tuple[SessionLog, bool]:
    """Store a contact once; the second sending of the same key returns the first log
    (and False). A concern in it is raised at once."""
    locked = (
        Relationship.objects.select_for_update(of=("self",))
        .select_related("mentor", "programme", "referral__referred_by")
        .get(pk=relationship.pk)
    )
    existing = SessionLog.objects.filter(key=key).first()
    if existing is not None:
        if existing.relationship_id != locked.pk:
            raise ValidationError(
                "Something went wrong with this form. Reload the page and try again.",
                code="key_reused",
            )
        return existing, False
    if locked.status not in Relationship.CURRENT:
        raise ValidationError(ENDED, code="ended")
    if not _may_log_for(locked, by):
        raise ValidationError(NOT_YOURS, code="not_yours")
    try:
        with transaction.atomic():
            log = SessionLog.objects.create(
                relationship=locked,
                key=key,
                logged_by=by,
                on_behalf=not is_the_mentor(locked, by),
                created_at=now,
                **tidy(values),
            )
    except IntegrityError:
        # The same key committed by another request a moment ago.
        first = SessionLog.objects.filter(key=key, relationship=locked).first()
        if first is None:
            raise
        return first, False
    if log.concern:
        raise_concern(log=log, by=by, now=now)
    _follow_the_latest_log(locked)
    logger.info("session log %s stored for relationship %s", log.pk, locked.pk)
    return log, True


def _follow_the_latest_log(relationship: Relationship) -> None:
    """The relationship's next planned contact is the one its latest log agreed (the caller
    holds the relationship's row lock)."""
    latest = (
        SessionLog.objects.filter(relationship=relationship)
        .order_by("-occurred_at", "-pk")
        .values_list("next_contact_at", flat=True)
        .first()
    )
    if relationship.next_contact_at != latest:
        relationship.next_contact_at = latest
        relationship.save(update_fields=["next_contact_at", "updated_at"])


def raise_concern(*, log: SessionLog, by: User, now: datetime) -> Concern:
    concern = Concern.objects.create(
        log=log,
        relationship=log.relationship,
        programme_id=log.relationship.programme_id,
        kind=log.concern,
        urgent=log.concern in URGENT_CONCERNS,
        raised_at=now,
        raised_by=by,
    )
    messages.concern_raised(concern=concern, now=now)
    hooks.concern_changed(concern)  # monitoring flags the pair at once
    logger.info("concern %s (%s) raised from session log %s", concern.pk, concern.kind, log.pk)
    return concern


# --- Corrections ------------------------------------------------------------------------------


def may_correct(log: SessionLog, user: User, *, now: datetime, settings: LogSettings) -> bool:
    """Coordinators may always correct a log; its mentor for the programme's days after
    writing it."""
    if user.is_coordinator or user.is_superuser:
        return True
    return is_the_mentor(log.relationship, user) and now <= log.mentor_may_correct_until(settings)


@dataclass(frozen=True)
class Change:
    field: str
    label: str
    before: str
    after: str


def _shown(name: str, value: Any) -> str:
    """A value as the log's page shows it, for the record of what changed."""
    if value in (None, "", []):
        return ""
    if isinstance(value, datetime):
        return f"{timezone.localtime(value):%d %b %Y %H:%M}"
    choices = {
        "outcome": Outcome.choices,
        "format": Format.choices,
        "concern": ConcernKind.choices,
        "topics": Topic.choices,
        "barriers": Barrier.choices,
    }.get(name)
    if choices is not None:
        labels = dict(choices)
        values = value if isinstance(value, list) else [value]
        return ", ".join(str(labels.get(item, item)) for item in values)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value)
    return str(value)


def _same(before: Any, after: Any) -> bool:
    """Equal as the form shows them: times to the minute."""
    if isinstance(before, datetime) and isinstance(after, datetime):
        return before.replace(second=0, microsecond=0) == after.replace(second=0, microsecond=0)
    return before == after


def changes_between(log: SessionLog, values: dict[str, Any]) -> list[Change]:
    return [
        Change(
            field=name,
            label=str(getattr(SessionLog._meta.get_field(name), "verbose_name", name)).capitalize(),
            before=_shown(name, getattr(log, name)),
            after=_shown(name, values[name]),
        )
        for name in LOG_FIELDS
        if not _same(getattr(log, name), values[name])
    ]


@transaction.atomic
def correct_log(
    *, log: SessionLog, values: dict[str, Any], by: User, now: datetime
) -> list[Change]:
    """Correct a log, keeping who, when and what changed. A concern once raised stays as it
    was (a coordinator closes it); a concern added by a correction is raised now."""
    relationship = Relationship.objects.select_for_update(of=("self",)).get(pk=log.relationship_id)
    log = (
        SessionLog.objects.select_for_update(of=("self",))
        .select_related("relationship__mentor", "relationship__programme")
        .get(pk=log.pk)
    )
    settings = LogSettings.for_programme(log.relationship.programme)
    if not may_correct(log, by, now=now, settings=settings):
        raise ValidationError(
            TOO_LATE.format(days=settings.mentor_can_correct_days), code="too_late"
        )
    values = tidy(values)
    already_raised = Concern.objects.filter(log=log).exists()
    if already_raised:
        values.update({name: getattr(log, name) for name in CONCERN_FIELDS})
    changes = changes_between(log, values)
    if not changes:
        return []
    changed = [change.field for change in changes]
    for name in changed:
        setattr(log, name, values[name])
    log.save(update_fields=[*changed, "updated_at"])
    SessionLogChange.objects.create(
        log=log, by=by, at=now, changes=[change.__dict__ for change in changes]
    )
    if log.concern and not already_raised:
        raise_concern(log=log, by=by, now=now)
    if {"occurred_at", "next_contact_at"} & set(changed):
        _follow_the_latest_log(relationship)
    logger.info("session log %s corrected (%d fields)", log.pk, len(changes))
    return changes


# --- Concerns ---------------------------------------------------------------------------------


@transaction.atomic
def take_concern(*, concern: Concern, by: User, now: datetime) -> Concern:
    """A coordinator says they are dealing with it (so others know)."""
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.closed_at is None and concern.taken_at is None:
        concern.taken_at, concern.taken_by = now, by
        concern.save(update_fields=["taken_at", "taken_by"])
    return concern


@transaction.atomic
def close_concern(*, concern: Concern, note: str, by: User, now: datetime) -> Concern:
    concern = Concern.objects.select_for_update().get(pk=concern.pk)
    if concern.closed_at is not None:
        raise ValidationError("This concern has already been dealt with.", code="closed")
    if not note.strip():
        raise ValidationError("Say what was done about the concern.", code="no_note")
    concern.closed_at, concern.closed_by, concern.closing_note = now, by, note.strip()
    if concern.taken_at is None:
        concern.taken_at, concern.taken_by = now, by
    concern.save(update_fields=["closed_at", "closed_by", "closing_note", "taken_at", "taken_by"])
    hooks.concern_changed(concern)  # the pair's concern flag clears once none is open
    return concern


# --- Where each pair is up to -----------------------------------------------------------------


@dataclass(frozen=True)
class Progress:
    """A current pair as the mentor's home shows it: which session is next, when, and the
    programme's plan for it."""

    relationship: Relationship
    sessions_held: int
    next_contact_on: date | None
    next_contact_at: datetime | None  # when the last log gave a time
    plan_step: SessionPlanStep | None

    @property
    def next_session(self) -> int:
        return self.sessions_held + 1


def with_progress(relationships: Any) -> Any:
    """Annotate each relationship with its held sessions: one query for any number."""
    return relationships.annotate(sessions_held=Count("logs", filter=Q(logs__outcome=Outcome.HELD)))


def progress_of(
    relationships: Iterable[Relationship], *, today: date, user: User
) -> list[Progress]:
    """Each annotated relationship (`with_progress`) with its plan step: one more query."""
    relationships = list(relationships)
    steps = {
        (step.programme_id, step.number): step
        for step in SessionPlanStep.objects.visible_to(user).filter(
            programme__in={r.programme_id for r in relationships}
        )
    }
    rows = []
    for relationship in relationships:
        held = relationship.sessions_held  # type: ignore[attr-defined]
        on = matching_services.next_contact(relationship, today=today)
        at = relationship.next_contact_at if on is not None else None
        rows.append(
            Progress(
                relationship=relationship,
                sessions_held=held,
                next_contact_on=on,
                next_contact_at=at,
                plan_step=steps.get((relationship.programme_id, held + 1)),
            )
        )
    return rows


# --- The session plan -------------------------------------------------------------------------

# (suggested topic, aims, target outcomes): six sessions about two weeks apart, as in the
# programme's feasibility study, for a programme to start from and change.
SUGGESTED_PLAN = (
    (
        "Getting to know each other",
        "Share your experience of back pain. Talk about what they were shown by the "
        "physiotherapist. Agree how, when and where you will meet.",
        "You both know how to reach each other. They have named one thing they would like "
        "to do more easily.",
    ),
    (
        "Goals and keeping active",
        "Turn what they would like to do into a small goal for the next two weeks. Go over "
        "their exercises from the physiotherapist.",
        "A written goal they chose. A plan for their exercises and for walking or other activity.",
    ),
    (
        "Pacing everyday jobs",
        "Talk about spreading jobs out, with rests, instead of doing too much on good days.",
        "One everyday job planned in smaller steps.",
    ),
    (
        "Flare-ups and setbacks",
        "Share what helps you in a flare-up. Agree what they will do in the next one.",
        "A flare-up plan they have written down. They know when to ask for medical help.",
    ),
    (
        "Sleep, mood and seeing people",
        "Talk about how pain affects sleep and mood, and about getting out and seeing people.",
        "One thing to try for sleep or mood. One social activity planned.",
    ),
    (
        "Looking ahead",
        "Look back at their goals and what has helped. Plan how to keep going after the "
        "mentoring ends.",
        "A plan for the next three months. They know where to get help and support.",
    ),
)


@transaction.atomic
def use_suggested_plan(*, programme_id: int) -> list[SessionPlanStep]:
    """Give a programme without a plan the suggested six sessions (nothing if it has one)."""
    if SessionPlanStep.objects.select_for_update().filter(programme_id=programme_id).exists():
        return []
    return SessionPlanStep.objects.bulk_create(
        SessionPlanStep(
            programme_id=programme_id,
            number=number,
            topic=topic,
            aims=aims,
            target_outcomes=outcomes,
        )
        for number, (topic, aims, outcomes) in enumerate(SUGGESTED_PLAN, start=1)
    )
