"""A mentor's "My mentees" and a mentee's own page: only their current pair, only what
they need (never a clinical identifier), the next planned contact and the coordinator."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from mentoring.matching.models import Relationship
from mentoring.referrals.models import Referral
from tests.factories import (
    MenteeFactory,
    MentorFactory,
    ReferralFactory,
    RelationshipFactory,
)

pytestmark = pytest.mark.django_db

MY_MENTEES = reverse("matching:my_mentees")
MY_MENTORING = reverse("matching:my_mentoring")
HOME = reverse("home")


@pytest.fixture
def pair(programme, mentor, mentee):
    """The mentor persona with the mentee persona, started 20 days ago, every 14 days."""
    referral = ReferralFactory(programme=programme, status="matched", first_name="Agnes",
                               address="7 Hidden Lane", plan_exercises="Pelvic tilts")  # fmt: skip
    record = MenteeFactory(
        programme=programme, first_name="Agnes", last_name="Lennox", phone="+447700900456",
        email="agnes@example.org", shared_goals="Dance at my granddaughter's wedding",
        interpreter_language="Polish", waiting_since=None, from_referral=referral,
    )  # fmt: skip
    Referral.objects.filter(pk=referral.pk).update(health_number="9434765919")
    record.user = mentee
    record.save(update_fields=["user"])
    return RelationshipFactory(
        programme=programme, mentor=mentor.mentor, mentee=record, referral=referral,
        started_on=timezone.localdate() - timedelta(days=20), planned_interval_days=14,
    )  # fmt: skip


def test_a_mentor_sees_what_a_mentor_needs_and_no_clinical_identifier(client, mentor, pair):
    client.force_login(mentor)
    page = client.get(MY_MENTEES).content.decode()
    assert "Agnes" in page
    assert "07700 900456" in page
    assert "agnes@example.org" in page
    assert "Dance at my granddaughter" in page
    assert "An interpreter for Polish" in page
    next_contact = timezone.localdate() + timedelta(days=8)
    assert f"{next_contact:%A} {next_contact.day} {next_contact:%B %Y}" in page
    for never in ("Lennox", "943 476 5919", "9434765919", "Hidden Lane", "Pelvic tilts",
                  pair.referral.reference):  # fmt: skip
        assert never not in page
    assert pair.programme.contact_email in page or "programme office" in page


def test_a_mentor_does_not_see_another_mentors_mentee(client, mentor, pair, programme):
    RelationshipFactory(
        programme=programme,
        mentee=MenteeFactory(programme=programme, first_name="Zebedee", waiting_since=None),
    )
    client.force_login(mentor)
    assert "Zebedee" not in client.get(MY_MENTEES).content.decode()
    assert list(Relationship.objects.visible_to(mentor)) == [pair]


@pytest.mark.parametrize("status", ["completed", "ended_early"])
def test_a_mentor_sees_nothing_once_the_mentoring_has_ended(client, mentor, pair, status):
    Relationship.objects.filter(pk=pair.pk).update(status=status, end_reason="health")
    client.force_login(mentor)
    page = client.get(MY_MENTEES).content.decode()
    assert "Agnes" not in page
    assert "You have no mentees yet" in page


def test_a_mentor_sees_nothing_of_a_proposal(client, mentor, programme):
    RelationshipFactory(
        programme=programme, mentor=mentor.mentor, proposed=True,
        mentee=MenteeFactory(programme=programme, first_name="Proposa", waiting_since=None),
    )  # fmt: skip
    client.force_login(mentor)
    assert "Proposa" not in client.get(MY_MENTEES).content.decode()


def test_a_mentor_home_lists_their_mentees(client, mentor, pair):
    client.force_login(mentor)
    page = client.get(HOME).content.decode()
    assert "Agnes" in page
    assert MY_MENTEES in page


@pytest.mark.parametrize("rows", [1, 6])
def test_my_mentees_needs_the_same_queries_however_many(
    client, mentor, programme, rows, django_assert_max_num_queries
):
    for _ in range(rows):
        RelationshipFactory(programme=programme, mentor=mentor.mentor)
    client.force_login(mentor)
    with django_assert_max_num_queries(6):
        response = client.get(MY_MENTEES)
    assert response.status_code == 200


def test_a_mentee_sees_their_mentors_first_name_and_next_contact(client, mentee, pair):
    client.force_login(mentee)
    for path in (MY_MENTORING, HOME):
        page = client.get(path).content.decode()
        assert f"<strong>{pair.mentor.first_name}</strong>" in page
        assert escape(pair.mentor.last_name) not in page
        next_contact = timezone.localdate() + timedelta(days=8)
        assert f"{next_contact:%A} {next_contact.day} {next_contact:%B %Y}" in page
        assert "Questions or worries" in page


def test_a_mentee_sees_nothing_of_a_proposal(client, mentee, programme):
    record = MenteeFactory(programme=programme, waiting_since=None)
    record.user = mentee
    record.save(update_fields=["user"])
    proposal = RelationshipFactory(programme=programme, mentee=record, proposed=True)
    client.force_login(mentee)
    page = client.get(MY_MENTORING).content.decode()
    assert proposal.mentor.first_name not in page
    assert "not been matched" in page


def test_a_mentee_after_ending_early_is_told_a_new_mentor_will_come(client, mentee, pair):
    Relationship.objects.filter(pk=pair.pk).update(status="ended_early", end_reason="health")
    client.force_login(mentee)
    page = client.get(MY_MENTORING).content.decode()
    assert "has ended" in page
    assert "new mentor" in page


def test_a_mentee_sees_only_their_own(client, mentee, pair, programme):
    RelationshipFactory(
        programme=programme,
        mentor=MentorFactory(programme=programme, status="active", first_name="Zebedee"),
    )
    client.force_login(mentee)
    assert list(Relationship.objects.visible_to(mentee)) == [pair]
    assert "Zebedee" not in client.get(MY_MENTORING).content.decode()


@pytest.mark.parametrize(
    ("persona", "name", "expected"),
    [
        ("physiotherapist", "relationship", 403),
        ("mentor", "relationship", 403),
        ("mentee", "relationship", 403),
        ("outsider", "relationship", 404),
        ("outsider", "letter", 404),
        ("coordinator", "relationship", 200),
        ("physiotherapist", "my_mentees", 403),
        ("mentee", "my_mentees", 403),
        ("mentor", "my_mentoring", 403),
        ("coordinator", "my_mentoring", 403),
    ],
)
def test_who_may_open_what(client, personas, pair, persona, name, expected):
    client.force_login(personas[persona])
    args = [pair.pk] if name in ("relationship", "letter") else []
    assert client.get(reverse(f"matching:{name}", args=args)).status_code == expected


def test_visitors_are_sent_to_sign_in(client, pair):
    for path in (MY_MENTEES, MY_MENTORING, reverse("matching:relationship", args=[pair.pk])):
        response = client.get(path)
        assert response.status_code == 302
        assert "/accounts/login/" in response.url


def test_a_mentor_of_another_pair_sees_none_of_this_one(client, pair, programme):
    other = MentorFactory(programme=programme, status="active", with_account=True)
    RelationshipFactory(programme=programme, mentor=other)
    client.force_login(other.user)
    assert "Agnes" not in client.get(MY_MENTEES).content.decode()
