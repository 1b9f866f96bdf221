"""The referral form asks what is needed to send first; optional sections are folded away
until they hold something, and the site is already chosen."""

import re

import pytest
from django.urls import reverse

from accounts.models import Site
from tests.factories import ReferralFactory, SiteFactory

pytestmark = pytest.mark.django_db

NEW = reverse("referrals:new")
OPTIONAL = [
    "Self-management plan given at discharge (optional)",
    "What they would like from mentoring (optional)",
    "Communication and access needs (optional)",
    "For the coordinator only (optional)",
]


def sections(html: str) -> dict[str, bool]:
    """Each folded section's summary, and whether it is rendered open."""
    found = re.findall(
        r'<details class="govuk-details[^"]*"[^>]*?( open)?>\s*<summary[^>]*>'
        r'<span class="govuk-details__summary-text">([^<]+)</span>',
        html,
    )
    return {summary: bool(opened) for opened, summary in found}


def selected_site(html: str) -> str:
    select = re.search(r'<select name="site".*?</select>', html, re.S)
    assert select is not None
    chosen = re.findall(r'<option value="(\d*)"[^>]*selected[^>]*>([^<]+)<', select.group())
    assert len(chosen) == 1
    return chosen[0][1]


def test_optional_sections_are_folded_and_come_after_what_is_needed_to_send(
    client, physiotherapist
):
    client.force_login(physiotherapist)
    html = client.get(NEW).content.decode()
    assert sections(html) == dict.fromkeys(OPTIONAL, False)
    consent = html.index("Consent</h2>")
    for summary in OPTIONAL:
        assert html.index(summary) > consent
    for heading in ("The patient", "How to contact them", "Discharge and back pain"):
        assert html.index(f"{heading}</h2>") < consent
    # Only asked when the patient is outside the rules, or duplicates were found.
    assert "Why refer them anyway?" not in html
    assert "I have checked: this is a different person" not in html


def test_a_section_opens_by_itself_when_it_holds_a_problem_or_an_answer(
    client, physiotherapist, referral_post
):
    client.force_login(physiotherapist)
    data = referral_post(
        plan_exercises="Pelvic tilts daily",  # an answer
        plan_activity_goals="",
        preferred_formats=[],
        availability=[],
        interests="",
        needs_hearing="",
        needs_transport="",
        safety_information="x" * 5000,  # too long: a problem
        phone="",  # and something needed to send is missing, so the form comes back
    )
    response = client.post(NEW, data)
    assert response.status_code == 200
    assert sections(response.content.decode()) == {
        "Self-management plan given at discharge (optional)": True,
        "What they would like from mentoring (optional)": False,
        "Communication and access needs (optional)": False,
        "For the coordinator only (optional)": True,
    }


def test_a_saved_draft_opens_the_sections_it_has_answers_in(client, physiotherapist, programme):
    draft = ReferralFactory(
        programme=programme,
        referred_by=physiotherapist,
        status="draft",
        submitted_at=None,
        needs_hearing="Hearing aid",
        plan_exercises="",
        plan_activity_goals="",
        plan_notes="",
        preferred_formats=[],
        availability=[],
        interests="",
        mentor_gender_preference="",
        safety_information="",
        needs_sight="",
        needs_mobility="",
        needs_transport="",
    )
    client.force_login(physiotherapist)
    html = client.get(reverse("referrals:edit", args=[draft.pk])).content.decode()
    assert sections(html)["Communication and access needs (optional)"] is True
    assert sections(html)["Self-management plan given at discharge (optional)"] is False


def test_the_site_is_the_programmes_physiotherapy_department_and_can_still_be_changed(
    client, physiotherapist, programme
):
    SiteFactory(programme=programme, name="Glenmore Hall", kind=Site.Kind.COMMUNITY)
    client.force_login(physiotherapist)
    html = client.get(NEW).content.decode()
    assert selected_site(html) == "Glenmore Physiotherapy"
    assert "Glenmore Hall" in html  # still a choice
    assert "Not given" in html


def test_the_site_is_the_one_they_last_referred_from(client, physiotherapist, programme):
    other = SiteFactory(programme=programme, name="Glenmore West Physiotherapy")
    ReferralFactory(programme=programme, referred_by=physiotherapist, site=other)
    client.force_login(physiotherapist)
    assert selected_site(client.get(NEW).content.decode()) == "Glenmore West Physiotherapy"


def test_no_site_is_guessed_when_there_are_several_departments(client, physiotherapist, programme):
    SiteFactory(programme=programme, name="Glenmore West Physiotherapy")
    client.force_login(physiotherapist)
    assert selected_site(client.get(NEW).content.decode()) == "Not given"
