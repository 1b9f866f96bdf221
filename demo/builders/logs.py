"""Demo session logs, concerns and the six-session plan, written through the same services
mentors and coordinators use: Agnes and her mentor Isobel (mentor1@example.org) have two
sessions logged and an open wellbeing concern; Alan's completed mentoring has all six,
one entered by the coordinator for the mentor; Bill's paused mentoring had a clinical red
flag, dealt with; Moira's last two contacts did not go ahead."""

from __future__ import annotations

import uuid
from datetime import datetime, time, timedelta
from typing import Any

from django.utils import timezone

from accounts.models import Programme, User
from demo.builders.referrals import DEMO_NAMESPACE
from mentoring.matching.models import Relationship
from sessions_log.logs import services
from sessions_log.logs.models import ConcernKind, LogSettings, Outcome, SessionLog

# (mentee, days after the start, pain, confidence, topics, action plan)
HELD = [
    ("Agnes", 0, 6, 4, ["activity", "goals"], "Walk to the end of the street and back each day."),
    ("Agnes", 14, 5, 5, ["pacing", "exercise"], "Split the hoovering over two mornings."),
    ("Alan", 0, 7, 3, ["goals", "exercise"], "Do the knee rolls every morning."),
    ("Alan", 14, 7, 4, ["pacing"], "Iron for 15 minutes, then sit down for 5."),
    ("Alan", 28, 6, 5, ["flare_ups"], "Write down the flare-up plan and keep it by the phone."),
    ("Alan", 42, 5, 6, ["sleep", "mood"], "Try the wind-down routine before bed."),
    ("Alan", 56, 5, 6, ["social", "activity"], "Go to the Tuesday walking group."),
    ("Alan", 70, 4, 7, ["goals"], "Keep the walking group going after the mentoring ends."),
    ("Bill", 0, 6, 5, ["activity", "goals"], "Practise bowls for 20 minutes twice this week."),
    ("Moira", 0, 5, 5, ["goals", "activity"], "Walk to the corner shop with an empty bag."),
    ("Moira", 14, 7, 3, ["flare_ups"], "Rest and use the heat pad; ring if it gets worse."),
]
# Contacts that did not go ahead: (mentee, days after the start, outcome)
MISSED = [
    ("Moira", 28, Outcome.NO_ANSWER),
    ("Moira", 35, Outcome.CANCELLED_BY_MENTEE),
]


def _at(day: Any, hour: int = 10) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour, 30)))


def _values(**fields: Any) -> dict[str, Any]:
    return {name: fields.get(name) for name in services.LOG_FIELDS}


def _key(name: str) -> uuid.UUID:
    return uuid.uuid5(DEMO_NAMESPACE, f"session log {name}")


def build_logs(programme: Programme) -> None:
    """Safe to run again: each log has a fixed key and is stored once."""
    services.use_suggested_plan(programme_id=programme.pk)
    LogSettings.objects.get_or_create(programme=programme)
    coordinator = User.objects.get(email="coordinator@example.org")
    pairs = {
        r.mentee.first_name: r
        for r in Relationship.objects.filter(
            programme=programme, started_on__isnull=False
        ).select_related("mentee", "mentor__user")
    }
    for number, (name, day, pain, confidence, topics, plan) in enumerate(HELD):
        relationship = pairs.get(name)
        if relationship is None or SessionLog.objects.filter(key=_key(f"{name} {day}")).exists():
            continue
        on_behalf = name == "Alan" and day == 28
        occurred = _at(_day(relationship, day))
        _store(
            relationship,
            key=_key(f"{name} {day}"),
            by=coordinator if on_behalf else _mentor(relationship),
            now=occurred + timedelta(hours=2),
            values=_values(
                occurred_at=occurred,
                outcome=Outcome.HELD,
                format="walking" if number % 3 == 1 else "phone",
                minutes=60 + 15 * (number % 3),
                topics=topics,
                pain=pain,
                confidence=confidence,
                goal_progress="Getting there, a little further each week.",
                barriers=["weather"] if number % 4 == 0 else [],
                solutions="Walked round the shopping centre when it rained."
                if number % 4 == 0
                else "",
                action_plan=plan,
                private_notes="",
                concern="",
                concern_details="",
                red_flag_signs=[],
                next_contact_at=occurred + timedelta(days=14),
            ),
        )
    _missed(pairs)
    _concerns(pairs, coordinator)


def _missed(pairs: dict[str, Relationship]) -> None:
    """The last one plans the next try for tomorrow, so the demo's call list has a name."""
    for number, (name, day, outcome) in enumerate(MISSED):
        relationship = pairs.get(name)
        key = _key(f"{name} {day} {outcome}")
        if relationship is None or SessionLog.objects.filter(key=key).exists():
            continue
        occurred = _at(_day(relationship, day))
        last = number == len(MISSED) - 1
        _store(
            relationship,
            key=key,
            by=_mentor(relationship),
            now=occurred + timedelta(hours=1),
            values=_values(
                occurred_at=occurred, outcome=outcome, format="phone", topics=[], barriers=[],
                goal_progress="", solutions="", action_plan="", private_notes="",
                concern="", concern_details="", red_flag_signs=[],
                next_contact_at=_at(timezone.localdate() + timedelta(days=1)) if last else None,
            ),
        )  # fmt: skip


def _mentor(relationship: Relationship) -> User:
    user = relationship.mentor.user
    assert user is not None, "every demo mentor signs in"
    return user


def _day(relationship: Relationship, days: int) -> Any:
    assert relationship.started_on is not None, "only started pairs have logs"
    return relationship.started_on + timedelta(days=days)


def _store(relationship: Relationship, *, key: uuid.UUID, by: User, now: datetime,
           values: dict[str, Any]) -> SessionLog:  # fmt: skip
    # The demo's earlier contacts were logged while the mentoring was running.
    status = relationship.status
    if status not in Relationship.CURRENT:
        Relationship.objects.filter(pk=relationship.pk).update(status=Relationship.Status.ACTIVE)
    try:
        log, _ = services.log_contact(
            relationship=relationship, values=values, key=key, by=by, now=now
        )
    finally:
        if status not in Relationship.CURRENT:
            Relationship.objects.filter(pk=relationship.pk).update(status=status)
    return log


def _concerns(pairs: dict[str, Relationship], coordinator: User) -> None:
    agnes, bill = pairs.get("Agnes"), pairs.get("Bill")
    if bill is not None and not SessionLog.objects.filter(key=_key("Bill red flag")).exists():
        occurred = _at(_day(bill, 10), hour=14)
        log = _store(
            bill,
            key=_key("Bill red flag"),
            by=_mentor(bill),
            now=occurred + timedelta(minutes=40),
            values=_values(
                occurred_at=occurred, outcome=Outcome.HELD, format="phone", minutes=30,
                topics=["flare_ups"], pain=8, confidence=3, goal_progress="",
                barriers=["pain_flare"], solutions="", private_notes="",
                action_plan="Phone the GP surgery this afternoon.",
                concern=ConcernKind.RED_FLAG,
                concern_details="Bill said his left leg gave way twice this week and feels weak.",
                red_flag_signs=["New weakness in one or both legs, or legs giving way"],
                next_contact_at=None,
            ),
        )  # fmt: skip
        services.close_concern(
            concern=log.raised,
            note="Phoned Bill the same afternoon; his GP saw him and he is having his hip "
            "operated on. Mentoring paused until he has recovered.",
            by=coordinator,
            now=occurred + timedelta(hours=3),
        )
    if agnes is not None and not SessionLog.objects.filter(key=_key("Agnes low")).exists():
        occurred = _at(timezone.localdate() - timedelta(days=1), hour=11)
        _store(
            agnes,
            key=_key("Agnes low"),
            by=_mentor(agnes),
            now=occurred + timedelta(hours=1),
            values=_values(
                occurred_at=occurred, outcome=Outcome.CANCELLED_BY_MENTEE, format="phone",
                topics=[], barriers=[], goal_progress="", solutions="", action_plan="",
                private_notes="She rang to cancel our walk.", concern=ConcernKind.WELLBEING,
                concern_details="Agnes sounded very low. Her sister has just moved into a home.",
                red_flag_signs=[], next_contact_at=_at(timezone.localdate() + timedelta(days=6)),
            ),
        )  # fmt: skip
