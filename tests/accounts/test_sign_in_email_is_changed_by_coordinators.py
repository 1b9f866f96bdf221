"""Nobody changes their own sign-in email address: coordinators do that. The page that
allauth would use for it explains this instead, and changes nothing whatever is sent."""

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

pytestmark = pytest.mark.django_db

EMAIL_PAGE = "/accounts/email/"


def test_the_page_says_in_plain_words_that_the_coordinator_changes_it(client, mentor):
    client.force_login(mentor)
    response = client.get(EMAIL_PAGE)
    assert response.status_code == 200
    page = response.content.decode()
    assert "mentor@example.org" in page
    assert "Your coordinator changes the email address you sign in with" in page
    main = page.split('id="main"')[1].split("</main>")[0]
    assert "<form" not in main  # nothing to fill in


def test_the_page_is_where_allauth_links_to(client, mentor):
    assert reverse("account_email") == EMAIL_PAGE


def test_adding_an_address_adds_nothing_and_keeps_the_sign_in_email(client, mentor):
    client.force_login(mentor)
    response = client.post(EMAIL_PAGE, {"email": "someone-else@example.org", "action_add": ""})
    assert response.status_code == 200
    assert not EmailAddress.objects.filter(email="someone-else@example.org").exists()
    mentor.refresh_from_db()
    assert mentor.email == "mentor@example.org"


def test_making_another_address_primary_changes_nothing(client, mentor):
    EmailAddress.objects.create(user=mentor, email="mentor@example.org", primary=True)
    EmailAddress.objects.create(user=mentor, email="other@example.org", verified=True)
    client.force_login(mentor)
    client.post(EMAIL_PAGE, {"email": "other@example.org", "action_primary": ""})
    client.post(EMAIL_PAGE, {"email": "mentor@example.org", "action_remove": ""})
    mentor.refresh_from_db()
    assert mentor.email == "mentor@example.org"
    assert EmailAddress.objects.get(email="mentor@example.org").primary
    assert EmailAddress.objects.filter(user=mentor).count() == 2


def test_anonymous_visitors_are_sent_to_sign_in(client):
    response = client.post(EMAIL_PAGE, {"email": "x@example.org", "action_add": ""})
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    assert not EmailAddress.objects.exists()
