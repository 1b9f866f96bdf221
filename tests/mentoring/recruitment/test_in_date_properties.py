"""Two rules of "can this mentor be matched" are written twice, once in SQL and once in
Python: a disclosure check in date (DisclosureCheckQuerySet.in_date and
DisclosureCheck.is_in_date), and required training in date
(MentorQuerySet.with_required_training_in_date and training_problems() finding nothing).
For any records, the two must agree."""

from datetime import date, timedelta

import pytest
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mentoring.recruitment.models import DisclosureCheck, Mentor
from mentoring.training.models import TrainingModule, TrainingRecord
from mentoring.training.services import training_problems
from tests.factories import MentorFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db

FAST = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
days = st.dates(min_value=date(2024, 1, 1), max_value=date(2030, 12, 31))


@st.composite
def disclosure_checks(draw):
    """(outcome, issued_on, renewal_due_on) as the database allows them: a clear check has
    both dates, and renewal comes after issue."""
    outcome = draw(st.sampled_from(DisclosureCheck.Outcome.values))
    clear = outcome == DisclosureCheck.Outcome.CLEAR
    issued = draw(days if clear else st.one_of(st.none(), days))
    if issued is None:
        renewal = draw(st.one_of(st.none(), days))
    else:
        after = st.integers(min_value=1, max_value=1200).map(lambda n: issued + timedelta(days=n))
        renewal = draw(after if clear else st.one_of(st.none(), after))
    return outcome, issued, renewal


@given(checks=st.lists(disclosure_checks(), min_size=1, max_size=5), shift=st.integers(-2, 2))
@FAST
def test_the_query_and_the_property_agree_on_which_disclosure_checks_are_in_date(
    programme, checks, shift
):
    # Look on, around and between the renewal dates drawn, where the rule can go wrong.
    dates = [renewal for _, _, renewal in checks if renewal] or [date(2026, 6, 1)]
    today = dates[0] + timedelta(days=shift)
    mentor = MentorFactory.build(programme=programme)
    with transaction.atomic():
        mentor.save()
        for number, (outcome, issued, renewal) in enumerate(checks):
            DisclosureCheck.objects.create(
                mentor=mentor, scheme="pvg", number=str(number), outcome=outcome,
                issued_on=issued, renewal_due_on=renewal,
            )  # fmt: skip
        mine = DisclosureCheck.objects.filter(mentor=mentor)

        by_query = set(mine.in_date(today=today).values_list("pk", flat=True))
        by_property = {check.pk for check in mine if check.is_in_date(today)}

        assert by_query == by_property
        transaction.set_rollback(True)


# A few marks, so that a score often equals the pass mark (None: no quiz, or no score).
marks = st.sampled_from([None, 0, 79, 80, 81, 100])
modules = st.lists(
    st.tuples(
        st.booleans(),  # required
        st.booleans(),  # active
        marks,  # pass mark
    ),
    min_size=0,
    max_size=3,
)
training = st.lists(
    st.tuples(
        st.integers(min_value=0, max_value=1),  # whose record
        st.integers(min_value=0, max_value=3),  # which module (3: another programme's)
        marks,  # quiz score
        st.one_of(st.none(), st.integers(min_value=-2, max_value=2)),  # expiry from today
    ),
    max_size=8,
)


@given(today=days, module_rows=modules, record_rows=training)
@FAST
def test_the_query_and_training_problems_agree_on_whose_required_training_is_in_date(
    programme, coordinator, today, module_rows, record_rows
):
    with transaction.atomic():
        elsewhere = ProgrammeFactory()
        theirs = TrainingModule.objects.create(programme=elsewhere, name="Elsewhere")
        ours = [
            TrainingModule.objects.create(
                programme=programme,
                name=f"Module {i}",
                required=required,
                is_active=active,
                pass_mark=mark,
            )
            for i, (required, active, mark) in enumerate(module_rows)
        ]
        mentors = [MentorFactory(programme=programme) for _ in range(2)]
        for whose, which, score, expiry in record_rows:
            module = ours[which] if which < len(ours) else theirs
            TrainingRecord.objects.create(
                mentor=mentors[whose], module=module, completed_on=today - timedelta(days=30),
                delivered_by="Trainer", method=TrainingRecord.Method.ONLINE, quiz_score=score,
                expires_on=None if expiry is None else today + timedelta(days=expiry),
                recorded_by=coordinator,
            )  # fmt: skip

        by_query = set(
            Mentor.objects.filter(programme=programme)
            .with_required_training_in_date(today=today)
            .values_list("pk", flat=True)
        )
        by_problems = {m.pk for m in mentors if training_problems(mentor=m, today=today) == []}

        assert by_query == by_problems
        transaction.set_rollback(True)
