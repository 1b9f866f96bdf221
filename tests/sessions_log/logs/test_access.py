"""Who sees which logs and concerns (`visible_to`), beyond the URL table: a mentor only
their current pairs' logs, whoever wrote them; a mentee and a physiotherapist no logs; a
physiotherapist only red flags about patients they referred; nobody another programme's."""

from datetime import timedelta

import pytest
from django.utils import timezone

from sessions_log.logs import services
from sessions_log.logs.models import Concern, SessionLog, SessionPlanStep
from tests.factories import (
    ConcernFactory,
    RelationshipFactory,
    SessionLogFactory,
    SessionPlanStepFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def logs(pair, coordinator, programme, other_programme):
    own = SessionLogFactory(relationship=pair)
    for_the_mentor = SessionLogFactory(relationship=pair, logged_by=coordinator, on_behalf=True)
    someone_elses = SessionLogFactory(relationship=RelationshipFactory(programme=programme))
    elsewhere = SessionLogFactory(relationship=RelationshipFactory(programme=other_programme))
    return own, for_the_mentor, someone_elses, elsewhere


def test_each_person_sees_the_logs_they_should(
    logs, coordinator, mentor, mentee, physiotherapist, outsider, administrator
):
    own, for_the_mentor, someone_elses, elsewhere = logs
    assert set(SessionLog.objects.visible_to(coordinator)) == {own, for_the_mentor, someone_elses}
    assert set(SessionLog.objects.visible_to(mentor)) == {own, for_the_mentor}
    assert set(SessionLog.objects.visible_to(outsider)) == {elsewhere}
    assert not SessionLog.objects.visible_to(mentee).exists()
    assert not SessionLog.objects.visible_to(physiotherapist).exists()
    assert SessionLog.objects.visible_to(administrator).count() == 4


@pytest.mark.parametrize("status", ["completed", "ended_early", "not_started"])
def test_a_mentor_sees_no_logs_or_concerns_once_the_mentoring_is_over(pair, mentor, status):
    ConcernFactory(log=SessionLogFactory(relationship=pair, red_flag=True))
    pair.status, pair.end_reason = status, "health"
    pair.save(update_fields=["status", "end_reason"])
    assert not SessionLog.objects.visible_to(mentor).exists()
    assert not Concern.objects.visible_to(mentor).exists()


def test_a_closed_account_sees_nothing(pair, coordinator, mentor):
    SessionLogFactory(relationship=pair)
    for person in (coordinator, mentor):
        person.is_active = False
        assert not SessionLog.objects.visible_to(person).exists()


def test_a_physiotherapist_sees_only_red_flags_about_patients_they_referred(
    pair, physiotherapist, programme
):
    red_flag = ConcernFactory(log=SessionLogFactory(relationship=pair, red_flag=True))
    wellbeing_log = SessionLogFactory(
        relationship=pair, concern="wellbeing", concern_details="Low", red_flag_signs=[]
    )
    ConcernFactory(log=wellbeing_log, kind="wellbeing", urgent=False)
    ConcernFactory(
        log=SessionLogFactory(relationship=RelationshipFactory(programme=programme), red_flag=True)
    )
    assert list(Concern.objects.visible_to(physiotherapist)) == [red_flag]


def test_the_session_plan_is_seen_by_its_programmes_coordinators_and_mentors(
    programme, other_programme, coordinator, mentor, mentee, physiotherapist, outsider
):
    step = SessionPlanStepFactory(programme=programme)
    SessionPlanStepFactory(programme=other_programme)
    for person in (coordinator, mentor):
        assert list(SessionPlanStep.objects.visible_to(person)) == [step]
    for person in (mentee, physiotherapist):
        assert not SessionPlanStep.objects.visible_to(person).exists()
    assert step not in SessionPlanStep.objects.visible_to(outsider)


def test_correcting_an_older_log_leaves_the_pairs_next_contact_as_the_latest_says(
    pair, mentor, coordinator
):
    now = timezone.now()
    older = SessionLogFactory(relationship=pair, occurred_at=now - timedelta(days=14),
                              next_contact_at=now - timedelta(days=1))  # fmt: skip
    latest, _ = services.log_contact(
        relationship=pair,
        values={"occurred_at": now - timedelta(hours=2), "outcome": "held", "format": "phone",
                "minutes": 40, "next_contact_at": now + timedelta(days=13)},
        key=services.uuid.uuid4(), by=mentor, now=now,
    )  # fmt: skip
    pair.refresh_from_db()
    assert pair.next_contact_at == latest.next_contact_at
    values = {name: getattr(older, name) for name in services.LOG_FIELDS}
    values["next_contact_at"] = now + timedelta(days=30)
    services.correct_log(log=older, values=values, by=coordinator, now=now)
    pair.refresh_from_db()
    assert pair.next_contact_at == latest.next_contact_at
