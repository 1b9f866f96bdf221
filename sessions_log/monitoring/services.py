"""The monitoring run, and what coordinators and mentees do with flags and feedback.

The run (nightly, `tasks.run_monitoring`) asks each rule which relationships meet its
condition now, opens a flag for those without a live one, and closes by itself every open
flag whose condition has cleared; each rule takes a constant number of queries whatever the
number of relationships (its find, the live flags, one bulk insert, one bulk update). It
also asks mentees for feedback after their second and last planned session. Running it
twice, or two at once, changes nothing more: a PostgreSQL advisory lock lets one run at a
time, and the database's unique constraints (one live flag per relationship and rule; one
feedback request per relationship and point; one delivery per message) hold regardless.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta
from typing import Any

from django.core import signing
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    F,
    OuterRef,
    Q,
    Value,
    When,
)

from accounts.models import Programme, User
from mentoring.mentees.models import Mentee
from notifications.models import Delivery
from sessions_log.logs.models import Outcome
from sessions_log.monitoring.models import Feedback, Flag
from sessions_log.monitoring.rules import RULES
from sessions_log.monitoring.rules.base import Context, Rule

logger = logging.getLogger(__name__)

LOCK_KEY = 0x6D6F6E69  # "moni": one monitoring run at a time, across every worker
FEEDBACK_REQUEST = "feedback_request"
FEEDBACK_SALT = "sessions_log.monitoring.feedback"


# --- The run --------------------------------------------------------------------------------


def _got_the_lock() -> bool:
    """Take the run's lock for this transaction, and give its sorts (the window functions
    over every log) room in memory rather than on disk: a nightly batch, one at a time."""
    if connection.vendor != "postgresql":
        return True  # SQLite (development) takes one writer at a time anyway
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_try_advisory_xact_lock(%s)", [LOCK_KEY])
        if not cursor.fetchone()[0]:
            return False
        cursor.execute("SET LOCAL work_mem = '64MB'")
        return True


@transaction.atomic
def run(*, now: datetime, programme_ids: list[int] | None = None) -> dict[str, Any]:
    """Apply every rule to the programmes (all of them by default). Returns, per rule, how
    many flags it opened and closed; {"skipped": True} when another run holds the lock."""
    if not _got_the_lock():
        logger.info("Monitoring run skipped: another run is going")
        return {"skipped": True}
    if programme_ids is None:
        programme_ids = list(Programme.objects.values_list("pk", flat=True))
    context = Context(now=now, programme_ids=programme_ids)
    outcome: dict[str, Any] = {"feedback_requests": request_feedback(context=context)}
    for rule in RULES.values():
        outcome[rule.name] = apply_rule(rule=rule, context=context)
    logger.info("Monitoring run: %s", outcome)
    return outcome


def apply_rule(*, rule: Rule, context: Context) -> dict[str, int]:
    """Open flags for relationships that newly meet the rule; mark live flags whose
    condition has gone as cleared, and those still open as closed by themselves."""
    matches = rule.find(context)
    live: dict[int, tuple[int, str, dict[str, Any]]] = {
        relationship_id: (pk, severity, details)
        for relationship_id, pk, severity, details in Flag.objects.filter(
            rule=rule.name, cleared_at__isnull=True, programme_id__in=context.programme_ids
        ).values_list("relationship_id", "pk", "severity", "details")
    }
    new = [
        Flag(
            relationship_id=relationship_id,
            programme_id=match.programme_id,
            rule=rule.name,
            severity=match.severity or rule.severity,
            details=match.details,
            opened_at=context.now,
        )
        for relationship_id, match in matches.items()
        if relationship_id not in live
    ]
    # A flag another run opened meanwhile is a conflict on the one-live-flag constraint.
    Flag.objects.bulk_create(new, ignore_conflicts=True)
    # A live flag says what holds now (two missed becomes three; training that was running
    # out has run out, and is more pressing): one bulk update of those that changed.
    changed = [
        Flag(pk=pk, severity=match.severity or rule.severity, details=match.details)
        for relationship_id, (pk, severity, details) in live.items()
        if (match := matches.get(relationship_id)) is not None
        and ((match.severity or rule.severity), match.details) != (severity, details)
    ]
    if changed:
        Flag.objects.bulk_update(changed, ["severity", "details"])
    gone = [pk for relationship_id, (pk, _, _) in live.items() if relationship_id not in matches]
    closed = 0
    if gone:
        closed = Flag.objects.filter(pk__in=gone).update(
            cleared_at=context.now,
            # closed by itself only if still open; a resolved flag just stops being live
            closed_by_itself_at=Case(
                When(resolved_at__isnull=True, then=Value(context.now)),
                default=F("closed_by_itself_at"),
            ),
        )
    return {"opened": len(new), "updated": len(changed), "cleared": closed}


def flag_concern_at_once(concern: Any) -> None:
    """A concern raised flags its pair at once, and closing the last one clears the flag, not
    at the next night's run: the concern rule for the concern's programme, in the caller's
    transaction (a few queries, served by the open-concern index)."""
    apply_rule(
        rule=RULES["concern_logged"],
        context=Context(
            now=concern.closed_at or concern.raised_at, programme_ids=[concern.programme_id]
        ),
    )


def digest_lines(user: User, now: datetime) -> list[tuple[str, int]]:
    """The coordinators' daily digest (sessions_log.reminders.digest): flags opened since
    the same time yesterday, and all still open: one query."""
    counts = (
        Flag.objects.visible_to(user)
        .open()
        .aggregate(
            new=Count("pk", filter=Q(opened_at__gte=now - timedelta(days=1))), open=Count("pk")
        )
    )
    return [("new monitoring flags", counts["new"]), ("monitoring flags open", counts["open"])]


# --- Coordinators working through flags -------------------------------------------------------


def acknowledge(*, flag: Flag, by: User, now: datetime) -> Flag:
    """ "I have seen this": once; the first coordinator's name stays."""
    Flag.objects.filter(pk=flag.pk, acknowledged_at__isnull=True).update(
        acknowledged_at=now, acknowledged_by=by
    )
    flag.refresh_from_db()
    return flag


@transaction.atomic
def resolve(*, flag: Flag, note: str, by: User, now: datetime) -> Flag:
    note = note.strip()
    if not note:
        raise ValidationError("Say what was done, so other coordinators know.")
    flag = Flag.objects.select_for_update().get(pk=flag.pk)
    if not flag.is_open:
        raise ValidationError("This flag has already been closed.")
    flag.resolved_at, flag.resolved_by, flag.resolution_note = now, by, note
    if flag.acknowledged_at is None:
        flag.acknowledged_at, flag.acknowledged_by = now, by
    flag.save(
        update_fields=[
            "resolved_at", "resolved_by", "resolution_note", "acknowledged_at", "acknowledged_by",
        ]
    )  # fmt: skip
    return flag


# --- Mentee feedback ------------------------------------------------------------------------


def _asked(point: str) -> Exists:
    return Exists(Feedback.objects.filter(relationship=OuterRef("pk"), point=point))


def request_feedback(*, context: Context) -> int:
    """Ask for feedback once per relationship and point, unless the mentee would rather not
    be asked: after the second contact that went ahead (when more than two are planned, and
    the pair has not yet reached its last) and after the last planned one. A mentee who
    chose email is sent the link (recorded here, sent by the minute's sweep); the others
    are asked by their coordinator on the phone.
    One query to decide, two bulk inserts and one query to find the emails."""
    due = (
        context.active()
        .exclude(mentee__reminder_preferences__feedback_requests=False)  # they said no
        .annotate(
            held=Count("logs", filter=Q(logs__outcome=Outcome.HELD)),
            asked_second=_asked(Feedback.Point.SECOND),
            asked_last=_asked(Feedback.Point.LAST),
        )
        .filter(held__gte=2)
        .values_list(
            "pk", "programme_id", "planned_sessions", "held", "asked_second", "asked_last"
        )
    )  # fmt: skip
    requests: list[Feedback] = []
    for pk, programme_id, planned, held, asked_second, asked_last in due:
        asked = {Feedback.Point.SECOND: asked_second, Feedback.Point.LAST: asked_last}
        if held >= planned:
            point = Feedback.Point.LAST
        elif planned > 2:
            point = Feedback.Point.SECOND
        else:
            continue
        if asked[point]:
            continue
        link_days = context.monitoring[programme_id].feedback_link_days
        requests.append(
            Feedback(
                relationship_id=pk,
                programme_id=programme_id,
                point=point,
                requested_at=context.now,
                link_expires_at=context.now + timedelta(days=link_days),
            )
        )
    if not requests:
        return 0
    Feedback.objects.bulk_create(requests, ignore_conflicts=True)
    by_email = Feedback.objects.filter(
        requested_at=context.now,
        relationship__mentee__reminder_channel=Mentee.Channel.EMAIL,
        programme_id__in=context.programme_ids,
    ).exclude(relationship__mentee__email="")
    Delivery.objects.bulk_create(
        [
            Delivery(
                kind=FEEDBACK_REQUEST,
                programme_id=programme_id,
                recipient_id=user_id,
                recipient_key=f"user:{user_id}" if user_id else f"mentee:{mentee_id}",
                subject_key=f"feedback:{pk}",
                due_on=context.today,
                next_attempt_at=context.now,
                created_at=context.now,
            )
            for pk, programme_id, mentee_id, user_id in by_email.values_list(
                "pk", "programme_id", "relationship__mentee_id", "relationship__mentee__user_id"
            )
        ],
        ignore_conflicts=True,
    )
    return len(requests)


def feedback_token(feedback: Feedback) -> str:
    return signing.dumps(feedback.pk, salt=FEEDBACK_SALT)


def feedback_from_token(token: str) -> Feedback | None:
    """The request a link names, or None for a link that was altered or made up. Whether it
    has expired or was used is the page's to say."""
    try:
        pk = signing.loads(token, salt=FEEDBACK_SALT)
    except signing.BadSignature:
        return None
    return Feedback.objects.select_related("programme").filter(pk=pk).first()


@transaction.atomic
def answer_feedback(
    *, feedback: Feedback, rating: int, comment: str, now: datetime, by: User | None = None
) -> bool:
    """Store the answer once: False when it had already been answered (the link is single
    use; a coordinator's entry replaces nothing either). `by`: the coordinator who took it
    on the phone; None for the mentee through the link."""
    updated = Feedback.objects.filter(pk=feedback.pk, answered_at__isnull=True).update(
        rating=rating, comment=comment.strip(), answered_at=now, entered_by=by
    )
    return bool(updated)


@transaction.atomic
def enter_feedback(
    *, relationship_id: int, programme_id: int, point: str, rating: int, comment: str,
    by: User, now: datetime,
) -> bool:  # fmt: skip
    """A coordinator enters feedback taken on the phone, asked or not."""
    feedback, _ = Feedback.objects.get_or_create(
        relationship_id=relationship_id,
        point=point,
        defaults={"programme_id": programme_id, "requested_at": now},
    )
    return answer_feedback(feedback=feedback, rating=rating, comment=comment, now=now, by=by)


def link_is_usable(feedback: Feedback, now: datetime) -> str | None:
    """Why the link cannot be used now, in words; None when it can."""
    if feedback.answered:
        return "used"
    if feedback.link_expired(now):
        return "expired"
    return None
