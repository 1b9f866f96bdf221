"""Screening, status changes with reasons, activation refused with reasons, invitations."""

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from mentoring.recruitment import services as recruitment_services
from mentoring.recruitment.models import Mentor
from mentoring.training import services as training_services
from notifications import tasks
from notifications.models import Delivery
from tests.factories import DisclosureCheckFactory, MentorFactory, TrainingModuleFactory
from tests.support.dates import in_boxes

pytestmark = pytest.mark.django_db

# Posted as the three boxes (day, month, year) each form shows.
DATES = ("held_on", "requested_on", "received_on", "issued_on", "renewal_due_on")


@pytest.fixture
def applicant(programme):
    return MentorFactory(programme=programme, first_name="Moira", last_name="Applicant",
                         email="moira@example.org")  # fmt: skip


def change(client, mentor, to_status, reason="Because"):
    return client.post(
        reverse("recruitment:mentor_status", args=[mentor.pk]),
        {"to_status": to_status, "reason": reason},
    )


def test_a_coordinator_records_an_interview_references_and_a_check(client, coordinator, applicant):
    client.force_login(coordinator)
    today = timezone.localdate()
    response = client.post(
        reverse("recruitment:interview_new", args=[applicant.pk]),
        in_boxes({"held_on": today, "outcome": "suitable", "notes": "Warm, good listener"}, *DATES),
    )
    assert response.status_code == 302
    interview = applicant.interviews.get()
    assert interview.interviewer == coordinator
    for name in ("Referee One", "Referee Two"):
        client.post(
            reverse("recruitment:reference_new", args=[applicant.pk]),
            in_boxes({"referee_name": name, "referee_contact": "ref@example.org",
                      "requested_on": today, "received_on": today,
                      "satisfactory": "true"}, *DATES),
        )  # fmt: skip
    assert applicant.references.filter(satisfactory=True).count() == 2
    client.post(
        reverse("recruitment:check_new", args=[applicant.pk]),
        in_boxes({"scheme": "pvg", "number": "1234 5678", "issued_on": today,
                  "renewal_due_on": today + timedelta(days=1095), "outcome": "clear"}, *DATES),
    )  # fmt: skip
    assert applicant.disclosure_checks.get().is_in_date(today)
    page = client.get(applicant.get_absolute_url()).content.decode()
    assert "Warm, good listener" in page
    assert "References (2 of 2)" in page


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"outcome": "clear", "issued_on": "", "renewal_due_on": ""}, "issued_on",
         "Enter the issue date"),
        ({"outcome": "clear", "issued_on": "2024-01-01", "renewal_due_on": "2023-01-01"},
         "renewal_due_on", "after the issue date"),
        ({"issued_on": "0001-01-01"}, "issued_on", "on or after 1 January 1990"),
        ({"issued_on": "2999-01-01"}, "issued_on", "cannot be in the future"),
        ({"renewal_due_on": "9999-12-31"}, "renewal_due_on", "within the next 10 years"),
        ({"issued_on": "2024-01-01", "renewal_due_on": "2034-01-02"}, "renewal_due_on",
         "The renewal date must be within 10 years of the issue date."),
        ({"outcome": "pending", "issued_on": "", "renewal_due_on": "9999-12-31"},
         "renewal_due_on", "within the next 10 years"),
        ({"scheme": ""}, "scheme", "Choose the type of check"),
    ],
)  # fmt: skip
def test_a_disclosure_check_with_bad_dates_is_explained_beside_the_field(
    client, coordinator, applicant, data, field, message
):
    client.force_login(coordinator)
    form = {"scheme": "dbs", "number": "001", "issued_on": "2024-01-01",
            "renewal_due_on": "2027-01-01", "outcome": "clear", **data}  # fmt: skip
    response = client.post(
        reverse("recruitment:check_new", args=[applicant.pk]), in_boxes(form, *DATES)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert 'value="001"' in response.content.decode()
    assert not applicant.disclosure_checks.exists()


def test_a_renewal_exactly_10_years_after_issue_is_accepted(client, coordinator, applicant):
    client.force_login(coordinator)
    form = {"scheme": "dbs", "number": "001", "issued_on": "2024-02-29",
            "renewal_due_on": "2034-02-28", "outcome": "clear"}  # fmt: skip
    response = client.post(
        reverse("recruitment:check_new", args=[applicant.pk]), in_boxes(form, *DATES)
    )
    assert response.status_code == 302
    assert applicant.disclosure_checks.get().renewal_due_on.isoformat() == "2034-02-28"


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"held_on": "0001-01-01"}, "held_on", "on or after 1 January 1990"),
        ({"held_on": "9999-12-31"}, "held_on", "once it has happened"),
        ({"notes": "x" * 2001}, "notes", "Enter 2000 characters or fewer"),
    ],
)
def test_bad_interview_details_are_explained_beside_the_field(
    client, coordinator, applicant, data, field, message
):
    client.force_login(coordinator)
    form = {"held_on": "2026-01-05", "outcome": "suitable", "notes": "", **data}
    response = client.post(
        reverse("recruitment:interview_new", args=[applicant.pk]), in_boxes(form, *DATES)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not applicant.interviews.exists()


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"requested_on": "0001-01-01"}, "requested_on", "on or after 1 January 1990"),
        ({"requested_on": "9999-12-31"}, "requested_on", "cannot be in the future"),
        ({"received_on": "9999-12-31"}, "received_on", "cannot be in the future"),
        ({"requested_on": "2026-01-10", "received_on": "2026-01-09"}, "received_on",
         "cannot be before the date it was requested"),
        ({"notes": "x" * 2001}, "notes", "Enter 2000 characters or fewer"),
    ],
)  # fmt: skip
def test_a_reference_with_bad_dates_is_explained_beside_the_field(
    client, coordinator, applicant, data, field, message
):
    client.force_login(coordinator)
    form = {"referee_name": "Ref", "referee_contact": "ref@example.org", **data}
    response = client.post(
        reverse("recruitment:reference_new", args=[applicant.pk]), in_boxes(form, *DATES)
    )
    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert not applicant.references.exists()


def test_a_received_reference_needs_its_date(client, coordinator, applicant):
    client.force_login(coordinator)
    response = client.post(
        reverse("recruitment:reference_new", args=[applicant.pk]),
        {"referee_name": "Ref", "referee_contact": "x", "satisfactory": "true"},
    )
    assert "received_on" in response.context["form"].errors


def test_each_status_change_is_recorded_with_who_and_why(client, coordinator, applicant):
    client.force_login(coordinator)
    assert change(client, applicant, "screening", "Interview booked").status_code == 302
    applicant.refresh_from_db()
    assert applicant.status == "screening"
    last = applicant.status_changes.last()
    assert (last.from_status, last.to_status, last.by, last.note) == (
        "applied", "screening", coordinator, "Interview booked",
    )  # fmt: skip


def test_a_status_change_needs_a_reason(client, coordinator, applicant):
    client.force_login(coordinator)
    response = change(client, applicant, "screening", reason="")
    assert response.status_code == 400
    assert "reason" in response.context["status_form"].errors


def test_steps_cannot_be_skipped(client, coordinator, applicant):
    client.force_login(coordinator)
    response = change(client, applicant, "active")
    assert response.status_code == 400
    applicant.refresh_from_db()
    assert applicant.status == "applied"


def test_accepting_an_applicant_gives_them_an_account_by_invitation_that_works_once(
    client, coordinator, applicant, django_capture_on_commit_callbacks
):
    client.force_login(coordinator)
    change(client, applicant, "screening")
    with django_capture_on_commit_callbacks(execute=True):
        change(client, applicant, "in_training", "References and check done")
    applicant.refresh_from_db()
    user = applicant.user
    assert applicant.status == "in_training"
    assert user.role == User.Role.MENTOR
    assert list(user.programmes.all()) == [applicant.programme]
    assert not user.has_usable_password()
    assert len(mail.outbox) == 1
    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", mail.outbox[0].body)
    client.logout()
    page = client.get(link.group(1), follow=True)
    set_password_url = page.redirect_chain[-1][0] if page.redirect_chain else link.group(1)
    response = client.post(
        set_password_url, {"password1": "a-new-mentor-pass-7", "password2": "a-new-mentor-pass-7"}
    )
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password("a-new-mentor-pass-7")
    again = client.get(link.group(1), follow=True)
    assert "password1" not in again.content.decode()  # the link is spent


def test_activation_is_refused_with_every_reason_until_training_and_checks_are_in_date(
    client, coordinator, programme
):
    mentor = MentorFactory(programme=programme, status="in_training")
    TrainingModuleFactory(programme=programme, name="Safeguarding adults")
    client.force_login(coordinator)
    response = change(client, mentor, "active")
    assert response.status_code == 400
    page = response.content.decode()
    assert "Training not done: Safeguarding adults." in page
    assert "No disclosure check" in page
    mentor.refresh_from_db()
    assert mentor.status == "in_training"


def test_activation_succeeds_once_everything_is_in_date(client, coordinator, programme):
    mentor = MentorFactory(programme=programme, status="in_training")
    module = TrainingModuleFactory(programme=programme, pass_mark=80)
    DisclosureCheckFactory(mentor=mentor)
    training_services.record_training(
        mentors=[mentor], module=module, completed_on=timezone.localdate(),
        delivered_by="T", method="online", scores={mentor.pk: 60}, notes="", by=coordinator,
        now=timezone.now(),
    )  # fmt: skip
    client.force_login(coordinator)
    assert "Quiz not passed" in change(client, mentor, "active").content.decode()
    training_services.record_training(
        mentors=[mentor], module=module, completed_on=timezone.localdate(),
        delivered_by="T", method="online", scores={mentor.pk: 85}, notes="", by=coordinator,
        now=timezone.now(),
    )  # fmt: skip
    assert change(client, mentor, "active").status_code == 302
    mentor.refresh_from_db()
    assert mentor.status == Mentor.Status.ACTIVE


def test_an_invitation_can_be_sent_again_and_none_once_the_password_is_set(
    client, coordinator, programme, django_capture_on_commit_callbacks
):
    mentor = MentorFactory(programme=programme, status="screening")
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        change(client, mentor, "in_training")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("recruitment:mentor_invite", args=[mentor.pk]))
    assert len(mail.outbox) == 2
    mentor.refresh_from_db()
    mentor.user.set_password("chosen-password-1")
    mentor.user.save()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("recruitment:mentor_invite", args=[mentor.pk]))
    assert len(mail.outbox) == 2


def test_applicants_waiting_too_long_stand_out(client, coordinator, programme):
    MentorFactory(programme=programme, last_name="Waited",
                  applied_at=timezone.now() - timedelta(days=30))  # fmt: skip
    MentorFactory(programme=programme, last_name="Fresh")
    client.force_login(coordinator)
    page = client.get(reverse("recruitment:mentor_list"), {"status": "applicants"})
    html = page.content.decode()
    assert html.count("Waiting too long") == 1
    assert html.index("Waited") < html.index("Waiting too long")


def test_an_invitation_task_run_twice_sends_one_email(programme, coordinator):
    mentor = MentorFactory(programme=programme, status="screening")
    recruitment_services.change_status(
        mentor=mentor, to_status="in_training", by=coordinator, reason="ok",
        now=timezone.now(), today=timezone.localdate(),
    )  # fmt: skip
    mail.outbox.clear()
    delivery = Delivery.objects.get(kind="mentor_invitation")
    tasks.send_delivery.delay(delivery.pk)
    tasks.send_delivery.delay(delivery.pk)
    assert len(mail.outbox) == 1
