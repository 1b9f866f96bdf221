"""Which training records count today is written twice: in SQL
(TrainingRecordQuerySet.counting_on, for matching and the dashboard) and in Python
(TrainingRecord.counts_on, for the reasons a mentor cannot be made active). For any quiz
scores, pass marks and expiry dates, the two must agree."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentoring.training.models import TrainingModule, TrainingRecord
from tests.factories import MentorFactory

pytestmark = pytest.mark.django_db

# A few marks, so that a score often equals the pass mark (None: no quiz, or no score).
marks = st.one_of(st.sampled_from([None, 0, 79, 80, 81, 100]), st.integers(0, 100))
records = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=2),  # which module
        marks,  # quiz score, or none recorded
        st.one_of(st.none(), st.integers(min_value=-3, max_value=3)),  # expiry, days from today
    ),
    min_size=1,
    max_size=8,
)


@given(
    today=st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31)),
    pass_marks=st.lists(marks, min_size=3, max_size=3),
    rows=records,
)
@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_query_and_the_property_agree_on_which_records_count(
    programme, coordinator, today, pass_marks, rows
):
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
        mine = TrainingRecord.objects.filter(mentor=mentor)

        by_query = set(mine.counting_on(today=today).values_list("pk", flat=True))
        by_property = {r.pk for r in mine.select_related("module") if r.counts_on(today)}

        assert by_query == by_property
        transaction.set_rollback(True)
