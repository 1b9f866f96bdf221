"""A mentor's standing on a module, in words, is written twice: in Python
(Standing.status, for the matrix page and "My training") and in SQL (standing_words, for the
matrix CSV, whose 10,000 mentors' cells the database works out). For any records, pass
marks, day and warning, the two must say the same words."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from django.db.models import Q
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentoring.recruitment.models import Mentor
from mentoring.training.models import TrainingModule, TrainingRecord, standing_aggregates
from mentoring.training.services import Standing, standing_words
from tests.factories import MentorFactory

pytestmark = pytest.mark.django_db

# A few marks, so that a score often equals the pass mark (None: no quiz, or no score).
marks = st.one_of(st.sampled_from([None, 0, 79, 80, 81, 100]), st.integers(0, 100))


@st.composite
def histories(draw):
    """A warning, and records whose expiries fall near today, near the warning's edge, or
    anywhere in two years (None: never expires)."""
    warning_days = draw(st.one_of(st.integers(0, 3), st.integers(0, 365)))
    days = st.one_of(
        st.integers(-2, 2),
        st.integers(warning_days - 1, warning_days + 1),
        st.integers(-400, 400),
    )
    # (which module, quiz score, expiry in days from today)
    record = st.tuples(st.integers(0, 2), marks, st.one_of(st.none(), days))
    rows = draw(st.lists(record, max_size=8))
    return warning_days, rows


@given(
    today=st.dates(min_value=date(2001, 1, 1), max_value=date(2098, 12, 31)),
    pass_marks=st.lists(marks, min_size=3, max_size=3),
    history=histories(),
)
@settings(
    max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_database_and_python_say_the_same_words_for_a_standing(
    programme, coordinator, today, pass_marks, history
):
    warning_days, rows = history
    mentor = MentorFactory.build(programme=programme)
    with transaction.atomic():
        mentor.save()
        modules = [
            TrainingModule.objects.create(programme=programme, name=f"Module {i}", pass_mark=mark)
            for i, mark in enumerate(pass_marks)
        ]
        for which, score, expiry in rows:
            TrainingRecord.objects.create(
                mentor=mentor,
                module=modules[which],
                completed_on=today - timedelta(days=400),
                delivered_by="Trainer",
                method=TrainingRecord.Method.ONLINE,
                quiz_score=score,
                expires_on=None if expiry is None else today + timedelta(days=expiry),
                recorded_by=coordinator,
            )
        prefix = "training_records__"
        words = {
            f"module_{module.pk}": standing_words(
                **standing_aggregates(prefix, of=Q(**{f"{prefix}module": module})),
                today=today,
                warning_days=warning_days,
            )
            for module in modules
        }
        by_query = list(
            Mentor.objects.filter(pk=mentor.pk).annotate(**words).values_list(*words).get()
        )

        records_of = TrainingRecord.objects.filter(mentor=mentor).select_related("module")
        by_python = [
            Standing.of([r for r in records_of if r.module_id == module.pk]).status(
                today=today, warning_days=warning_days
            )[1]
            for module in modules
        ]

        assert by_query == by_python
        transaction.set_rollback(True)
