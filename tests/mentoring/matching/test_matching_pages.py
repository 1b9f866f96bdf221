"""The suggestions page and the whole-waiting-list assignment: access, ranking in words,
proposing, clear messages when a place went a moment ago, and flat query counts."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.html import escape

from mentoring.matching import scoring
from mentoring.matching.districts import centres_for
from mentoring.matching.models import PostcodeDistrict, Relationship
from mentoring.matching.scoring import Weights, explain
from mentoring.matching.suggestion_views import SHOWN_AT_FIRST
from tests.factories import (
    DisclosureCheckFactory,
    MenteeFactory,
    MentorFactory,
    RelationshipFactory,
    TrainingModuleFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _relationship_page(monkeypatch):
    """The relationship page comes with another part of the work; until it is there, its
    address is the one it will have."""
    try:
        reverse("matching:relationship", args=[1])
    except NoReverseMatch:
        monkeypatch.setattr(
            Relationship, "get_absolute_url", lambda self: f"/relationships/{self.pk}/"
        )


def matchable(programme, **changes):
    values = {
        "status": "active",
        "capacity": 2,
        "formats": ["phone", "walking"],
        "availability": ["tue_morning"],
        "interests": ["walking"],
        "gender": "woman",
        "area": "EH3",
    }
    mentor = MentorFactory(programme=programme, **{**values, **changes})
    DisclosureCheckFactory(mentor=mentor)
    return mentor


@pytest.fixture
def waiting(programme):
    PostcodeDistrict.objects.create(district="EH3", latitude="55.951", longitude="-3.205")
    PostcodeDistrict.objects.create(district="EH6", latitude="55.970", longitude="-3.173")
    return MenteeFactory(programme=programme, first_name="Ann", last_name="Waiting")


def expected_score(mentee, mentor):
    """The score as the scoring module gives it, with the mentor's load before the match."""
    mentor.current_mentees = 0
    return explain(mentee, mentor, Weights(), centres_for(["EH3", "EH6"])).score


def url(mentee):
    return reverse("matching:suggestions", args=[mentee.pk])


# --- Suggestions ----------------------------------------------------------------------------


def test_suggestions_rank_matchable_mentors_with_every_part_in_words(
    client, coordinator, programme, waiting
):
    near = matchable(programme, first_name="Nora", last_name="Near")
    matchable(programme, first_name="Fay", last_name="Further", area="EH6", interests=[])
    paused = matchable(programme, first_name="Pat", last_name="Paused", status="paused")
    client.force_login(coordinator)
    response = client.get(url(waiting))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.index("Nora Near") < page.index("Fay Further")
    assert escape(paused.full_name) not in page
    assert "Both happy to meet by phone or walking together" in page
    assert "Both can meet on Tuesday mornings" in page
    assert "approximate: district centres" in page
    assert "About 3 km apart" in page
    assert f"{escape(near.full_name)}: " in page
    assert "out of 100" in page


def test_a_mentor_of_the_wrong_gender_is_listed_apart_with_the_reason(
    client, coordinator, programme
):
    mentee = MenteeFactory(programme=programme, mentor_gender_preference="woman")
    matchable(programme, first_name="Max", last_name="Man", gender="man")
    client.force_login(coordinator)
    page = client.get(url(mentee)).content.decode()
    assert "Can be matched, but not suggested" in page
    assert "Asked for a woman; this mentor is a man" in page


def test_the_not_suggested_mentors_are_shown_ten_at_first_like_the_suggested(
    client, coordinator, programme
):
    mentee = MenteeFactory(programme=programme, mentor_gender_preference="woman")
    for n in range(SHOWN_AT_FIRST + 2):
        matchable(programme, first_name="Max", last_name=f"Man{n:02d}", gender="man")
    client.force_login(coordinator)
    page = client.get(url(mentee)).content.decode()
    assert page.count("Not suggested: ") == SHOWN_AT_FIRST
    assert f"Show all {SHOWN_AT_FIRST + 2} mentors who can be matched but are not" in page
    everyone = client.get(url(mentee), {"all": "1"}).content.decode()
    assert everyone.count("Not suggested: ") == SHOWN_AT_FIRST + 2


def test_only_the_suggestions_shown_are_put_into_words(
    client, coordinator, programme, waiting, monkeypatch
):
    for n in range(SHOWN_AT_FIRST + 5):
        matchable(programme, last_name=f"Mentor{n:02d}")
    explained = []
    real = scoring._words
    monkeypatch.setattr(
        scoring, "_words", lambda part, *args: explained.append(part) or real(part, *args)
    )
    client.force_login(coordinator)
    page = client.get(url(waiting)).content.decode()
    assert page.count("Propose this match") == SHOWN_AT_FIRST
    assert len(explained) == SHOWN_AT_FIRST * len(scoring.PARTS)


def test_proposing_records_the_score_and_reasons_and_goes_to_the_relationship(
    client, coordinator, programme, waiting
):
    mentor = matchable(programme)
    client.force_login(coordinator)
    response = client.post(url(waiting), {"mentor": mentor.pk})
    relationship = Relationship.objects.get()
    assert response.status_code == 302
    assert response.url == relationship.get_absolute_url()
    assert (relationship.mentor, relationship.mentee, relationship.proposed_by) == (
        mentor,
        waiting,
        coordinator,
    )
    assert relationship.score == expected_score(waiting, mentor)
    assert (
        "Ways of meeting: Both happy to meet by phone or walking together"
        in relationship.score_reasons
    )


def test_a_place_taken_a_moment_ago_is_a_clear_message(client, coordinator, programme, waiting):
    mentor = matchable(programme, capacity=1)
    client.force_login(coordinator)
    client.get(url(waiting))
    RelationshipFactory(programme=programme, mentor=mentor)  # another coordinator, meanwhile
    response = client.post(url(waiting), {"mentor": mentor.pk})
    page = response.content.decode()
    assert response.status_code == 400
    assert "has no free place now" in page
    assert "Traceback" not in page
    assert not Relationship.objects.filter(mentee=waiting).exists()


def test_a_mentee_already_matched_cannot_be_proposed_again(client, coordinator, programme, waiting):
    mentor = matchable(programme)
    RelationshipFactory(programme=programme, mentee=waiting)
    waiting.waiting_since = None
    waiting.save()
    client.force_login(coordinator)
    response = client.post(url(waiting), {"mentor": mentor.pk})
    assert response.status_code == 400
    assert "is not waiting for a mentor now" in response.content.decode()
    assert "Propose this match" not in response.content.decode()


@pytest.mark.parametrize("value", ["", "x", "-1", "99999999999", "0"])
def test_a_bad_mentor_is_a_message_not_an_error(client, coordinator, programme, waiting, value):
    client.force_login(coordinator)
    response = client.post(url(waiting), {"mentor": value})
    assert response.status_code == 400
    assert "Choose" in response.content.decode()


def test_a_mentor_of_another_programme_cannot_be_proposed(
    client, coordinator, programme, other_programme, waiting
):
    outsider = matchable(other_programme)
    client.force_login(coordinator)
    response = client.post(url(waiting), {"mentor": outsider.pk})
    assert response.status_code == 400
    assert not Relationship.objects.exists()


def test_looking_a_mentor_up_says_why_they_cannot_be_matched(
    client, coordinator, programme, waiting
):
    TrainingModuleFactory(programme=programme, name="Safeguarding adults", required=True)
    full = matchable(programme, first_name="Fiona", last_name="Full", capacity=1)
    RelationshipFactory(programme=programme, mentor=full)
    paused = MentorFactory(
        programme=programme, status="paused", first_name="Paul", last_name="Paused"
    )
    client.force_login(coordinator)
    page = client.get(url(waiting), {"q": "paul paused"}).content.decode()
    assert "Not active: their status is “Paused”." in page
    assert "Training not done: Safeguarding adults." in page
    assert "No disclosure check" in page
    page = client.get(url(waiting), {"q": "fiona"}).content.decode()
    assert "No free place: 1 of their 1 places are taken." in page
    page = client.get(url(waiting), {"q": "u", "mentor": paused.pk}).content.decode()
    assert "Not active" in page


def test_the_look_up_finds_only_this_programmes_mentors(
    client, coordinator, programme, other_programme, waiting
):
    MentorFactory(programme=other_programme, first_name="Olive", last_name="Otherside")
    client.force_login(coordinator)
    page = client.get(url(waiting), {"q": "Olive"}).content.decode()
    assert "Otherside" not in page
    assert "No mentor in this programme has a name like" in page


def test_suggestions_are_for_coordinators_of_the_mentees_programme(
    client, personas, programme, other_programme
):
    mentee = MenteeFactory(programme=other_programme)
    client.force_login(personas["coordinator"])
    assert client.get(url(mentee)).status_code == 404
    for persona in ("physiotherapist", "mentor", "mentee"):
        client.force_login(personas[persona])
        assert client.get(url(MenteeFactory(programme=programme))).status_code == 403
    client.logout()
    assert client.get(url(mentee)).status_code == 302


def test_the_suggestions_page_has_a_flat_query_count(
    client, coordinator, programme, waiting, django_assert_max_num_queries
):
    TrainingModuleFactory(programme=programme, required=False)
    for _ in range(3):
        matchable(programme)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12) as few:
        client.get(url(waiting), {"q": "a"})
    for _ in range(20):
        matchable(programme)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(url(waiting), {"q": "a"})


# --- The whole waiting list -----------------------------------------------------------------

ASSIGNMENT = "/matching/assignment/"


def test_the_assignment_beats_greedy_and_shows_both_totals(client, coordinator, programme):
    now = timezone.now()
    first = MenteeFactory(
        programme=programme,
        first_name="First",
        waiting_since=now - timedelta(days=9),
        preferred_formats=["phone", "walking"],
    )
    second = MenteeFactory(
        programme=programme,
        first_name="Second",
        waiting_since=now,
        preferred_formats=["walking"],
        availability=["fri_evening"],
    )
    phone = matchable(programme, first_name="Phoebe", formats=["phone"], capacity=1)
    walker = matchable(programme, first_name="Walter", formats=["walking"], capacity=1)
    client.force_login(coordinator)
    response = client.get(reverse("matching:assignment"))
    page = response.content.decode()
    assert response.status_code == 200
    proposal = response.context["proposal"]
    pairs = {(mentee, mentor) for mentee, mentor, _ in proposal.pairs}
    assert pairs == {(first.pk, phone.pk), (second.pk, walker.pk)}
    assert proposal.total >= proposal.greedy_total
    assert f"total score {proposal.total}" in page
    assert f"total score {proposal.greedy_total}" in page


def test_accepting_a_pair_proposes_it_and_works_the_rest_out_again(client, coordinator, programme):
    mentee = MenteeFactory(programme=programme)
    mentor = matchable(programme)
    client.force_login(coordinator)
    response = client.post(
        ASSIGNMENT, {"action": "accept", "mentee": mentee.pk, "mentor": mentor.pk}
    )
    assert response.status_code == 302
    relationship = Relationship.objects.get()
    assert (relationship.mentee, relationship.mentor) == (mentee, mentor)
    assert relationship.score == expected_score(mentee, mentor)
    page = client.get(response.url).content.decode()
    assert "Match proposed" in page
    assert "No match can be proposed now" in page


def test_a_pair_taken_since_the_proposal_is_a_clear_message(client, coordinator, programme):
    mentee = MenteeFactory(programme=programme)
    mentor = matchable(programme, capacity=1)
    RelationshipFactory(programme=programme, mentor=mentor)  # meanwhile, someone took the place
    client.force_login(coordinator)
    response = client.post(
        ASSIGNMENT, {"action": "accept", "mentee": mentee.pk, "mentor": mentor.pk}, follow=True
    )
    page = response.content.decode()
    assert "has no free place now" in page
    assert "worked out again" in page
    assert not Relationship.objects.filter(mentee=mentee).exists()


def test_a_rejected_pair_is_left_out_until_offered_again(client, coordinator, programme):
    mentee = MenteeFactory(programme=programme)
    mentor = matchable(programme)
    client.force_login(coordinator)
    client.post(ASSIGNMENT, {"action": "reject", "mentee": mentee.pk, "mentor": mentor.pk})
    assert client.get(ASSIGNMENT).context["proposal"].pairs == []
    client.post(ASSIGNMENT, {"action": "reset"})
    assert len(client.get(ASSIGNMENT).context["proposal"].pairs) == 1
    assert not Relationship.objects.exists()


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"action": "accept"},
        {"action": "nonsense"},
        {"action": "accept", "mentee": "x", "mentor": "1"},
    ],
)
def test_bad_pair_posts_get_a_message(client, coordinator, data):
    client.force_login(coordinator)
    response = client.post(ASSIGNMENT, data, follow=True)
    assert response.status_code == 200
    assert "Choose a pair from the proposal." in response.content.decode()


def test_another_programmes_mentees_are_not_in_the_assignment(
    client, coordinator, programme, other_programme
):
    MenteeFactory(programme=other_programme, last_name="Otherside")
    matchable(other_programme)
    other = MenteeFactory(programme=other_programme)
    mentor = matchable(programme)
    client.force_login(coordinator)
    assert (
        "Otherside"
        not in client.get(ASSIGNMENT, {"programme": other_programme.pk}).content.decode()
    )
    client.post(ASSIGNMENT, {"action": "accept", "mentee": other.pk, "mentor": mentor.pk})
    assert not Relationship.objects.exists()


def test_the_assignment_page_has_a_flat_query_count(
    client, coordinator, programme, django_assert_max_num_queries
):
    for _ in range(3):
        MenteeFactory(programme=programme)
        matchable(programme)
    client.force_login(coordinator)
    with django_assert_max_num_queries(12) as few:
        client.get(ASSIGNMENT)
    for _ in range(20):
        MenteeFactory(programme=programme)
        matchable(programme)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(ASSIGNMENT)


def test_the_assignment_is_for_coordinators(client, personas):
    for persona in ("physiotherapist", "mentor", "mentee"):
        client.force_login(personas[persona])
        assert client.get(ASSIGNMENT).status_code == 403
    client.logout()
    assert client.get(ASSIGNMENT).status_code == 302
