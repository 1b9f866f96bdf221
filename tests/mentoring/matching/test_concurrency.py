"""Capacity holds when two coordinators act at the same moment: two real database
connections (one per thread), released together by a barrier."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import User
from mentoring.matching import services
from mentoring.matching.models import Relationship
from tests.factories import DisclosureCheckFactory, MenteeFactory, MentorFactory, UserFactory
from tests.support.concurrency import at_once

pytestmark = pytest.mark.django_db(transaction=True)


def mentor_with_places(programme, places):
    mentor = MentorFactory(programme=programme, status="active", capacity=places)
    DisclosureCheckFactory(mentor=mentor)
    return mentor


@pytest.fixture
def two_coordinators(programme):
    return [UserFactory(role=User.Role.COORDINATOR, programmes=[programme]) for _ in range(2)]


def test_two_coordinators_taking_a_mentors_last_place_at_once_get_one_match_and_one_message(
    programme, two_coordinators
):
    mentor = mentor_with_places(programme, 2)
    services.propose(
        mentee=MenteeFactory(programme=programme), mentor=mentor, by=two_coordinators[0],
        now=timezone.now(),
    )  # fmt: skip
    first, second = MenteeFactory(programme=programme), MenteeFactory(programme=programme)
    results = at_once(
        lambda: services.propose(
            mentee=first, mentor=mentor, by=two_coordinators[0], now=timezone.now()
        ),
        lambda: services.propose(
            mentee=second, mentor=mentor, by=two_coordinators[1], now=timezone.now()
        ),
    )
    made = [r for r in results if isinstance(r, Relationship)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(made) == 1, results
    assert len(refused) == 1, results
    assert refused[0].code == "no_place"
    assert "has no free place now" in refused[0].messages[0]
    assert mentor.relationships.filter(status__in=["proposed", "active", "paused"]).count() == 2


def test_two_coordinators_proposing_two_mentors_for_one_mentee_at_once_make_one_match(
    programme, two_coordinators
):
    mentee = MenteeFactory(programme=programme)
    mentors = [mentor_with_places(programme, 1) for _ in range(2)]
    results = at_once(
        *[
            (lambda mentor=mentor, by=by: services.propose(
                mentee=mentee, mentor=mentor, by=by, now=timezone.now()
            ))
            for mentor, by in zip(mentors, two_coordinators, strict=True)
        ]
    )  # fmt: skip
    made = [r for r in results if isinstance(r, Relationship)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert len(made) == 1, results
    assert len(refused) == 1, results
    assert refused[0].code == "mentee_taken"
    assert "already has a mentor" in refused[0].messages[0]
    assert mentee.relationships.count() == 1


def test_two_coordinators_starting_the_same_match_at_once_start_it_once(
    programme, two_coordinators
):
    relationship = services.propose(
        mentee=MenteeFactory(programme=programme), mentor=mentor_with_places(programme, 1),
        by=two_coordinators[0], now=timezone.now(),
    )  # fmt: skip
    for party in ("mentee", "mentor"):
        services.record_agreement(
            relationship=relationship, party=party, by=two_coordinators[0], now=timezone.now()
        )
    plan = services.Plan.of(relationship)
    results = at_once(
        *[
            (lambda by=by: services.start(
                relationship=relationship, started_on=timezone.localdate(), plan=plan, by=by,
                now=timezone.now(),
            ))
            for by in two_coordinators
        ]
    )  # fmt: skip
    assert sum(isinstance(r, Relationship) for r in results) == 1, results
    assert relationship.events.filter(to_status="active").count() == 1
