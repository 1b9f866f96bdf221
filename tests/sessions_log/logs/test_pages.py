"""The mentor's home (mentees, next contacts, the plan for each pair's next session, one
large "Log a contact"), the coordinator's story of a relationship (contacts, concerns and
steps in order; pain and confidence as a chart with the same figures in a table), and the
session plan coordinators keep."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from sessions_log.logs import services
from sessions_log.logs.models import SessionPlanStep
from tests.factories import (
    ConcernFactory,
    MenteeFactory,
    RelationshipFactory,
    SessionLogFactory,
    SessionPlanStepFactory,
)

pytestmark = pytest.mark.django_db

HOME = reverse("home")


# --- The mentor's home ---------------------------------------------------------------------


def test_the_mentor_sees_each_mentee_the_next_contact_and_the_plan_for_the_next_session(
    client, mentor, pair
):
    services.use_suggested_plan(programme_id=pair.programme_id)
    SessionLogFactory(relationship=pair, occurred_at=timezone.now() - timedelta(days=20))
    following = timezone.now() + timedelta(days=3)
    SessionLogFactory(
        relationship=pair, occurred_at=timezone.now() - timedelta(days=6),
        next_contact_at=following,
    )  # fmt: skip
    pair.next_contact_at = following  # as logging it does (test_logging.py)
    pair.save(update_fields=["next_contact_at"])
    SessionLogFactory(relationship=pair, outcome="no_answer", minutes=None, pain=None,
                      confidence=None, topics=[],
                      occurred_at=timezone.now() - timedelta(days=30))  # fmt: skip
    client.force_login(mentor)
    page = client.get(HOME).content.decode()
    assert "Log a contact" in page
    assert "Agnes" in page
    assert "Lennox" not in page
    local = timezone.localtime(following)
    assert f"{local:%A} {local.day} {local:%B}" in page
    assert "2 of 6 sessions held" in page
    assert "Session 3: Pacing everyday jobs" in page  # the plan's next session
    assert "spreading jobs out" in page


def test_without_a_log_the_next_contact_follows_the_plan(client, mentor, pair):
    client.force_login(mentor)
    page = client.get(HOME).content.decode()
    next_contact = pair.started_on + timedelta(days=28)  # sessions every 14 days from day 0
    assert f"{next_contact:%A} {next_contact.day} {next_contact:%B}" in page
    assert "0 of 6 sessions held" in page


def test_log_a_contact_goes_straight_to_the_form_with_one_mentee_else_asks_who(
    client, mentor, pair, programme
):
    client.force_login(mentor)
    response = client.get(reverse("logs:choose"))
    assert response.url == reverse("logs:new", args=[pair.pk])
    other = RelationshipFactory(
        programme=programme, mentor=pair.mentor,
        mentee=MenteeFactory(programme=programme, first_name="Bill", waiting_since=None),
    )  # fmt: skip
    page = client.get(reverse("logs:choose")).content.decode()
    assert "Who was the contact with?" in page
    assert reverse("logs:new", args=[other.pk]) in page
    assert reverse("logs:new", args=[pair.pk]) in page


@pytest.mark.parametrize("mentees", [1, 3])
def test_the_mentors_home_takes_a_fixed_number_of_queries(
    client, mentor, pair, programme, mentees, django_assert_max_num_queries
):
    services.use_suggested_plan(programme_id=programme.pk)
    for n in range(mentees - 1):
        other = RelationshipFactory(
            programme=programme, mentor=pair.mentor,
            mentee=MenteeFactory(programme=programme, waiting_since=None),
        )  # fmt: skip
        SessionLogFactory.create_batch(n + 1, relationship=other)
    SessionLogFactory.create_batch(2, relationship=pair)
    client.force_login(mentor)
    with django_assert_max_num_queries(12):
        page = client.get(HOME).content.decode()
    assert page.count("Log a contact with") == mentees


def test_the_log_form_shows_the_plan_for_this_session(client, mentor, pair):
    services.use_suggested_plan(programme_id=pair.programme_id)
    SessionLogFactory(relationship=pair)
    client.force_login(mentor)
    page = client.get(reverse("logs:new", args=[pair.pk])).content.decode()
    assert "The plan for session 2: Goals and keeping active" in page


# --- The story, for coordinators ------------------------------------------------------------


def test_the_story_puts_contacts_concerns_and_steps_in_order_with_a_chart_and_its_table(
    client, coordinator, pair
):
    now = timezone.now()
    SessionLogFactory(relationship=pair, occurred_at=now - timedelta(days=15), pain=7,
                      confidence=3)  # fmt: skip
    SessionLogFactory(relationship=pair, occurred_at=now - timedelta(days=10),
                      outcome="cancelled_by_mentee", minutes=None, pain=None, confidence=None,
                      topics=[])  # fmt: skip
    ConcernFactory(
        log=SessionLogFactory(relationship=pair, red_flag=True, pain=8, confidence=2,
                              occurred_at=now - timedelta(days=2))
    )  # fmt: skip
    client.force_login(coordinator)
    response = client.get(reverse("logs:story", args=[pair.pk]))
    page = response.content.decode()
    assert response.context["held"] == 2
    assert [(r.pain, r.confidence) for r in response.context["readings"]] == [(7, 3), (8, 2)]
    assert '<svg viewBox="0 0 640 300" role="img"' in page
    assert page.count("<circle") == 2
    assert page.count("<rect") == 2
    assert "<caption" in page
    assert "Scores out of 10" in page
    first = page.index("Contact: it went ahead")
    cancelled = page.index("Contact: the mentee cancelled")
    concern = page.index("Concern raised: Signs that need a doctor soon")
    assert first < cancelled < concern


def test_a_story_without_scores_says_so_and_draws_no_chart(client, coordinator, pair):
    client.force_login(coordinator)
    page = client.get(reverse("logs:story", args=[pair.pk])).content.decode()
    assert "No scores yet" in page
    assert "<svg viewBox" not in page


@pytest.mark.parametrize("logs", [2, 12])
def test_the_story_takes_a_fixed_number_of_queries(
    client, coordinator, pair, logs, django_assert_max_num_queries
):
    SessionLogFactory.create_batch(logs, relationship=pair)
    ConcernFactory(log=SessionLogFactory(relationship=pair, red_flag=True))
    client.force_login(coordinator)
    with django_assert_max_num_queries(12):
        assert client.get(reverse("logs:story", args=[pair.pk])).status_code == 200


# --- The session plan -----------------------------------------------------------------------


def test_a_coordinator_starts_from_the_suggested_plan_then_changes_adds_and_removes(
    client, coordinator, programme
):
    client.force_login(coordinator)
    page = client.get(reverse("logs:plan")).content.decode()
    assert "has no session plan yet" in page
    client.post(reverse("logs:plan_suggested"), {"programme": programme.pk})
    assert SessionPlanStep.objects.filter(programme=programme).count() == 6
    client.post(reverse("logs:plan_suggested"), {"programme": programme.pk})
    assert SessionPlanStep.objects.filter(programme=programme).count() == 6  # not twice

    third = SessionPlanStep.objects.get(programme=programme, number=3)
    response = client.post(reverse("logs:plan_step", args=[third.pk]), {"topic": ""})
    assert response.status_code == 400
    assert response.context["form"].errors["topic"] == [
        "Enter the suggested topic for this session"
    ]
    client.post(
        reverse("logs:plan_step", args=[third.pk]),
        {"topic": "Pacing", "aims": "Rest before you need to", "target_outcomes": "A plan"},
    )
    third.refresh_from_db()
    assert (third.topic, third.aims) == ("Pacing", "Rest before you need to")

    client.post(f"{reverse('logs:plan_add')}?programme={programme.pk}", {"topic": "A seventh"})
    assert SessionPlanStep.objects.get(programme=programme, number=7).topic == "A seventh"

    client.post(reverse("logs:plan_remove", args=[third.pk]))
    assert SessionPlanStep.objects.filter(pk=third.pk).exists()  # only the last goes
    last = SessionPlanStep.objects.get(programme=programme, number=7)
    client.post(reverse("logs:plan_remove", args=[last.pk]))
    assert SessionPlanStep.objects.filter(programme=programme).count() == 6


def test_another_programmes_plan_is_out_of_reach(client, outsider, programme):
    step = SessionPlanStepFactory(programme=programme)
    client.force_login(outsider)
    assert client.get(reverse("logs:plan_step", args=[step.pk])).status_code == 404
    assert client.get(f"{reverse('logs:plan')}?programme={programme.pk}").status_code == 404
    assert (
        client.post(reverse("logs:plan_suggested"), {"programme": programme.pk}).status_code == 404
    )
