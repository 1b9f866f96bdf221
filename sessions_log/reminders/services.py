"""Planning reminders: each morning, one set-based pass per kind finds everything due and
records it in bulk, then hands the new deliveries to the workers after commit.

Safe to run twice, or twice at once: every delivery has its unique key (kind, recipient,
"relationship:<id>:<contact day>", day) and every letter or call (way, relationship, contact
day), written with INSERT ... ON CONFLICT DO NOTHING; a worker claims a delivery before
sending it. Each pass takes the same few queries however many relationships there are.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import models, transaction
from django.db.models import Exists, F, Func, OuterRef, Q, Value
from django.db.models.functions import Coalesce, Mod

from accounts.models import User
from mentoring.matching.models import Relationship
from mentoring.mentees.models import Mentee
from notifications import quiet
from notifications import services as notifications
from notifications.models import Delivery
from sessions_log.logs.models import SessionLog
from sessions_log.reminders.models import ManualReminder, MentorReminderPreferences

CONTACT_TO_MENTOR = "reminder_contact_mentor"
CONTACT_TO_MENTEE = "reminder_contact_mentee"
LOG_NUDGE = "reminder_log_nudge"
DIGEST = "reminder_coordinator_digest"
REMINDER_KINDS = (CONTACT_TO_MENTOR, CONTACT_TO_MENTEE, LOG_NUDGE, DIGEST)


class DaysFrom(Func):
    """`day - column` in whole days (PostgreSQL: date minus date is an integer)."""

    template = "(%(expressions)s)"
    arg_joiner = " - "
    output_field = models.IntegerField()


def contacts_on(day: date) -> models.QuerySet[Relationship]:
    """Active pairs whose planned contact is on `day`: the one agreed at their latest
    contact (`next_contact_at`) or, with none agreed, a date of the plan. The SQL form of
    `mentoring.matching.services.next_contact`, for every pair at once."""
    return (
        Relationship.objects.filter(status=Relationship.Status.ACTIVE)
        .annotate(plan_day=DaysFrom(Value(day, output_field=models.DateField()), F("started_on")))
        .annotate(plan_step=Mod(F("plan_day"), F("planned_interval_days")))
        .filter(
            Q(next_contact_at__date=day)
            | Q(
                next_contact_at__isnull=True,
                started_on__isnull=False,
                plan_day__gte=0,
                plan_day__lt=F("planned_sessions") * F("planned_interval_days"),
                plan_step=0,
            )
        )
    )


def subject_key(relationship_id: int, contact_on: date) -> str:
    return f"relationship:{relationship_id}:{contact_on.isoformat()}"


def parse_subject_key(key: str) -> tuple[int, date]:
    _, pk, day = key.split(":")
    return int(pk), date.fromisoformat(day)


def mentor_key(user_id: int | None, mentor_id: int) -> str:
    return f"user:{user_id}" if user_id else f"mentor:{mentor_id}"


def mentee_key(user_id: int | None, mentee_id: int) -> str:
    return f"user:{user_id}" if user_id else f"mentee:{mentee_id}"


MENTOR_CHANNEL = Coalesce(
    F("mentor__reminder_preferences__channel"), Value(MentorReminderPreferences.Channel.EMAIL)
)
MENTOR_WANTS_REMINDERS = Q(mentor__reminder_preferences__isnull=True) | Q(
    mentor__reminder_preferences__contact_reminders=True
)
MENTOR_WANTS_NUDGES = Q(mentor__reminder_preferences__isnull=True) | Q(
    mentor__reminder_preferences__log_nudges=True
)
MENTEE_WANTS_REMINDERS = Q(mentee__reminder_preferences__contact_reminders=True)


def _delivery(
    *,
    kind: str,
    row: dict[str, Any],
    recipient_key: str,
    recipient_id: int | None,
    channel: str,
    subject: str,
    today: date,
    now: datetime,
) -> Delivery:
    return Delivery(
        kind=kind,
        channel=channel,
        programme_id=row["programme_id"],
        recipient_id=recipient_id,
        recipient_key=recipient_key,
        subject_key=subject,
        due_on=today,
        next_attempt_at=quiet.next_allowed(now),
        created_at=now,
    )


@transaction.atomic
def plan_contact_reminders(*, today: date, now: datetime) -> dict[str, int]:
    """The day before each planned contact: the mentor (unless they switched it off), and
    the mentee who asked, by email or text; a mentee reached by phone goes on today's call
    list. Letters go into the print batch REMINDER_LETTER_DAYS_BEFORE days
    ahead, so the post arrives in time. Five queries, whatever the number of pairs."""
    tomorrow = today + timedelta(days=1)
    rows = list(
        contacts_on(tomorrow)
        .filter(MENTOR_WANTS_REMINDERS | MENTEE_WANTS_REMINDERS)
        .annotate(
            mentor_channel=MENTOR_CHANNEL,
            mentor_wants=models.ExpressionWrapper(
                MENTOR_WANTS_REMINDERS, output_field=models.BooleanField()
            ),
            mentee_wants=models.ExpressionWrapper(
                MENTEE_WANTS_REMINDERS, output_field=models.BooleanField()
            ),
        )
        .values(
            "pk",
            "programme_id",
            "mentor_id",
            "mentor__user_id",
            "mentee_id",
            "mentee__user_id",
            "mentee__reminder_channel",
            "mentor_channel",
            "mentor_wants",
            "mentee_wants",
        )
    )
    deliveries: list[Delivery] = []
    by_hand: list[ManualReminder] = []
    for row in rows:
        subject = subject_key(row["pk"], tomorrow)
        if row["mentor_wants"]:
            deliveries.append(
                _delivery(
                    kind=CONTACT_TO_MENTOR,
                    row=row,
                    recipient_key=mentor_key(row["mentor__user_id"], row["mentor_id"]),
                    recipient_id=row["mentor__user_id"],
                    channel=row["mentor_channel"],
                    subject=subject,
                    today=today,
                    now=now,
                )
            )
        if not row["mentee_wants"]:
            continue
        channel = row["mentee__reminder_channel"]
        if channel in (Mentee.Channel.EMAIL, Mentee.Channel.TEXT):
            deliveries.append(
                _delivery(
                    kind=CONTACT_TO_MENTEE,
                    row=row,
                    recipient_key=mentee_key(row["mentee__user_id"], row["mentee_id"]),
                    recipient_id=row["mentee__user_id"],
                    channel=channel,
                    subject=subject,
                    today=today,
                    now=now,
                )
            )
        elif channel == Mentee.Channel.PHONE:
            by_hand.append(_by_hand(ManualReminder.How.PHONE, row, tomorrow, today, now))
    letter_day = today + timedelta(days=settings.REMINDER_LETTER_DAYS_BEFORE)
    letters = (
        contacts_on(letter_day)
        .filter(MENTEE_WANTS_REMINDERS, mentee__reminder_channel=Mentee.Channel.LETTER)
        .values("pk", "programme_id", "mentee_id")
    )
    by_hand += [_by_hand(ManualReminder.How.LETTER, row, letter_day, today, now) for row in letters]
    ManualReminder.objects.bulk_create(by_hand, ignore_conflicts=True, batch_size=2000)
    _record(deliveries, kinds=[CONTACT_TO_MENTOR, CONTACT_TO_MENTEE], today=today, now=now)
    return {"deliveries": len(deliveries), "by_hand": len(by_hand)}


def _by_hand(how: str, row: Mapping[str, Any], contact_on: date, today: date, now: datetime) -> Any:
    return ManualReminder(
        how=how,
        programme_id=row["programme_id"],
        relationship_id=row["pk"],
        mentee_id=row["mentee_id"],
        contact_on=contact_on,
        due_on=today,
        created_at=now,
    )


def unlogged(day: date) -> models.QuerySet[Relationship]:
    """Pairs whose contact planned on `day` has no log from the day before it onwards."""
    logged = SessionLog.objects.filter(
        relationship=OuterRef("pk"), occurred_at__date__gte=day - timedelta(days=1)
    )
    return contacts_on(day).exclude(Exists(logged))


@transaction.atomic
def plan_log_nudges(*, today: date, now: datetime) -> dict[str, int]:
    """REMINDER_NUDGE_AFTER_DAYS after a planned contact with no log, nudge the mentor (who
    has not switched nudges off) to log it. Three queries, whatever the number of pairs."""
    day = today - timedelta(days=settings.REMINDER_NUDGE_AFTER_DAYS)
    rows = (
        unlogged(day)
        .filter(MENTOR_WANTS_NUDGES)
        .annotate(mentor_channel=MENTOR_CHANNEL)
        .values("pk", "programme_id", "mentor_id", "mentor__user_id", "mentor_channel")
    )
    deliveries = [
        _delivery(
            kind=LOG_NUDGE,
            row=row,
            recipient_key=mentor_key(row["mentor__user_id"], row["mentor_id"]),
            recipient_id=row["mentor__user_id"],
            channel=row["mentor_channel"],
            subject=subject_key(row["pk"], day),
            today=today,
            now=now,
        )
        for row in rows
    ]
    _record(deliveries, kinds=[LOG_NUDGE], today=today, now=now)
    return {"deliveries": len(deliveries)}


@transaction.atomic
def plan_coordinator_digests(*, today: date, now: datetime) -> dict[str, int]:
    """One digest a day to each active coordinator who has not switched it off; it is
    written when sent (and not sent when there is nothing to say). Three queries."""
    coordinators = (
        User.objects.filter(role=User.Role.COORDINATOR, is_active=True)
        .filter(memberships__isnull=False)
        .exclude(reminder_preferences__daily_digest=False)
        .distinct()
        .values_list("pk", flat=True)
    )
    deliveries = [
        Delivery(
            kind=DIGEST,
            channel=Delivery.Channel.EMAIL,
            recipient_id=pk,
            recipient_key=f"user:{pk}",
            subject_key="digest",
            due_on=today,
            next_attempt_at=quiet.next_allowed(now),
            created_at=now,
        )
        for pk in coordinators
    ]
    _record(deliveries, kinds=[DIGEST], today=today, now=now)
    return {"deliveries": len(deliveries)}


def _record(
    deliveries: Iterable[Delivery], *, kinds: list[str], today: date, now: datetime
) -> None:
    """Insert what is not there yet, and after commit queue what is waiting to go today."""
    Delivery.objects.bulk_create(deliveries, ignore_conflicts=True, batch_size=2000)
    if quiet.is_quiet(now):
        return  # the sweep sends them when quiet hours end
    waiting = list(
        Delivery.objects.filter(
            kind__in=kinds, due_on=today, status=Delivery.Status.PENDING
        ).values_list("pk", flat=True)
    )
    transaction.on_commit(lambda: _enqueue(waiting))


def _enqueue(ids: list[int]) -> None:
    for pk in ids:
        if not notifications.enqueue(pk):
            return  # the broker is down: the sweep sends the rest, no need to try each one


# --- Letters and calls, done by a coordinator ------------------------------------------------


def mark_done(*, reminders: models.QuerySet[ManualReminder], by: User, now: datetime) -> int:
    """Letters printed or calls made: once each (a second click changes nothing)."""
    return reminders.filter(done_at__isnull=True).update(done_at=now, done_by=by)
