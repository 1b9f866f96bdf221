"""A mentee's account is optional: a coordinator invites them to choose a password (only
with an email address), and may send the invitation again. The email says as little as it
can."""

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from accounts.models import Membership, User
from mentoring.mentees import services
from notifications.models import Delivery
from tests.factories import TEST_PASSWORD, MenteeFactory, UserFactory

pytestmark = pytest.mark.django_db


def invite_url(mentee):
    return reverse("mentees:invite", args=[mentee.pk])


def test_a_coordinator_invites_a_mentee_who_gets_an_account_and_an_email(
    client, coordinator, programme, django_capture_on_commit_callbacks
):
    mentee = MenteeFactory(programme=programme, email="agnes@example.org", first_name="Agnes")
    referral = mentee.registrations.get().referral
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(invite_url(mentee), follow=True)
    assert "An invitation email is on its way to agnes@example.org." in response.content.decode()
    mentee.refresh_from_db()
    user = mentee.user
    assert (user.email, user.role, user.is_active) == ("agnes@example.org", "mentee", True)
    assert not user.has_usable_password()
    assert list(Membership.objects.filter(user=user).values_list("programme", flat=True)) == [
        programme.pk
    ]
    assert len(mail.outbox) == 1
    email = mail.outbox[0]
    assert email.to == ["agnes@example.org"]
    assert "Dear Agnes," in email.body
    assert "/accounts/password/reset/key/" in email.body
    # the least personal data: no surname, clinical identifier or date of birth
    assert mentee.last_name not in email.body
    assert referral.health_number not in email.body.replace(" ", "")
    assert str(referral.date_of_birth.year) not in email.body
    page = client.get(mentee.get_absolute_url()).content.decode()
    assert "It has not been used yet" in page
    assert "Send the invitation email again" in page


def test_the_invitation_can_be_sent_again_with_one_account(
    client, coordinator, programme, django_capture_on_commit_callbacks
):
    mentee = MenteeFactory(programme=programme)
    client.force_login(coordinator)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(invite_url(mentee))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(invite_url(mentee))
    assert User.objects.filter(email=mentee.email).count() == 1
    assert len(mail.outbox) == 2
    assert Delivery.objects.filter(kind="mentee_invitation").count() == 1


def test_the_invited_mentee_chooses_a_password_and_signs_in(
    client, coordinator, programme, django_capture_on_commit_callbacks
):
    mentee = MenteeFactory(programme=programme)
    with django_capture_on_commit_callbacks(execute=True):
        services.invite(mentee=mentee, by=coordinator, now=timezone.now())
    link = next(line for line in mail.outbox[0].body.splitlines() if "/password/reset/" in line)
    response = client.get(link.strip(), follow=True)
    client.post(
        response.redirect_chain[-1][0] if response.redirect_chain else link.strip(),
        {"password1": TEST_PASSWORD, "password2": TEST_PASSWORD},
    )
    mentee.refresh_from_db()
    assert mentee.user.has_usable_password()
    with pytest.raises(ValidationError) as refused:
        services.invite(mentee=mentee, by=coordinator, now=timezone.now())
    assert "already chosen a password" in refused.value.messages[0]


def test_a_mentee_without_an_email_address_cannot_be_invited(client, coordinator, programme):
    mentee = MenteeFactory(programme=programme, email="", reminder_channel="phone")
    client.force_login(coordinator)
    page = client.get(mentee.get_absolute_url()).content.decode()
    assert "Invite them to choose a password" not in page
    assert "add an email address" in page
    response = client.post(invite_url(mentee), follow=True)
    assert escape("Add an email address to this mentee's details first") in (
        response.content.decode()
    )
    mentee.refresh_from_db()
    assert mentee.user is None
    assert not User.objects.filter(role="mentee").exists()


def test_an_email_address_someone_already_signs_in_with_is_refused(client, coordinator, programme):
    UserFactory(email="shared@example.org", role=User.Role.PHYSIOTHERAPIST)
    mentee = MenteeFactory(programme=programme, email="Shared@example.org")
    client.force_login(coordinator)
    response = client.post(invite_url(mentee), follow=True)
    assert "Someone already has an account with this email address" in response.content.decode()
    mentee.refresh_from_db()
    assert mentee.user is None


def test_another_programmes_coordinator_cannot_invite(client, outsider, programme):
    mentee = MenteeFactory(programme=programme)
    client.force_login(outsider)
    assert client.post(invite_url(mentee)).status_code == 404
    mentee.refresh_from_db()
    assert mentee.user is None


def test_inviting_is_a_post(client, coordinator, programme):
    mentee = MenteeFactory(programme=programme)
    client.force_login(coordinator)
    assert client.get(invite_url(mentee)).status_code == 405
