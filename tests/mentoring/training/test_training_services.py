"""record_training(): a session is recorded only for mentors of the module's programme."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.training import services
from mentoring.training.models import TrainingRecord
from tests.factories import MentorFactory, TrainingModuleFactory

pytestmark = pytest.mark.django_db


def record(mentors, module, by):
    return services.record_training(
        mentors=mentors, module=module, completed_on=timezone.localdate(), delivered_by="T",
        method="online", scores={}, notes="", by=by, now=timezone.now(),
    )  # fmt: skip


def test_a_session_is_refused_for_a_mentor_of_another_programme_and_nobody_is_recorded(
    programme, other_programme, coordinator
):
    module = TrainingModuleFactory(programme=programme)
    ours = MentorFactory(programme=programme, status="in_training")
    theirs = MentorFactory(
        programme=other_programme, status="in_training", first_name="Ewan", last_name="Far"
    )
    with pytest.raises(ValidationError) as refused:
        record([ours, theirs], module, coordinator)
    assert refused.value.code == "other_programme"
    assert "Ewan Far" in refused.value.message
    assert not TrainingRecord.objects.exists()


def test_a_session_is_recorded_for_mentors_of_the_modules_programme(programme, coordinator):
    module = TrainingModuleFactory(programme=programme)
    mentors = MentorFactory.create_batch(2, programme=programme, status="in_training")
    records = record(mentors, module, coordinator)
    assert {r.mentor for r in records} == set(mentors)
