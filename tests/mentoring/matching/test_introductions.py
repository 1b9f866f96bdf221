"""The introductions when mentoring starts: sent only after the start commits, once; the
mentor learns what a mentor needs and never a clinical identifier; the mentee who chose
email hears about their mentor by first name."""

import pytest
from django.core import mail
from django.utils import timezone

from mentoring.matching import messages, services
from mentoring.matching.models import Relationship
from mentoring.referrals.models import Referral
from notifications import tasks
from notifications.models import Delivery

pytestmark = pytest.mark.django_db


@pytest.fixture
def agreed(coordinator, matchable_mentor, waiting_mentee):
    Referral.objects.filter(pk=waiting_mentee.registrations.get().referral_id).update(
        plan_exercises="Pelvic tilts daily", plan_notes="Sciatica on the left",
        pain_duration_weeks=30,
    )  # fmt: skip
    relationship = services.propose(
        mentee=waiting_mentee, mentor=matchable_mentor, by=coordinator, now=timezone.now()
    )
    for party in ("mentee", "mentor"):
        services.record_agreement(
            relationship=relationship, party=party, by=coordinator, now=timezone.now()
        )
    return relationship


def start(relationship, coordinator):
    return services.start(
        relationship=relationship, started_on=timezone.localdate(),
        plan=services.Plan.of(relationship), by=coordinator, now=timezone.now(),
    )  # fmt: skip


def mail_to(address):
    return [m for m in mail.outbox if address in m.to]


def test_no_introduction_is_sent_before_the_start_commits(
    agreed, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        start(agreed, coordinator)
    assert mail.outbox == []  # nothing while the transaction is open
    assert callbacks  # the sending waits for the commit
    for callback in callbacks:
        callback()
    assert len(mail.outbox) >= 1


def test_the_mentor_is_told_what_a_mentor_needs_and_no_clinical_identifier(
    agreed, coordinator, matchable_mentor, waiting_mentee, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start(agreed, coordinator)
    [email] = mail_to(matchable_mentor.user.email)
    body = email.body
    assert "Agnes" in email.subject
    assert "Agnes" in body
    assert "07700 900456" in body  # how to reach her
    assert "agnes@example.org" in body
    assert "Phone" in body  # the agreed way of meeting
    assert "Hearing support" in body  # communication needs
    assert "Walk to the shop and back without stopping" in body  # shared goals
    assert "/my-mentees/" in body
    referral = Referral.objects.get(pk=agreed.referral_id)
    date_of_birth = referral.date_of_birth
    for never in (
        waiting_mentee.last_name,
        referral.health_number,
        f"{referral.health_number[:3]} {referral.health_number[3:6]}",
        date_of_birth.strftime("%d/%m/%Y"),
        f"{date_of_birth.day} {date_of_birth:%B %Y}",
        date_of_birth.isoformat(),
        "Example Street",
        referral.postcode,
        "Pelvic tilts",
        "Sciatica",
        "30 weeks",
    ):
        assert never not in body, never
        assert never not in email.subject, never


def test_the_mentee_who_chose_email_hears_about_the_mentor_by_first_name(
    agreed, coordinator, matchable_mentor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        start(agreed, coordinator)
    [email] = mail_to("agnes@example.org")
    assert matchable_mentor.first_name in email.subject
    assert matchable_mentor.first_name in email.body
    assert matchable_mentor.last_name not in email.body
    assert matchable_mentor.phone not in email.body


@pytest.mark.parametrize("channel", ["phone", "letter", "text"])
def test_a_mentee_who_did_not_choose_email_gets_no_email(
    agreed,
    coordinator,
    waiting_mentee,
    matchable_mentor,
    physiotherapist,
    channel,
    django_capture_on_commit_callbacks,
):
    type(waiting_mentee).objects.filter(pk=waiting_mentee.pk).update(reminder_channel=channel)
    with django_capture_on_commit_callbacks(execute=True):
        start(agreed, coordinator)
    assert mail_to("agnes@example.org") == []
    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [matchable_mentor.user.email, physiotherapist.email]  # the referral is matched
    )


def test_each_introduction_goes_once_whatever_runs_again(
    agreed, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        relationship = start(agreed, coordinator)
    sent = len(mail.outbox)
    assert sent == 3  # mentor, mentee, and the physiotherapist's "matched"
    with django_capture_on_commit_callbacks(execute=True):
        messages.introductions(relationship=relationship, now=timezone.now())
    for delivery in Delivery.objects.all():
        tasks.send_delivery.delay(delivery.pk)
    assert len(mail.outbox) == sent


def test_an_introduction_for_mentoring_that_ended_before_sending_is_not_sent(
    agreed, coordinator, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        relationship = start(agreed, coordinator)
    Relationship.objects.filter(pk=relationship.pk).update(
        status="ended_early", end_reason="health"
    )
    for callback in callbacks:
        callback()
    assert [m.subject for m in mail.outbox if "Your" in m.subject] == []
    introductions = Delivery.objects.filter(kind__startswith="relationship_introduce")
    assert introductions.count() == 2
    assert not introductions.filter(status="sent").exists()
