"""Proposing a match: a place taken under the mentor's lock, the plan from the programme's
defaults, and the history's first row."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.matching import services
from mentoring.matching.models import Relationship
from tests.factories import (
    DisclosureCheckFactory,
    MatchingSettingsFactory,
    MenteeFactory,
    MentorFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def mentor(programme):
    mentor = MentorFactory(
        programme=programme, status="active", capacity=1, formats=["phone", "video"]
    )
    DisclosureCheckFactory(mentor=mentor)
    return mentor


def test_a_proposal_takes_the_programmes_plan_and_the_shared_formats(
    programme, coordinator, mentor
):
    MatchingSettingsFactory(programme=programme, planned_sessions=8, review_after_session=3)
    mentee = MenteeFactory(programme=programme, preferred_formats=["walking", "phone"])
    relationship = services.propose(
        mentee=mentee, mentor=mentor, by=coordinator, now=timezone.now(), score=70,
        reasons=["Both like phone calls"],
    )  # fmt: skip
    assert relationship.status == Relationship.Status.PROPOSED
    assert (relationship.planned_sessions, relationship.review_after_session) == (8, 3)
    assert relationship.formats == ["phone"]
    assert relationship.referral == mentee.registrations.get().referral
    assert [(e.from_status, e.to_status, e.by) for e in relationship.events.all()] == [
        ("", "proposed", coordinator)
    ]
    mentee.refresh_from_db()
    assert mentee.waiting_since is None


def test_the_last_place_cannot_be_taken_twice(programme, coordinator, mentor):
    RelationshipFactory(programme=programme, mentor=mentor, proposed=True)
    with pytest.raises(ValidationError, match="no free place"):
        services.propose(
            mentee=MenteeFactory(programme=programme), mentor=mentor, by=coordinator,
            now=timezone.now(),
        )  # fmt: skip


def test_a_mentee_has_one_current_relationship(programme, coordinator, mentor):
    mentee = MenteeFactory(programme=programme)
    RelationshipFactory(programme=programme, mentee=mentee)
    with pytest.raises(ValidationError, match="already has a mentor"):
        services.propose(mentee=mentee, mentor=mentor, by=coordinator, now=timezone.now())
    assert not mentor.relationships.exists()


def test_a_mentor_of_another_programme_is_refused(programme, other_programme, coordinator):
    mentor = MentorFactory(programme=other_programme, status="active")
    DisclosureCheckFactory(mentor=mentor)
    with pytest.raises(ValidationError, match="their own programme"):
        services.propose(
            mentee=MenteeFactory(programme=programme), mentor=mentor, by=coordinator,
            now=timezone.now(),
        )  # fmt: skip
    assert not Relationship.objects.exists()
