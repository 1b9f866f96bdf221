"""The monitoring page, a flag's page (acknowledge, resolve), and feedback: the mentee's
link (single use, expiring) and a coordinator entering it. Who may open each is in
tests/test_authorisation.py."""

import re
from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from sessions_log.monitoring import services
from sessions_log.monitoring.models import Feedback, Flag
from tests.factories import FeedbackFactory, FlagFactory, RelationshipFactory


@pytest.fixture
def signed_in(client, coordinator):
    client.force_login(coordinator)
    return client


def flags(programme, count, **kwargs):
    return [
        FlagFactory(relationship=RelationshipFactory(programme=programme), **kwargs)
        for _ in range(count)
    ]


def test_the_page_lists_open_flags_most_urgent_first_linking_to_the_story(signed_in, programme):
    routine = FlagFactory(relationship=RelationshipFactory(programme=programme), severity="routine",
                          rule="review_due", details={"due_on": "2026-11-01"})  # fmt: skip
    urgent = FlagFactory(relationship=RelationshipFactory(programme=programme), severity="urgent",
                         rule="concern_logged", details={"concerns": 1, "urgent": 1})  # fmt: skip
    page = signed_in.get(reverse("monitoring:flags")).content.decode()
    assert page.index("An open concern raised by the mentor (urgent)") < page.index(
        "The coordinator&#x27;s review was due on 1 November 2026"
    )
    assert reverse("logs:story", args=[urgent.relationship_id]) in page
    assert reverse("logs:story", args=[routine.relationship_id]) in page


def test_filters_by_rule(signed_in, programme):
    FlagFactory(relationship=RelationshipFactory(programme=programme), rule="review_due",
                details={"due_on": "2026-11-01"})  # fmt: skip
    flags(programme, 1)
    page = signed_in.get(reverse("monitoring:flags"), {"rule": "review_due"}).content.decode()
    assert "1 open flag," in page


@pytest.mark.parametrize(
    ("wanted", "found"),
    [
        ({"rule": "review_due"}, 3),
        ({"severity": "urgent"}, 2),
        ({"rule": "review_due", "severity": "urgent"}, 1),
        ({"rule": "review_due", "severity": "routine"}, 2),
        ({"rule": "end_due"}, 0),
    ],
)
def test_a_filter_by_reason_or_how_soon_counts_from_the_summary(
    signed_in, programme, other_programme, wanted, found
):
    due = {"rule": "review_due", "details": {"due_on": "2026-11-01"}}
    flags(programme, 2, severity="routine", **due)
    flags(programme, 1, severity="urgent", **due)
    flags(programme, 1, severity="urgent", rule="concern_logged",
          details={"concerns": 1, "urgent": 1})  # fmt: skip
    flags(
        programme, 1, severity="routine", resolved_at=timezone.now(), resolution_note="Done", **due
    )  # resolved: not open
    flags(other_programme, 2, severity="routine", **due)  # not theirs
    response = signed_in.get(reverse("monitoring:flags"), wanted)
    assert response.context["page"].paginator.count == found
    assert len(response.context["page"].object_list) == found


def test_filters_by_the_mentors_name_typed_not_chosen_from_every_mentor(signed_in, programme):
    wanted, other = flags(programme, 2)
    type(wanted.relationship.mentor).objects.filter(pk=wanted.relationship.mentor_id).update(
        first_name="Euphemia", last_name="Zedlander"
    )
    page = signed_in.get(reverse("monitoring:flags"), {"mentor": "euphemia zed"}).content.decode()
    assert "1 open flag," in page
    assert 'value="euphemia zed"' in page
    assert escape(other.relationship.mentee.full_name) not in page
    # a box to type in, not every mentor listed to choose from
    assert re.search(r'<input[^>]*name="mentor"', page)
    assert not re.search(r'<select[^>]*name="mentor"', page)


def _queries(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("monitoring:flags")).status_code == 200
    return len(queries)


def test_the_page_takes_the_same_queries_for_5_flags_as_for_50(signed_in, programme, coordinator):
    seen = {"acknowledged_by": coordinator, "acknowledged_at": timezone.now()}
    flags(programme, 3)
    flags(programme, 2, **seen)  # the "Seen" column names who
    few = _queries(signed_in)
    flags(programme, 25)
    flags(programme, 20, **seen)
    assert _queries(signed_in) == few


def test_acknowledge_then_resolve_with_a_note(signed_in, programme, coordinator):
    flag = flags(programme, 1)[0]
    signed_in.post(reverse("monitoring:acknowledge", args=[flag.pk]))
    flag.refresh_from_db()
    assert flag.acknowledged_by == coordinator
    response = signed_in.post(reverse("monitoring:resolve", args=[flag.pk]), {"note": "Phoned"})
    assert response.status_code == 302
    flag.refresh_from_db()
    assert (flag.resolved_by, flag.resolution_note, flag.is_open) == (coordinator, "Phoned", False)


def test_resolving_without_a_note_says_so_beside_the_field(signed_in, programme):
    flag = flags(programme, 1)[0]
    response = signed_in.post(reverse("monitoring:resolve", args=[flag.pk]), {"note": "  "})
    assert response.status_code == 400
    assert "Say what was done, so other coordinators know" in response.content.decode()
    assert Flag.objects.get(pk=flag.pk).is_open


def test_the_home_shows_open_flag_counts(signed_in, programme):
    flags(programme, 2, severity="urgent")
    page = signed_in.get(reverse("home")).content.decode()
    assert "2 open flags" in page
    assert reverse("monitoring:flags") in page


# --- Feedback through the link ------------------------------------------------------------------


def _asked(programme, **kwargs):
    defaults = {"rating": None, "answered_at": None}
    return FeedbackFactory(
        relationship=RelationshipFactory(programme=programme), **{**defaults, **kwargs}
    )


def _link(feedback):
    return reverse("monitoring:feedback", args=[services.feedback_token(feedback)])


def test_a_mentee_answers_without_signing_in_once(client, programme):
    feedback = _asked(programme)
    page = client.get(_link(feedback)).content.decode()
    assert "How is your peer mentoring going?" in page
    assert "5: Very well" in page
    response = client.post(_link(feedback), {"rating": "2", "comment": "Hard to talk"})
    assert "Thank you" in response.content.decode()
    feedback.refresh_from_db()
    assert (feedback.rating, feedback.comment, feedback.entered_by) == (2, "Hard to talk", None)
    again = client.post(_link(feedback), {"rating": "5"})
    assert "You have already answered" in again.content.decode()
    feedback.refresh_from_db()
    assert feedback.rating == 2


def test_an_expired_link_says_so_and_stores_nothing(client, programme):
    feedback = _asked(programme, link_expires_at=timezone.now() - timedelta(minutes=1))
    response = client.post(_link(feedback), {"rating": "4"})
    assert "This link has expired" in response.content.decode()
    assert Feedback.objects.get(pk=feedback.pk).answered_at is None


def test_an_altered_link_does_not_work(client, programme):
    feedback = _asked(programme)
    response = client.get(_link(feedback)[:-3] + "xyz/")
    assert "This link does not work" in response.content.decode()


def test_no_answer_chosen_keeps_the_comment_and_says_what_to_do(client, programme):
    feedback = _asked(programme)
    response = client.post(_link(feedback), {"comment": "Nice mentor"})
    page = response.content.decode()
    assert response.status_code == 400
    assert "Choose how your mentoring is going, from 1 to 5" in page
    assert "Nice mentor" in page


def test_the_email_carries_the_link_and_no_clinical_detail(programme):
    from notifications import kinds
    from notifications.models import Delivery

    feedback = _asked(programme)
    delivery = Delivery.objects.create(
        kind=services.FEEDBACK_REQUEST, programme=programme, recipient_key="mentee:1",
        subject_key=f"feedback:{feedback.pk}", due_on=timezone.localdate(),
    )  # fmt: skip
    message = kinds.render(delivery)
    assert message is not None
    assert services.feedback_token(feedback) in message.body
    assert message.to == [feedback.relationship.mentee.email]
    # "Back pain peer mentoring" signs it: no scores, concerns or surname
    for word in ("pain today", "confidence", "concern", feedback.relationship.mentee.last_name):
        assert word not in message.body.lower()


# --- A coordinator enters it after a phone call -------------------------------------------------


def test_a_coordinator_enters_feedback_taken_on_the_phone(signed_in, programme, coordinator):
    relationship = RelationshipFactory(programme=programme)
    url = reverse("monitoring:relationship_feedback", args=[relationship.pk])
    response = signed_in.post(url, {"point": "second", "rating": "1", "comment": "Lonely"})
    assert response.status_code == 302
    feedback = Feedback.objects.get(relationship=relationship)
    assert (feedback.rating, feedback.entered_by) == (1, coordinator)
    again = signed_in.post(url, {"point": "second", "rating": "5"})
    assert again.status_code == 400
