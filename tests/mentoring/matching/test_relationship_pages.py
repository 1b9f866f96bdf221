"""The coordinator's relationship pages: the list (filters, search, pages, flat queries),
the relationship page with its next steps, each step's form (bad input kept, a message
beside the field, nothing half-saved), and the printed introduction letter."""

import re
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from mentoring.matching.models import Relationship
from tests.factories import (
    MenteeFactory,
    ReferralFactory,
    RelationshipFactory,
    SiteFactory,
)
from tests.support.dates import in_boxes

pytestmark = pytest.mark.django_db

LIST = reverse("matching:relationships")


def url(name, relationship):
    return reverse(f"matching:{name}", args=[relationship.pk])


def listed(response):
    return {r.pk for r in response.context["page"].object_list}


@pytest.fixture
def proposal(programme):
    return RelationshipFactory(programme=programme, proposed=True)


@pytest.fixture
def active(programme):
    return RelationshipFactory(programme=programme)


# --- The list --------------------------------------------------------------------------------


def test_the_list_shows_the_programmes_relationships_with_status_site_and_mentor(
    client, coordinator, programme, other_programme, active, proposal
):
    RelationshipFactory(programme=other_programme)
    client.force_login(coordinator)
    response = client.get(LIST)
    assert listed(response) == {active.pk, proposal.pk}
    page = response.content.decode()
    assert escape(active.mentor.full_name) in page
    assert "Active" in page
    assert "Proposed" in page


def test_the_list_filters_by_status_site_and_name(client, coordinator, programme, active, proposal):
    kirkton = SiteFactory(programme=programme, name="Kirkton")
    referral = ReferralFactory(programme=programme, site=kirkton)
    Relationship.objects.filter(pk=proposal.pk).update(referral=referral)
    paused = RelationshipFactory(programme=programme, status="paused", pause_reason="Away")
    # Names no other row shares (Faker's may: "Hill" is in "Churchill").
    type(active.mentee).objects.filter(pk=active.mentee_id).update(
        first_name="Qwilhelmina", last_name="Zxactivementeename"
    )
    active.mentee.refresh_from_db()
    type(paused.mentor).objects.filter(pk=paused.mentor_id).update(last_name="Zxpausedmentor")
    paused.mentor.refresh_from_db()
    client.force_login(coordinator)
    assert listed(client.get(LIST, {"status": "proposed"})) == {proposal.pk}
    assert listed(client.get(LIST, {"status": "current"})) == {active.pk, paused.pk}
    assert listed(client.get(LIST, {"site": kirkton.pk})) == {proposal.pk}
    name = f"{active.mentee.first_name} {active.mentee.last_name}"
    assert listed(client.get(LIST, {"q": name})) == {active.pk}
    assert listed(client.get(LIST, {"q": paused.mentor.last_name})) == {paused.pk}


def test_the_list_is_paginated(client, coordinator, programme):
    RelationshipFactory.create_batch(30, programme=programme)
    client.force_login(coordinator)
    first = client.get(LIST)
    assert len(first.context["page"].object_list) == 25
    assert 'href="?page=2"' in first.content.decode()
    assert len(client.get(LIST, {"page": 2}).context["page"].object_list) == 5


@pytest.mark.parametrize("rows", [1, 30])
def test_the_list_needs_the_same_queries_however_many_rows(
    client, coordinator, programme, rows, django_assert_max_num_queries
):
    site = SiteFactory(programme=programme)
    for _ in range(rows):
        RelationshipFactory(
            programme=programme, referral=ReferralFactory(programme=programme, site=site)
        )
    client.force_login(coordinator)
    with django_assert_max_num_queries(8):
        response = client.get(LIST)
    assert response.status_code == 200


# --- The relationship page ---------------------------------------------------------------------


def test_a_proposal_offers_the_agreements_then_the_start(client, coordinator, proposal):
    client.force_login(coordinator)
    page = client.get(url("relationship", proposal)).content.decode()
    assert f"Record that {proposal.mentee.first_name} agreed" in page
    assert f"Record that {proposal.mentor.first_name} agreed" in page
    assert "It did not go ahead" in page
    assert url("start", proposal) not in page
    for party in ("mentee", "mentor"):
        response = client.post(url("agree", proposal), {"party": party})
        assert response.status_code == 302
    page = client.get(url("relationship", proposal)).content.decode()
    assert "Record that" not in page
    assert url("start", proposal) in page
    assert f"recorded {timezone.localdate():%-d %B %Y}" in page
    assert f"by {escape(coordinator.display_name)}" in page


def test_an_agreement_posted_without_saying_whose_is_refused_in_words(
    client, coordinator, proposal
):
    client.force_login(coordinator)
    response = client.post(url("agree", proposal), {"party": "someone"})
    assert response.status_code == 400
    assert "Choose whose agreement" in response.content.decode()
    proposal.refresh_from_db()
    assert proposal.mentee_agreed_at is None


def test_starting_from_the_form_with_the_plan_and_date(
    client, coordinator, proposal, django_capture_on_commit_callbacks
):
    Relationship.objects.filter(pk=proposal.pk).update(
        mentee_agreed_at=timezone.now(), mentor_agreed_at=timezone.now()
    )
    client.force_login(coordinator)
    form = client.get(url("start", proposal))
    assert form.status_code == 200
    start_on = timezone.localdate() + timedelta(days=2)
    data = in_boxes(
        {
            "started_on": start_on,
            "formats": ["phone", "walking"],
            "planned_sessions": "8",
            "planned_interval_days": "14",
            "planned_length_weeks": "16",
            "review_after_session": "3",
        },
        "started_on",
    )
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url("start", proposal), data)
    assert response.status_code == 302
    proposal.refresh_from_db()
    assert (proposal.status, proposal.started_on, proposal.planned_sessions) == (
        "active", start_on, 8,
    )  # fmt: skip
    page = client.get(url("relationship", proposal)).content.decode()
    assert "Print the introduction letter" in page
    assert f"due {proposal.review_due_on:%-d %B %Y}" in page
    assert "Started" in page  # the history


def test_a_bad_plan_is_shown_beside_the_field_and_everything_typed_is_kept(
    client, coordinator, proposal
):
    Relationship.objects.filter(pk=proposal.pk).update(
        mentee_agreed_at=timezone.now(), mentor_agreed_at=timezone.now()
    )
    client.force_login(coordinator)
    data = in_boxes(
        {
            "started_on": timezone.localdate(),
            "formats": ["walking"],
            "planned_sessions": "4",
            "planned_interval_days": "21",
            "planned_length_weeks": "12",
            "review_after_session": "5",
        },
        "started_on",
    )
    response = client.post(url("start", proposal), data)
    assert response.status_code == 400
    page = response.content.decode()
    assert "The review must come within the planned sessions (1 to 4)" in page
    assert 'value="21"' in page  # everything typed is kept
    assert re.search(r'value="walking"[^>]*checked', page)
    proposal.refresh_from_db()
    assert proposal.status == "proposed"


def test_the_start_page_is_not_offered_before_both_agree(client, coordinator, proposal):
    client.force_login(coordinator)
    response = client.get(url("start", proposal))
    assert response.status_code == 302
    assert response.url == url("relationship", proposal)


def test_pause_resume_and_end_from_the_pages(client, coordinator, active):
    client.force_login(coordinator)
    back_on = timezone.localdate() + timedelta(days=14)
    response = client.post(
        url("pause", active), in_boxes({"reason": "Knee surgery", "expected_resume_on": back_on},
                                       "expected_resume_on"),
    )  # fmt: skip
    assert response.status_code == 302
    page = client.get(url("relationship", active)).content.decode()
    assert "Knee surgery" in page
    assert "Start the mentoring again" in page
    assert client.post(url("resume", active)).status_code == 302
    active.refresh_from_db()
    assert active.status == "active"
    response = client.post(
        url("end_early", active),
        in_boxes({"reason": "moved", "ended_on": timezone.localdate(), "note": "To Inverness"},
                 "ended_on"),
    )  # fmt: skip
    assert response.status_code == 302
    active.refresh_from_db()
    assert (active.status, active.end_reason) == ("ended_early", "moved")
    page = client.get(url("relationship", active)).content.decode()
    assert "No further steps" in page
    assert "To Inverness" in page


def test_a_pause_without_a_reason_says_what_to_do(client, coordinator, active):
    client.force_login(coordinator)
    response = client.post(url("pause", active), {})
    assert response.status_code == 400
    assert "Enter why the mentoring is paused" in response.content.decode()


def test_an_expected_resume_date_in_the_past_is_refused(client, coordinator, active):
    client.force_login(coordinator)
    yesterday = timezone.localdate() - timedelta(days=1)
    response = client.post(
        url("pause", active),
        in_boxes({"reason": "Away", "expected_resume_on": yesterday}, "expected_resume_on"),
    )
    assert response.status_code == 400
    assert "cannot be in the past" in response.content.decode()


def test_complete_and_did_not_go_ahead_from_the_pages(client, coordinator, active, proposal):
    client.force_login(coordinator)
    response = client.post(
        url("complete", active), in_boxes({"ended_on": timezone.localdate()}, "ended_on")
    )
    assert response.status_code == 302
    response = client.post(url("not_started", proposal), {"reason": "mentor_withdrew"})
    assert response.status_code == 302
    assert Relationship.objects.get(pk=active.pk).status == "completed"
    assert Relationship.objects.get(pk=proposal.pk).status == "not_started"


def test_a_step_that_is_not_possible_now_goes_back_with_a_message(client, coordinator, proposal):
    client.force_login(coordinator)
    response = client.get(url("pause", proposal), follow=True)
    assert "that step is not possible now" in response.content.decode()


def test_the_plan_can_be_changed_from_its_page(client, coordinator, active):
    client.force_login(coordinator)
    form = client.get(url("plan", active))
    assert 'value="6"' in form.content.decode()
    response = client.post(
        url("plan", active),
        {"formats": ["video"], "planned_sessions": "10", "planned_interval_days": "7",
         "planned_length_weeks": "10", "review_after_session": "2"},
    )  # fmt: skip
    assert response.status_code == 302
    active.refresh_from_db()
    assert (active.formats, active.planned_sessions) == (["video"], 10)


# --- The letter -----------------------------------------------------------------------------


def test_the_letter_introduces_the_mentor_by_first_name_and_prints_from_a_file(
    client, coordinator, active
):
    client.force_login(coordinator)
    response = client.get(url("letter", active))
    page = response.content.decode()
    assert response.status_code == 200
    assert f"Your peer mentor is {active.mentor.first_name}" in page
    assert escape(active.mentor.last_name) not in page
    assert f"Dear {active.mentee.first_name}" in page
    assert "data-print" in page
    assert "js/print.js" in page
    assert "<script>" not in page  # no inline script (CSP)
    assert "app-letter--large" not in page


def test_the_letter_is_addressed_for_a_window_envelope_from_the_referral(
    client, coordinator, programme
):
    referral = ReferralFactory(
        programme=programme, address="Flat 2\n14 Loanhead Road\nGlenmore", postcode="EH3 9DR"
    )
    relationship = RelationshipFactory(programme=programme, referral=referral)
    client.force_login(coordinator)
    page = client.get(url("letter", relationship)).content.decode()
    name = escape(relationship.mentee.full_name)
    assert (
        f'<p class="app-letter__to">{name}<br>Flat 2<br>14 Loanhead Road<br>Glenmore<br>EH3 9DR</p>'
        in page
    )
    # no referral, no address: the coordinator writes the envelope
    without = RelationshipFactory(programme=programme)
    assert "app-letter__to" not in client.get(url("letter", without)).content.decode()


def test_the_letter_is_in_large_print_for_a_mentee_who_needs_it(client, coordinator, programme):
    relationship = RelationshipFactory(
        programme=programme,
        mentee=MenteeFactory(programme=programme, needs_large_print=True, waiting_since=None),
    )
    client.force_login(coordinator)
    assert "app-letter--large" in client.get(url("letter", relationship)).content.decode()


def test_the_letter_waits_for_the_start(client, coordinator, proposal):
    client.force_login(coordinator)
    assert client.get(url("letter", proposal)).status_code == 302


def test_the_print_stylesheet_prints_only_the_letter():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static/css/site.css").read_text()
    rules = css[css.index("@media print") :]
    for hidden in (".app-header", ".govuk-service-navigation", ".govuk-footer", ".app-no-print"):
        assert hidden in rules
    assert ".app-letter--large { font-size: 18pt" in rules
