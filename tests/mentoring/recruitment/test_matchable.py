"""matchable(): the one rule for who can be matched, and training expiry at date edges."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from core.dates import add_months
from mentoring.recruitment import services as recruitment_services
from mentoring.recruitment.models import Mentor
from mentoring.training import services as training_services
from mentoring.training.models import TrainingRecord
from tests.factories import (
    DisclosureCheckFactory,
    MentorFactory,
    ProgrammeFactory,
    RelationshipFactory,
    TrainingModuleFactory,
    UserFactory,
)

TODAY = date(2026, 11, 26)


def record(mentor, module, *, completed_on, score=None, by):
    return training_services.record_training(
        mentors=[mentor], module=module, completed_on=completed_on, delivered_by="Trainer",
        method=TrainingRecord.Method.FACE_TO_FACE, scores={mentor.pk: score}, notes="", by=by,
        now=timezone.now(),
    )[0]  # fmt: skip


class MatchableTests(TestCase):
    @given(
        status=st.sampled_from(Mentor.Status.values),
        days_since_training=st.integers(min_value=0, max_value=800),
        quiz_score=st.integers(min_value=0, max_value=100),
        check_renewal_offset=st.one_of(st.none(), st.integers(min_value=-400, max_value=400)),
        check_outcome=st.sampled_from(["clear", "pending", "concerns"]),
        skip_second_module=st.booleans(),
        optional_missing=st.booleans(),
    )
    @settings(max_examples=60, deadline=None)
    def test_matchable_agrees_with_the_rule_written_out_longhand(
        self,
        status,
        days_since_training,
        quiz_score,
        check_renewal_offset,
        check_outcome,
        skip_second_module,
        optional_missing,
    ):
        programme = ProgrammeFactory()
        coordinator = UserFactory(role="coordinator", programmes=[programme])
        plain = TrainingModuleFactory(programme=programme, validity_months=12)
        quiz = TrainingModuleFactory(programme=programme, validity_months=None, pass_mark=80)
        optional = TrainingModuleFactory(programme=programme, required=False)
        mentor = MentorFactory(programme=programme, status=status)
        done = TODAY - timedelta(days=days_since_training)
        record(mentor, plain, completed_on=done, by=coordinator)
        if not skip_second_module:
            record(mentor, quiz, completed_on=done, score=quiz_score, by=coordinator)
        if not optional_missing:
            record(mentor, optional, completed_on=done, by=coordinator)
        if check_renewal_offset is not None:
            DisclosureCheckFactory(
                mentor=mentor,
                outcome=check_outcome,
                issued_on=TODAY - timedelta(days=1000),
                renewal_due_on=TODAY + timedelta(days=check_renewal_offset),
            )

        trained_and_checked = (
            add_months(done, 12) >= TODAY
            and not skip_second_module
            and quiz_score >= 80
            and check_renewal_offset is not None
            and check_renewal_offset >= 0
            and check_outcome == "clear"
        )
        matchable = Mentor.objects.matchable(today=TODAY).filter(pk=mentor.pk).exists()
        assert matchable == (status == Mentor.Status.ACTIVE and trained_and_checked)
        # Activation asks the same of training and checks, whatever the status now.
        problems = recruitment_services.activation_problems(mentor=mentor, today=TODAY)
        assert (not problems) == trained_and_checked


@pytest.mark.django_db
def test_current_mentees_counts_relationships_that_take_a_place(programme, coordinator):
    """Proposed, active and paused relationships take a place; ended ones free it."""
    mentor = MentorFactory(programme=programme, status="active", capacity=2)
    DisclosureCheckFactory(mentor=mentor)
    today = timezone.localdate()

    def current() -> int:
        return Mentor.objects.with_current_mentees().get(pk=mentor.pk).current_mentees

    def matchable() -> bool:
        return Mentor.objects.matchable(today=today).filter(pk=mentor.pk).exists()

    assert (current(), matchable()) == (0, True)
    RelationshipFactory(programme=programme, mentor=mentor, proposed=True)
    assert (current(), matchable()) == (1, True)
    paused = RelationshipFactory(
        programme=programme, mentor=mentor, status="paused", pause_reason="Holiday"
    )
    assert (current(), matchable()) == (2, False)
    for status in ("completed", "ended_early", "not_started"):
        paused.status = status
        paused.end_reason = "other" if status == "ended_early" else ""
        paused.save()
        assert (current(), matchable()) == (1, True)
    # Another mentor's relationships are not counted.
    RelationshipFactory(programme=programme)
    assert current() == 1


@pytest.mark.django_db
def test_a_module_that_is_no_longer_in_use_is_not_required(programme, coordinator):
    mentor = MentorFactory(programme=programme, status="active")
    DisclosureCheckFactory(mentor=mentor)
    TrainingModuleFactory(programme=programme, is_active=False)
    assert Mentor.objects.matchable(today=timezone.localdate()).filter(pk=mentor.pk).exists()


@pytest.mark.django_db
def test_another_programmes_modules_do_not_count(programme, other_programme, coordinator):
    mentor = MentorFactory(programme=programme, status="active")
    DisclosureCheckFactory(mentor=mentor)
    TrainingModuleFactory(programme=other_programme)
    assert Mentor.objects.matchable(today=timezone.localdate()).filter(pk=mentor.pk).exists()


@given(
    completed_on=st.dates(min_value=date(2020, 1, 1), max_value=date(2030, 12, 31)),
    months=st.integers(min_value=1, max_value=60),
)
def test_expiry_is_the_same_day_months_later_or_the_end_of_a_shorter_month(completed_on, months):
    expiry = add_months(completed_on, months)
    assert (expiry.year * 12 + expiry.month) - (completed_on.year * 12 + completed_on.month) == (
        months
    )
    assert expiry.day == completed_on.day or (
        expiry.day < completed_on.day and (expiry + timedelta(days=1)).day == 1
    )


@pytest.mark.parametrize(
    ("completed_on", "months", "expires_on"),
    [
        (date(2026, 1, 31), 1, date(2026, 2, 28)),
        (date(2027, 1, 31), 13, date(2028, 2, 29)),
        (date(2024, 2, 29), 12, date(2025, 2, 28)),
        (date(2026, 11, 26), 12, date(2027, 11, 26)),
    ],
)
def test_expiry_at_month_ends_and_leap_days(completed_on, months, expires_on):
    assert add_months(completed_on, months) == expires_on


@pytest.mark.django_db
def test_training_counts_on_its_expiry_day_and_not_the_day_after(programme, coordinator):
    module = TrainingModuleFactory(programme=programme, validity_months=12)
    mentor = MentorFactory(programme=programme, status="active")
    DisclosureCheckFactory(mentor=mentor, renewal_due_on=date(2030, 1, 1))
    saved = record(mentor, module, completed_on=date(2025, 3, 10), by=coordinator)
    assert saved.expires_on == date(2026, 3, 10)
    assert Mentor.objects.matchable(today=date(2026, 3, 10)).filter(pk=mentor.pk).exists()
    assert not Mentor.objects.matchable(today=date(2026, 3, 11)).filter(pk=mentor.pk).exists()


@pytest.mark.django_db
def test_changing_a_modules_validity_moves_every_expiry(programme, coordinator):
    module = TrainingModuleFactory(programme=programme, validity_months=12)
    mentor = MentorFactory(programme=programme)
    saved = record(mentor, module, completed_on=date(2025, 1, 31), by=coordinator)
    module.validity_months = 1
    training_services.save_module(module=module)
    saved.refresh_from_db()
    assert saved.expires_on == date(2025, 2, 28)
    module.validity_months = None
    training_services.save_module(module=module)
    saved.refresh_from_db()
    assert saved.expires_on is None


def test_the_name_order_index_covers_exactly_the_mentors_taken_on():
    """Its condition is written out in Meta (the class is not made yet there); it must
    stay the statuses of Mentor.TAKEN_ON, which "Record training" and the matrix filter on."""
    from mentoring.recruitment.models import Mentor

    (index,) = [i for i in Mentor._meta.indexes if i.name == "mentor_name_order"]
    assert index.condition.children == [("status__in", [str(s) for s in Mentor.TAKEN_ON])]
