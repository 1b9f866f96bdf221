"""A sign-in ends after an hour without activity, or after 12 hours however busy.

Time passes by moving the stored times back (the session's expiry date and the moment
of sign-in), not by sleeping.
"""

import time
from datetime import timedelta

import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse
from django.utils import timezone

from core.middleware import LAST_SEEN_AT, SIGNED_IN_AT
from tests.factories import TEST_PASSWORD

pytestmark = pytest.mark.django_db

HOME = reverse("home")


@pytest.fixture
def signed_in(client, coordinator):
    response = client.post(
        reverse("account_login"), {"login": "coordinator@example.org", "password": TEST_PASSWORD}
    )
    assert response.status_code == 302
    return client


def time_passes(client, *, minutes: float) -> None:
    """Move the clock on for this sign-in: everything stored happened `minutes` earlier."""
    key = client.cookies["sessionid"].value
    session = Session.objects.get(session_key=key)
    session.expire_date -= timedelta(minutes=minutes)
    data = session.get_decoded()
    for stored_time in (SIGNED_IN_AT, LAST_SEEN_AT):
        if stored_time in data:
            data[stored_time] -= minutes * 60
    session.session_data = Session.objects.encode(data)
    session.save()


def is_signed_in(client) -> bool:
    response = client.get(HOME)
    return response.status_code == 200


def test_the_defaults_are_an_hour_idle_and_twelve_hours_in_all(settings):
    assert settings.SESSION_COOKIE_AGE == 60 * 60
    assert settings.SESSION_ABSOLUTE_TIMEOUT.total_seconds() == 12 * 60 * 60


def test_someone_who_clicks_every_few_minutes_stays_signed_in_past_the_idle_time(signed_in):
    for _ in range(12):  # two hours of work, a page every ten minutes
        time_passes(signed_in, minutes=10)
        assert is_signed_in(signed_in)


def test_each_page_moves_the_end_of_the_sign_in_an_hour_on(signed_in):
    time_passes(signed_in, minutes=50)
    assert is_signed_in(signed_in)
    ends = Session.objects.get(session_key=signed_in.cookies["sessionid"].value).expire_date
    assert abs(ends - (timezone.now() + timedelta(hours=1))) < timedelta(minutes=1)


def test_an_hour_without_activity_signs_you_out(signed_in):
    time_passes(signed_in, minutes=61)
    response = signed_in.get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_after_twelve_hours_you_are_signed_out_even_while_active(signed_in):
    for _ in range(23):  # eleven and a half hours, a page every half hour
        time_passes(signed_in, minutes=30)
        assert is_signed_in(signed_in)
    time_passes(signed_in, minutes=31)
    response = signed_in.get(HOME)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))
    page = signed_in.get(response.url).content.decode()
    assert "signed in for 12 hours" in page
    assert not is_signed_in(signed_in)


def test_a_page_soon_after_another_writes_nothing_to_the_session(signed_in):
    signed_in.get(HOME)
    key = signed_in.cookies["sessionid"].value
    before = Session.objects.get(session_key=key).expire_date
    assert is_signed_in(signed_in)
    assert Session.objects.get(session_key=key).expire_date == before


def test_a_session_from_before_this_rule_starts_counting_at_the_next_page(client, coordinator):
    client.force_login(coordinator)
    session = client.session
    del session[SIGNED_IN_AT]
    session.save()
    assert is_signed_in(client)
    assert abs(client.session[SIGNED_IN_AT] - time.time()) < 60


# --- Saying why, and "Stay signed in" ----------------------------------------------------------

KEEP_ALIVE = reverse("account_keep_alive")


def test_after_the_idle_time_the_sign_in_page_says_why(signed_in):
    time_passes(signed_in, minutes=61)
    response = signed_in.post(reverse("referrals:new"), {"first_name": "Ann"})
    assert response.status_code == 302
    assert response.url == f"{reverse('account_login')}?next={reverse('referrals:new')}"
    page = signed_in.get(response.url).content.decode()
    assert "You were signed out because you had not done anything for 60 minutes." in page
    assert "Ann" not in response.url


def test_signing_out_on_purpose_says_nothing_about_being_idle(signed_in):
    signed_in.post(reverse("account_logout"))
    page = signed_in.get(reverse("account_login")).content.decode()
    assert "had not done anything" not in page


def test_keep_alive_needs_a_sign_in(client):
    response = client.post(KEEP_ALIVE)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login"))


def test_keep_alive_takes_only_post(signed_in):
    assert signed_in.get(KEEP_ALIVE).status_code == 405


def test_keep_alive_moves_the_end_of_the_sign_in_on(signed_in):
    time_passes(signed_in, minutes=59)
    assert signed_in.post(KEEP_ALIVE).status_code == 204
    ends = Session.objects.get(session_key=signed_in.cookies["sessionid"].value).expire_date
    assert abs(ends - (timezone.now() + timedelta(hours=1))) < timedelta(minutes=1)
    time_passes(signed_in, minutes=30)
    assert is_signed_in(signed_in)


def test_pages_say_when_the_sign_in_ends(signed_in):
    time_passes(signed_in, minutes=10)
    signed_in.get(HOME)  # moves the end on
    time_passes(signed_in, minutes=0.5)
    page = signed_in.get(HOME).content.decode()
    assert 'data-session-idle-seconds="3600"' in page
    left = int(page.split('data-session-seconds-left="')[1].split('"')[0])
    assert 3560 <= left <= 3571
    assert f'data-keep-alive-url="{KEEP_ALIVE}"' in page
