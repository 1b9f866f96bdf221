"""A mentor's account works only while they are in training or active: invitations go to
no one else, pausing or retiring closes the account (and any session), and coming back
opens it again. A double click never makes a second account."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from mentoring.recruitment import services
from mentoring.recruitment.models import Mentor, MentorStatusChange
from tests.factories import TEST_PASSWORD, DisclosureCheckFactory, MentorFactory
from tests.support.concurrency import at_once

HOME = reverse("home")
LOGIN = reverse("account_login")


def change(mentor, to_status, by):
    return services.change_status(
        mentor=mentor, to_status=to_status, by=by, reason="Because", now=timezone.now(),
        today=timezone.localdate(),
    )  # fmt: skip


def signs_in(client, email):
    client.post(LOGIN, {"login": email, "password": TEST_PASSWORD})
    return "_auth_user_id" in client.session


# --- Invitations only for mentors in training or active ----------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["applied", "screening", "declined", "paused", "retired"])
def test_only_mentors_in_training_or_active_are_invited(programme, coordinator, status):
    mentor = MentorFactory(programme=programme, status=status)
    with pytest.raises(ValidationError) as refused:
        services.invite(mentor=mentor, by=coordinator)
    assert "Only mentors in training or active can be invited" in refused.value.messages[0]
    assert not User.objects.filter(email=mentor.email).exists()
    mentor.refresh_from_db()
    assert mentor.user is None


@pytest.mark.django_db
def test_the_invite_button_explains_why_an_applicant_cannot_be_invited(
    client, programme, coordinator
):
    mentor = MentorFactory(programme=programme, status="screening")
    client.force_login(coordinator)
    response = client.post(reverse("recruitment:mentor_invite", args=[mentor.pk]), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Only mentors in training or active can be invited to sign in." in page
    assert "This person is screening." in page
    assert not User.objects.filter(email=mentor.email).exists()


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["in_training", "active"])
def test_mentors_in_training_or_active_are_invited(programme, coordinator, status):
    mentor = MentorFactory(programme=programme, status=status)
    user = services.invite(mentor=mentor, by=coordinator)
    assert (user.email, user.role, user.is_active) == (mentor.email, User.Role.MENTOR, True)
    assert not user.has_usable_password()


# --- A double click --------------------------------------------------------------------------


@pytest.mark.django_db
def test_sending_the_invitation_twice_from_stale_pages_makes_one_account(programme, coordinator):
    mentor = MentorFactory(programme=programme, status="in_training")
    first_page, second_page = Mentor.objects.get(pk=mentor.pk), Mentor.objects.get(pk=mentor.pk)
    first = services.invite(mentor=first_page, by=coordinator)
    assert second_page.user is None  # what the second click still believes
    second = services.invite(mentor=second_page, by=coordinator)
    assert first == second
    assert User.objects.filter(email=mentor.email).count() == 1


@pytest.mark.django_db
def test_an_invitation_after_moving_to_training_from_a_stale_page_reuses_the_account(
    programme, coordinator
):
    mentor = MentorFactory(programme=programme, status="screening")
    stale = Mentor.objects.get(pk=mentor.pk)
    change(mentor, "in_training", coordinator)  # which invites
    user = services.invite(mentor=stale, by=coordinator)
    mentor.refresh_from_db()
    assert mentor.user == user
    assert User.objects.filter(email=mentor.email).count() == 1


@pytest.mark.django_db(transaction=True)
def test_two_invitations_sent_at_the_same_moment_make_one_account(programme, coordinator):
    mentor = MentorFactory(programme=programme, status="in_training")
    results = at_once(
        lambda: services.invite(mentor=Mentor.objects.get(pk=mentor.pk), by=coordinator),
        lambda: services.invite(mentor=Mentor.objects.get(pk=mentor.pk), by=coordinator),
    )
    assert all(isinstance(result, User) for result in results), results
    assert results[0] == results[1]
    assert User.objects.filter(email=mentor.email).count() == 1


@pytest.mark.django_db(transaction=True)
def test_moving_to_training_twice_at_the_same_moment_makes_one_account_and_one_step(
    programme, coordinator
):
    mentor = MentorFactory(programme=programme, status="screening")
    results = at_once(
        lambda: change(Mentor.objects.get(pk=mentor.pk), "in_training", coordinator),
        lambda: change(Mentor.objects.get(pk=mentor.pk), "in_training", coordinator),
    )
    moved = [r for r in results if isinstance(r, Mentor)]
    refused = [r for r in results if isinstance(r, ValidationError)]
    assert (len(moved), len(refused)) == (1, 1), results
    assert "cannot be moved to in training" in refused[0].messages[0]
    assert User.objects.filter(email=mentor.email).count() == 1
    assert MentorStatusChange.objects.filter(mentor=mentor, to_status="in_training").count() == 1


# --- Pausing, retiring and coming back -------------------------------------------------------


@pytest.fixture
def active_mentor(programme):
    mentor = MentorFactory(programme=programme, status="active", with_account=True)
    DisclosureCheckFactory(mentor=mentor)  # so that they may be made active again
    return mentor


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["paused", "retired"])
def test_a_paused_or_retired_mentor_cannot_sign_in(client, coordinator, active_mentor, status):
    assert signs_in(client, active_mentor.email)
    client.logout()
    change(active_mentor, status, coordinator)
    active_mentor.user.refresh_from_db()
    assert not active_mentor.user.is_active
    assert not signs_in(client, active_mentor.email)


@pytest.mark.django_db
@pytest.mark.parametrize("status", ["paused", "retired"])
def test_a_paused_or_retired_mentors_session_stops_working(
    client, coordinator, active_mentor, status
):
    client.force_login(active_mentor.user)
    assert client.get(HOME).status_code == 200
    change(active_mentor, status, coordinator)
    response = client.get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(LOGIN)


@pytest.mark.django_db
def test_a_paused_mentor_made_active_again_can_sign_in_again(client, coordinator, active_mentor):
    change(active_mentor, "paused", coordinator)
    assert not signs_in(client, active_mentor.email)
    change(active_mentor, "active", coordinator)
    active_mentor.user.refresh_from_db()
    assert active_mentor.user.is_active
    assert signs_in(client, active_mentor.email)
    assert client.get(HOME).status_code == 200


@pytest.mark.django_db
def test_a_paused_mentor_cannot_be_invited_again(coordinator, active_mentor):
    change(active_mentor, "paused", coordinator)
    with pytest.raises(ValidationError):
        services.invite(mentor=active_mentor, by=coordinator)
