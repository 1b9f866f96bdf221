"""Training: recording sessions, keeping expiry derived from the module, and a mentor's
standing on each module. The rule for which records count is
`TrainingRecordQuerySet.counting_on` (SQL) and `TrainingRecord.counts_on` (Python); a
property test holds them together."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Case, CharField, Expression, Func, Value, When
from django.db.models.functions import Concat
from django.db.models.lookups import Exact, GreaterThan, IsNull, LessThan, LessThanOrEqual

from accounts.models import User
from core.dates import add_months
from mentoring.training.models import TrainingModule, TrainingRecord, TrainingSettings

if TYPE_CHECKING:
    from mentoring.recruitment.models import Mentor


def expiry_for(*, module: TrainingModule, completed_on: date) -> date | None:
    """The day after which a completion no longer counts; None if it never expires."""
    if module.validity_months is None:
        return None
    return add_months(completed_on, module.validity_months)


@transaction.atomic
def record_training(
    *,
    mentors: Iterable[Mentor],
    module: TrainingModule,
    completed_on: date,
    delivered_by: str,
    method: str,
    scores: dict[int, int | None],
    notes: str,
    by: User,
    now: datetime,
) -> list[TrainingRecord]:
    """One training session, recorded for every mentor who attended. Every mentor must be
    in the module's programme: the form says so, and so does this."""
    mentors = list(mentors)
    outside = [m for m in mentors if m.programme_id != module.programme_id]
    if outside:
        raise ValidationError(
            "This module belongs to another programme than "
            f"{', '.join(m.full_name for m in outside)}.",
            code="other_programme",
        )
    expires_on = expiry_for(module=module, completed_on=completed_on)
    return TrainingRecord.objects.bulk_create(
        TrainingRecord(
            mentor=mentor,
            module=module,
            completed_on=completed_on,
            delivered_by=delivered_by,
            method=method,
            quiz_score=scores.get(mentor.pk),
            notes=notes,
            expires_on=expires_on,
            recorded_by=by,
            recorded_at=now,
        )
        for mentor in mentors
    )


@transaction.atomic
def save_module(*, module: TrainingModule) -> TrainingModule:
    """Save a module; when its validity changed, every record's expiry follows."""
    module.save()
    by_date: dict[date, list[int]] = defaultdict(list)
    for pk, completed_on in module.records.values_list("pk", "completed_on"):
        by_date[completed_on].append(pk)
    for completed_on, pks in by_date.items():
        TrainingRecord.objects.filter(pk__in=pks).update(
            expires_on=expiry_for(module=module, completed_on=completed_on)
        )
    return module


def training_problems(*, mentor: Mentor, today: date) -> list[str]:
    """Each required module the mentor has no record of that counts today, in words."""
    problems = []
    records = TrainingRecord.objects.filter(mentor=mentor).select_related("module")
    counting = {record.module_id for record in records if record.counts_on(today)}
    latest: dict[int, TrainingRecord] = {}
    for record in records:  # newest first (the model's ordering)
        latest.setdefault(record.module_id, record)
    required = TrainingModule.objects.filter(
        programme=mentor.programme_id, required=True, is_active=True
    )
    for module in required:
        if module.pk in counting:
            continue
        last = latest.get(module.pk)
        if last is None:
            problems.append(f"Training not done: {module.name}.")
        elif not last.passed:
            problems.append(
                f"Quiz not passed: {module.name} (scored {last.quiz_score or 0}%, "
                f"pass mark {module.pass_mark}%)."
            )
        else:
            problems.append(
                f"Training out of date: {module.name} (expired {last.expires_on:%-d %B %Y})."
            )
    return problems


# --- A mentor's standing on a module, for the matrix and "My training" -----------------------


COMPLETE, EXPIRING, EXPIRED, NOT_PASSED, MISSING = (
    "complete",
    "expiring",
    "expired",
    "not_passed",
    "missing",
)


# A day in a standing's words ("5 Mar 2026"), for strftime and for PostgreSQL's to_char.
DAY = "%-d %b %Y"
SQL_DAY = "FMDD Mon YYYY"


@dataclass(frozen=True)
class Standing:
    """What a mentor's standing on a module depends on: a summary of their records of it,
    made in SQL (models.standing_aggregates, for the matrix and its CSV) or from records in
    Python (Standing.of)."""

    records: int = 0
    passed: int = 0
    passed_for_good: int = 0  # passed, and the module never expires
    latest_expiry: date | None = None  # the latest expiry among those passed

    @classmethod
    def of(cls, records: list[TrainingRecord]) -> Standing:
        passed = [r for r in records if r.passed]
        expiries = [r.expires_on for r in passed if r.expires_on is not None]
        return cls(
            records=len(records),
            passed=len(passed),
            passed_for_good=len(passed) - len(expiries),
            latest_expiry=max(expiries, default=None),
        )

    def status(self, *, today: date, warning_days: int) -> tuple[str, str]:
        """The standing as a code and in words (never colour alone). standing_words() below
        says the same words in SQL: change one, change both."""
        if not self.passed:
            if self.records:
                return NOT_PASSED, "Quiz not passed"
            return MISSING, "Not done"
        if self.passed_for_good or self.latest_expiry is None:
            return COMPLETE, "Complete"
        latest = self.latest_expiry
        if latest < today:
            return EXPIRED, f"Expired {latest:{DAY}}"
        if (latest - today).days <= warning_days:
            return EXPIRING, f"Expires {latest:{DAY}}"
        return COMPLETE, f"Complete, until {latest:{DAY}}"


NOT_DONE = Standing()


def standing_words(
    *,
    records: Expression,
    passed: Expression,
    passed_for_good: Expression,
    latest_expiry: Expression,
    today: date,
    warning_days: int,
) -> Case:
    """Standing.status()'s words, worked out by the database from the aggregates of
    models.standing_aggregates() (pass them as they come): the same branches in the same
    order. The matrix CSV uses it, so 10,000 mentors' cells come from one query with no
    Python per cell; tests/mentoring/training/test_standing_words_property.py holds the two
    together for any records, day and warning."""
    day = Func(latest_expiry, Value(SQL_DAY), function="to_char", output_field=CharField())

    def on(words: str) -> Concat:
        return Concat(Value(words), day, output_field=CharField())

    expiring_by = today + timedelta(days=warning_days)  # (latest - today).days <= warning_days
    return Case(
        When(Exact(passed, 0) & GreaterThan(records, 0), then=Value("Quiz not passed")),
        When(Exact(passed, 0), then=Value("Not done")),
        When(GreaterThan(passed_for_good, 0) | IsNull(latest_expiry, True), then=Value("Complete")),
        When(LessThan(latest_expiry, today), then=on("Expired ")),
        When(LessThanOrEqual(latest_expiry, expiring_by), then=on("Expires ")),
        default=on("Complete, until "),
        output_field=CharField(),
    )


def training_status(
    *, module: TrainingModule, records: list[TrainingRecord], today: date, warning_days: int
) -> tuple[str, str]:
    """A mentor's standing on one module, as a code and in words (never colour alone).
    `records` are that mentor's records of that module, in any order."""
    return Standing.of(records).status(today=today, warning_days=warning_days)


def training_rows(*, mentor: Mentor, today: date) -> list[dict[str, Any]]:
    """The mentor's standing on every module of their programme, for their record page and
    "My training". Two queries, plus the programme's settings if not loaded."""
    modules = TrainingModule.objects.filter(programme=mentor.programme_id, is_active=True)
    records: dict[int, list[TrainingRecord]] = defaultdict(list)
    for record in mentor.training_records.select_related("module"):
        records[record.module_id].append(record)
    warning_days = TrainingSettings.for_programme(mentor.programme).expiry_warning_days
    rows = []
    for module in modules:
        code, words = training_status(
            module=module, records=records[module.pk], today=today, warning_days=warning_days
        )
        rows.append({"module": module, "code": code, "words": words, "records": records[module.pk]})
    return rows
