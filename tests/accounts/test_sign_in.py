"""Sign-in, sign-out, password change and reset, and closed sign-up."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from notifications.models import Delivery
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db


def test_a_coordinator_signs_in_with_email_and_lands_on_home(client, coordinator):
    response = client.post(
        reverse("account_login"), {"login": "coordinator@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    assert response.url == reverse("home")
    assert client.get(reverse("home")).context["user"] == coordinator


def test_sign_in_ignores_the_case_of_the_email(client, coordinator):
    response = client.post(
        reverse("account_login"), {"login": "Coordinator@Example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302


def test_a_wrong_password_is_refused_with_a_message_and_the_email_kept(client, coordinator):
    response = client.post(
        reverse("account_login"), {"login": "coordinator@example.org", "password": "wrong-one"}
    )
    assert response.status_code == 200
    assert "not correct" in response.content.decode()
    assert 'value="coordinator@example.org"' in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_an_inactive_account_cannot_sign_in(client, coordinator):
    coordinator.is_active = False
    coordinator.save()
    client.post(
        reverse("account_login"), {"login": "coordinator@example.org", "password": TEST_PASSWORD}
    )
    assert "_auth_user_id" not in client.session


def test_sign_out_ends_the_session(client, mentor):
    client.force_login(mentor)
    response = client.post(reverse("account_logout"))
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    assert client.get(reverse("home")).status_code == 302


def test_sign_up_is_closed(client):
    response = client.post(
        reverse("account_signup"),
        {
            "email": "stranger@example.org",
            "password1": "A-long-pass-1",
            "password2": "A-long-pass-1",
        },
    )
    assert not User.objects.filter(email="stranger@example.org").exists()
    assert "set up by coordinators" in response.content.decode()


def test_the_sign_in_page_does_not_offer_registration(client):
    page = client.get(reverse("account_login")).content.decode()
    assert reverse("account_signup") not in page


def test_password_reset_sends_one_email_with_a_link_that_sets_a_new_password(
    client, mentor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "mentor@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["mentor@example.org"]
    assert Delivery.objects.filter(status=Delivery.Status.SENT).count() == 1

    link = re.search(r"https?://[^/]+(/accounts/password/reset/key/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    response = client.post(
        form_page.redirect_chain[-1][0] if form_page.redirect_chain else link,
        {"password1": "a-brand-new-secret-9", "password2": "a-brand-new-secret-9"},
    )
    assert response.status_code == 302
    mentor.refresh_from_db()
    assert mentor.check_password("a-brand-new-secret-9")


def test_password_reset_for_an_unknown_email_looks_the_same_and_sends_nothing_useful(
    client, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert response.url == reverse("account_reset_password_done")


def test_a_signed_in_user_changes_their_password(client, physiotherapist):
    client.force_login(physiotherapist)
    response = client.post(
        reverse("account_change_password"),
        {
            "oldpassword": TEST_PASSWORD,
            "password1": "another-good-secret-7",
            "password2": "another-good-secret-7",
        },
    )
    assert response.status_code == 302
    physiotherapist.refresh_from_db()
    assert physiotherapist.check_password("another-good-secret-7")


def test_a_too_short_new_password_is_refused_beside_the_field(client, physiotherapist):
    client.force_login(physiotherapist)
    response = client.post(
        reverse("account_change_password"),
        {"oldpassword": TEST_PASSWORD, "password1": "short", "password2": "short"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password1"]


def test_the_admin_has_no_password_form_of_its_own_for_someone_already_signed_in(
    client, coordinator, administrator
):
    """It would let them sign in again as the administrator, without the lockout of the
    sign-in page after wrong passwords."""
    client.force_login(coordinator)
    assert client.get(reverse("admin:login")).status_code == 403
    response = client.post(
        reverse("admin:login"), {"username": administrator.email, "password": "x-admin-password-1"}
    )
    assert response.status_code == 403
    assert client.get(reverse("home")).context["user"] == coordinator


def test_an_administrator_sent_to_the_admins_sign_in_goes_on_to_the_admin(client, administrator):
    client.force_login(administrator)
    assert client.get(reverse("admin:login")).url == reverse("admin:index")
