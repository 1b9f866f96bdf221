"""The mentor's training or disclosure check has expired, or expires within the programme's
warning days (training's `expiry_warning_days`): training by training's own rule (every
required module counting), the check by recruitment's (a clear check in date)."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import Any

from django.db.models import BooleanField, Case, Exists, OuterRef, Q, Value, When

from mentoring.recruitment.models import DisclosureCheck, Mentor
from sessions_log.monitoring.models import Severity
from sessions_log.monitoring.rules.base import Context, Match, Matches, Rule

EXPIRED, EXPIRING = "expired", "expiring"


def _training_ok(on: date) -> Exists:
    return Exists(Mentor.objects.with_required_training_in_date(today=on).filter(pk=OuterRef("pk")))


def _check_ok(on: date) -> Exists:
    return Exists(DisclosureCheck.objects.in_date(today=on).filter(mentor=OuterRef("pk")))


def _by_horizon(horizons: dict[date, list[int]], ok: Any) -> Case:
    return Case(
        *[When(programme_id__in=ids, then=ok(horizon)) for horizon, ids in horizons.items()],
        default=Value(True),
        output_field=BooleanField(),
    )


def _state(ok_now: bool, ok_then: bool) -> str | None:
    if not ok_now:
        return EXPIRED
    return None if ok_then else EXPIRING


def find(context: Context) -> Matches:
    """Two queries: the mentors of active pairs whose training or check runs out (each
    mentor checked once, however many pairs they have), then their active pairs."""
    # Programmes grouped by how far ahead they warn: one CASE branch per group. As
    # training's own pages say: expiring when it runs out within the warning days, so still
    # fine only if it counts the day after them.
    horizons: dict[date, list[int]] = defaultdict(list)
    for programme_id, row in context.training.items():
        horizons[context.today + timedelta(days=row.expiry_warning_days + 1)].append(programme_id)
    if not horizons:
        return {}
    mentors = (
        Mentor.objects.filter(
            Exists(context.active().filter(mentor=OuterRef("pk"))),
            programme_id__in=context.programme_ids,
        )
        .annotate(
            training_then=_by_horizon(horizons, _training_ok),
            check_then=_by_horizon(horizons, _check_ok),
        )
        .filter(Q(training_then=False) | Q(check_then=False))
        .annotate(training_now=_training_ok(context.today), check_now=_check_ok(context.today))
        .values_list("pk", "training_now", "training_then", "check_now", "check_then")
    )
    details: dict[int, dict[str, str]] = {}
    for pk, training_now, training_then, check_now, check_then in mentors:
        details[pk] = {
            key: state
            for key, state in (
                ("training", _state(training_now, training_then)),
                ("check", _state(check_now, check_then)),
            )
            if state
        }
    if not details:
        return {}
    pairs = context.active().filter(mentor_id__in=list(details))
    return {
        pk: Match(
            programme_id=programme_id,
            details=details[mentor_id],
            severity=Severity.SOON if EXPIRED in details[mentor_id].values() else None,
        )
        for pk, programme_id, mentor_id in pairs.values_list("pk", "programme_id", "mentor_id")
    }


WORDS = {"training": "training", "check": "disclosure check"}


def describe(details: dict[str, Any]) -> str:
    parts = [
        f"{WORDS[key]} {'has run out' if state == EXPIRED else 'runs out soon'}"
        for key, state in details.items()
        if key in WORDS
    ]
    return "The mentor's " + " and ".join(parts)


RULE = Rule(
    name="mentor_expiry",
    label="Mentor's training or check runs out",
    severity=Severity.ROUTINE,
    find=find,
    describe=describe,
)
