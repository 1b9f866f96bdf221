"""Walks the whole URLconf: every URL sends an anonymous visitor to sign in, except the
public ones listed here with the reason. New views are covered without anyone
remembering to add a test; a new public view must be added to PUBLIC on purpose."""

import uuid

import pytest
from django.conf import settings
from django.urls import get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404

from tests.urlconf import candidate_paths, walk

# url name -> why it is public
PUBLIC = {
    "account_login": "the sign-in page itself",
    "account_signup": "only says that accounts are made by coordinators",
    "account_reset_password": "asking for a password reset link",
    "account_reset_password_done": "says the reset link was sent",
    "account_reset_password_from_key": "the reset link from the email",
    "account_reset_password_from_key_done": "says the password was changed",
    "account_inactive": "says an account is closed",
    "account_email_verification_sent": "allauth's verification notice (verification is off)",
    "account_confirm_email": "allauth's email confirmation link (verification is off)",
    "health": "load balancer and docker-compose health check; says only ok or not",
    "recruitment:volunteer_apply": "the public 'Become a peer mentor' form (honeypot, rate limit)",
    "recruitment:volunteer_thanks": "the confirmation page after applying; shows nothing personal",
}

SAMPLES = ["1", "x", "MTk", "auth", str(uuid.uuid4()), "1-abc"]


def _all_urls():
    for route, pattern, name in walk(get_resolver().url_patterns):
        for path in candidate_paths(route, SAMPLES):
            try:
                match = resolve(path)
            except Resolver404:
                continue
            if match.func == pattern.callback:
                yield pytest.param(path, name, id=path)
                break
        else:
            raise AssertionError(f"Add a sample value so {route!r} can be walked")


@pytest.mark.django_db
@pytest.mark.parametrize(("path", "name"), list(_all_urls()))
def test_every_url_sends_anonymous_visitors_to_sign_in(client, path, name):
    if name in PUBLIC:
        assert client.get(path).status_code == 200
        return
    response = client.get(path)
    assert response.status_code == 302, f"{path} answered {response.status_code}"
    login = reverse(settings.LOGIN_URL)
    admin_login = reverse("admin:login")
    assert response.url.startswith((login, admin_login)), f"{path} redirected to {response.url}"
    if response.url.startswith(admin_login):  # the admin's sign-in is ours too
        assert client.get(response.url).url.startswith(login)


def test_the_public_list_names_only_urls_that_exist():
    names = {name for _, _, name in walk(get_resolver().url_patterns)}
    assert set(PUBLIC) <= names
