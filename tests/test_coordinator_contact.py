"""Mentors and mentees see on each of their pages how to reach their coordinator; phone
numbers everywhere read the way people write them; disclosure checks are explained."""

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.models import Programme
from tests.factories import DisclosureCheckFactory, ReferralFactory

pytestmark = pytest.mark.django_db

DISCLOSURE_WORDS = "A disclosure check is a criminal record check"


@pytest.fixture
def with_contact(programme: Programme) -> Programme:
    programme.contact_name = "Fiona Baird"
    programme.contact_phone = "+447700900456"
    programme.contact_email = "office@example.org"
    programme.save()
    return programme


MENTOR_PAGES = ["home", "recruitment:my_profile", "training:my_training"]


@pytest.mark.parametrize("page", MENTOR_PAGES)
def test_every_mentor_page_says_who_their_coordinator_is_and_how_to_reach_them(
    client, mentor, with_contact, page
):
    client.force_login(mentor)
    html = client.get(reverse(page)).content.decode()
    assert "Your coordinator: <strong>Fiona Baird</strong>" in html
    assert '<a class="govuk-link" href="tel:07700900456">07700 900456</a>' in html
    assert '<a class="govuk-link" href="mailto:office@example.org">office@example.org</a>' in html


def test_the_mentee_home_says_who_their_coordinator_is_and_how_to_reach_them(
    client, mentee, with_contact
):
    client.force_login(mentee)
    html = client.get(reverse("home")).content.decode()
    assert "Your coordinator: <strong>Fiona Baird</strong>" in html
    assert ">07700 900456</a>" in html
    assert 'href="mailto:office@example.org"' in html


@pytest.mark.parametrize("page", MENTOR_PAGES)
def test_a_mentor_is_told_where_to_ask_when_no_contact_details_are_filled_in(client, mentor, page):
    client.force_login(mentor)
    html = client.get(reverse(page)).content.decode()
    assert "Ask the programme office for your coordinator's details." in html
    assert "mailto:" not in html


def test_a_mentee_is_told_where_to_ask_when_no_contact_details_are_filled_in(client, mentee):
    client.force_login(mentee)
    html = client.get(reverse("home")).content.decode()
    assert "Ask the programme office for your coordinator's details." in html


def test_only_the_details_filled_in_are_shown(client, mentor, programme):
    programme.contact_email = "office@example.org"
    programme.save()
    client.force_login(mentor)
    html = client.get(reverse("home")).content.decode()
    assert 'href="mailto:office@example.org"' in html
    assert "Phone:" not in html
    assert "programme office" not in html


def test_no_page_shows_a_phone_number_in_its_stored_plus_44_form(
    client, mentor, mentee, coordinator, with_contact
):
    """Every page that shows the contact block, a mentor's or a patient's phone, or a
    phone box filled in from the record."""
    record = mentor.mentor
    DisclosureCheckFactory(mentor=record)
    referral = ReferralFactory(programme=with_contact, phone="+447700900789")
    draft = ReferralFactory(
        programme=with_contact, status="draft", submitted_at=None, phone="+447700900789"
    )
    pages = [
        (mentor, reverse("home")),
        (mentor, reverse("recruitment:my_profile")),
        (mentor, reverse("training:my_training")),
        (mentee, reverse("home")),
        (coordinator, reverse("recruitment:mentor_detail", args=[record.pk])),
        (coordinator, reverse("referrals:detail", args=[referral.pk])),
        (draft.referred_by, reverse("referrals:edit", args=[draft.pk])),
    ]
    for user, url in pages:
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200, url
        assert "+44" not in response.content.decode(), url
    client.force_login(coordinator)
    detail = client.get(reverse("referrals:detail", args=[referral.pk])).content.decode()
    assert "07700 900789" in detail


def test_my_profile_shows_the_mentors_own_phone_as_they_would_write_it(client, mentor):
    client.force_login(mentor)
    html = client.get(reverse("recruitment:my_profile")).content.decode()
    assert 'value="07700 900123"' in html


def test_a_phone_typed_on_my_profile_is_still_stored_in_e164(client, mentor):
    client.force_login(mentor)
    response = client.post(
        reverse("recruitment:my_profile"),
        {"phone": "07700 900999", "formats": ["phone"], "languages": "English"},
    )
    assert response.status_code == 302
    mentor.mentor.refresh_from_db()
    assert mentor.mentor.phone == "+447700900999"


@pytest.mark.parametrize(
    ("who", "page"),
    [
        ("mentor", "training:my_training"),
        (None, "recruitment:volunteer_apply"),
        (None, "recruitment:volunteer_thanks"),
    ],
)
def test_mentors_and_volunteers_are_told_what_a_disclosure_check_is(client, mentor, who, page):
    if who:
        client.force_login(mentor)
    html = client.get(reverse(page)).content.decode()
    assert '<details class="govuk-details">' in html
    assert DISCLOSURE_WORDS in html
    assert "PVG (the Protecting Vulnerable Groups scheme)" in html
    assert "DBS (the Disclosure and Barring Service)" in html


def test_a_coordinator_sees_what_a_disclosure_check_is_on_the_mentor_page(
    client, coordinator, mentor
):
    client.force_login(coordinator)
    html = client.get(
        reverse("recruitment:mentor_detail", args=[mentor.mentor.pk])
    ).content.decode()
    assert DISCLOSURE_WORDS in html


def test_the_emails_to_volunteers_explain_a_disclosure_check(mentor, with_contact):
    record = mentor.mentor
    invitation = render_to_string(
        "recruitment/email/mentor_invitation.txt", {"mentor": record, "link": "https://x/"}
    )
    applied = render_to_string("recruitment/email/mentor_applied.txt", {"mentor": record})
    assert DISCLOSURE_WORDS in invitation
    assert DISCLOSURE_WORDS in applied
    assert "Your coordinator: Fiona Baird\nPhone: 07700 900456\nEmail: office@example.org" in (
        invitation
    )
    assert "+44" not in invitation


def test_the_mentor_home_needs_no_more_queries_for_the_contact_block(
    client, mentor, with_contact, django_assert_max_num_queries
):
    client.force_login(mentor)
    client.get(reverse("home"))
    with django_assert_max_num_queries(6):
        client.get(reverse("home"))
