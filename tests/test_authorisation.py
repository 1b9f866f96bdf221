"""Who may open what: every URL in the URLconf, for every persona, on an object of their own
programme and on one of another programme, against one table of expected answers.

EXPECTED is the authorisation table, the other half of accounts/capabilities.py: a new URL
without a row there fails `test_every_url_has_an_expected_answer`, so no view can be added
without saying who may use it. Anonymous visitors are sent to sign in everywhere except the
PUBLIC pages, each listed with its reason; no page shown to someone who is not an
administrator may mention anything of another programme.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from accounts.models import User
from tests.factories import (
    CoordinatorReminderPreferencesFactory,
    HeartbeatFactory,
    UserFactory,
)
from tests.world import OBJECT_OF, OTHERS, URLS, Side, Url, build_side

# --- The world: two programmes with everything each URL needs ---------------------------------


def _one_row_for_each_admin_page() -> None:
    """The admin's change, history and delete pages need a row of every model it shows."""
    Group.objects.create(name="Readers")
    EmailAddress.objects.create(user=UserFactory(), email="address@example.org", primary=True)
    HeartbeatFactory()
    CoordinatorReminderPreferencesFactory()
    interval = IntervalSchedule.objects.create(every=1, period=IntervalSchedule.DAYS)
    PeriodicTask.objects.create(name="A job", task="core.tasks.record_heartbeat", interval=interval)
    ClockedSchedule.objects.create(clocked_time=timezone.now())
    CrontabSchedule.objects.create(minute="0", hour="8")
    SolarSchedule.objects.create(event="sunrise", latitude="55.95", longitude="-3.19")


@dataclass
class World:
    own: Side
    other: Side
    administrator: User
    sessions: dict[str, str]  # persona -> session key, signed in once for the whole file


def _signed_in_sessions(users: dict[str, User]) -> dict[str, str]:
    sessions = {}
    for persona, user in users.items():
        client = Client()
        client.force_login(user)
        sessions[persona] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return sessions


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once for this file in a transaction rolled back at its end. Each test runs in a
    savepoint inside it (pytest-django's `db`), so whatever a POST changes is undone."""
    with (
        django_db_blocker.unblock(),
        transaction.atomic(),
        override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]),
    ):
        own = build_side("Glenmore programme", "Glenmore")
        administrator = User.objects.create_superuser(
            email="admin@example.org", password="x-admin-password-1"
        )
        world = World(
            own=own,
            other=build_side("Another programme", OTHERS),
            administrator=administrator,
            sessions=_signed_in_sessions({**own.people, "administrator": administrator}),
        )
        _one_row_for_each_admin_page()
        yield world
        transaction.set_rollback(True)


# --- Which object each URL is about -----------------------------------------------------------


def _path(url: Url, world: World, scope: str) -> str:
    if url.name in OBJECT_OF:
        side = world.own if scope == "own" else world.other
        return reverse(url.name, kwargs={"pk": side.objects[OBJECT_OF[url.name]].pk})
    if url.name == "admin:view_on_site":
        referral = world.own.objects["referral"]
        content_type = ContentType.objects.get_for_model(referral)
        return reverse(url.name, args=[content_type.pk, referral.pk])
    if url.name == "admin:auth_user_password_change":
        return reverse(url.name, args=[world.own.people["coordinator"].pk])
    if "<path:object_id>" in url.route:  # one row of a model the admin shows
        app_label, model_name = url.route.split("/")[1:3]
        model = next(
            model
            for model in admin.site._registry
            if (model._meta.app_label, model._meta.model_name) == (app_label, model_name)
        )
        pk = model._default_manager.order_by("pk").values_list("pk", flat=True).first()
        return "/" + url.route.replace("<path:object_id>", str(pk))
    return url.sample_path


# --- The table ------------------------------------------------------------------------------

SIGN_IN = "sign in"  # sent to the sign-in page (for admin pages, through the admin's sign-in)
PERSONAS = ("anonymous", "coordinator", "physiotherapist", "mentor", "mentee", "administrator")
GET, POST = "GET", "POST"

# Anonymous visitors are sent to sign in, except on these pages (url name -> why it is public).
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
    "monitoring:feedback": "a mentee's check-in from the single-use, expiring link in their email",
}

# What each URL answers each signed-in persona of the own programme (Glenmore), about an
# object of their own programme and about one of another. The method is GET, or an empty POST
# for views that only take POST (400 = "may, but the form is empty"). 403: the role may not
# use the page at all. 404: it may, but not on that object (another programme's, or a draft
# someone else is writing): it never learns the object exists. "-": the URL names no object.
# Admin pages follow one rule, `_admin_answer` below.
#
# fmt: off
EXPECTED: dict[str, tuple[str, tuple[Any, ...], tuple[Any, ...] | None]] = {
    # url name                         method  own programme             other programme
    #                                          coord physio mentor mentee admin (both)
    "referrals:new":                   (GET,  (200, 200, 403, 403, 200), None),
    "referrals:mine":                  (GET,  (403, 200, 403, 403, 200), None),
    "referrals:inbox":                 (GET,  (200, 403, 403, 403, 200), None),
    "referrals:detail":                (GET,  (200, 200, 403, 403, 200), (404, 404, 403, 403, 200)),
    # only the referrer finishes a draft (an administrator included: 404)
    "referrals:edit":                  (GET,  (404, 200, 403, 403, 404), (404, 404, 403, 403, 404)),
    "referrals:advance":               (POST, (400, 403, 403, 403, 400), (404, 403, 403, 403, 400)),
    "referrals:close":                 (POST, (400, 403, 403, 403, 400), (404, 403, 403, 403, 400)),
    # only the referrer withdraws (coordinators close instead)
    "referrals:withdraw":              (POST, (403, 400, 403, 403, 404), (403, 404, 403, 403, 404)),
    "recruitment:volunteer_apply":     (GET,  (200, 200, 200, 200, 200), None),
    "recruitment:volunteer_thanks":    (GET,  (200, 200, 200, 200, 200), None),
    "recruitment:mentor_list":         (GET,  (200, 403, 403, 403, 200), None),
    "recruitment:mentor_detail":       (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "recruitment:mentor_status":       (POST, (400, 403, 403, 403, 400), (404, 403, 403, 403, 400)),
    # invitations and "send again" answer by going back, with a message
    "recruitment:mentor_invite":       (POST, (302, 403, 403, 403, 302), (404, 403, 403, 403, 302)),
    "recruitment:interview_new":       (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "recruitment:reference_new":       (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "recruitment:reference_edit":      (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "recruitment:check_new":           (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    # a mentor's own pages; an administrator has no mentor record (404)
    "recruitment:my_profile":          (GET,  (403, 403, 200, 403, 404), None),
    "training:my_training":            (GET,  (403, 403, 200, 403, 404), None),
    "training:module_list":            (GET,  (200, 403, 403, 403, 200), None),
    "training:module_new":             (GET,  (200, 403, 403, 403, 200), None),
    "training:module_edit":            (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "training:training_session_new":   (GET,  (200, 403, 403, 403, 200), None),
    "training:training_matrix":        (GET,  (200, 403, 403, 403, 200), None),
    "notifications:problems":          (GET,  (200, 403, 403, 403, 200), None),
    "notifications:send_again":        (POST, (302, 403, 403, 403, 302), (404, 403, 403, 403, 302)),
    "home":                            (GET,  (200, 200, 200, 200, 200), None),
    "health":                          (GET,  (200, 200, 200, 200, 200), None),
    # allauth: the same for every signed-in person
    "account_login":                   (GET,  (302, 302, 302, 302, 302), None),  # home
    "account_signup":                  (GET,  (302, 302, 302, 302, 302), None),  # home
    "account_logout":                  (GET,  (200, 200, 200, 200, 200), None),  # "Sign out?"
    "account_inactive":                (GET,  (200, 200, 200, 200, 200), None),
    "account_reauthenticate":          (GET,  (200, 200, 200, 200, 200), None),
    # signing in by a code is off: back to the password
    "account_request_reauthentication_code": (GET, (302, 302, 302, 302, 302), None),
    "account_confirm_reauthentication_code": (GET, (302, 302, 302, 302, 302), None),
    "account_confirm_login_code":      (GET,  (302, 302, 302, 302, 302), None),
    "account_email":                   (GET,  (200, 200, 200, 200, 200), None),
    "account_keep_alive":              (POST, (204, 204, 204, 204, 204), None),  # "Stay signed in"
    "account_email_verification_sent": (GET,  (200, 200, 200, 200, 200), None),
    "account_confirm_email":           (GET,  (200, 200, 200, 200, 200), None),
    "account_change_password":         (GET,  (200, 200, 200, 200, 200), None),
    "account_set_password":            (GET,  (302, 302, 302, 302, 302), None),  # has one
    "account_reset_password":          (GET,  (200, 200, 200, 200, 200), None),
    "account_reset_password_done":     (GET,  (200, 200, 200, 200, 200), None),
    "account_reset_password_from_key": (GET,  (200, 200, 200, 200, 200), None),
    "account_reset_password_from_key_done": (GET, (200, 200, 200, 200, 200), None),
    # --- Matching engine (issue 10) ---
    "matching:suggestions":            (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "matching:assignment":             (GET,  (200, 403, 403, 403, 200), None),
    # --- Relationships (issue 10): coordinators only; a mentor and a mentee each have their
    # own page. A step that is not possible now goes back to the relationship (302).
    "matching:relationships":          (GET,  (200, 403, 403, 403, 200), None),
    "matching:relationship":           (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "matching:agree":                  (POST, (400, 403, 403, 403, 400), (404, 403, 403, 403, 400)),
    "matching:start":                  (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "matching:plan":                   (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "matching:pause":                  (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "matching:resume":                 (POST, (302, 403, 403, 403, 302), (404, 403, 403, 403, 302)),
    "matching:complete":               (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "matching:end_early":              (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "matching:not_started":            (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "matching:letter":                 (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    # an administrator is nobody's mentor or mentee: their page is empty, not refused
    "matching:my_mentees":             (GET,  (403, 403, 200, 403, 200), None),
    "matching:my_mentoring":           (GET,  (403, 403, 403, 200, 200), None),
    # --- Mentees (issue 10) ---
    "mentees:waiting":                 (GET,  (200, 403, 403, 403, 200), None),
    "mentees:register":                (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "mentees:detail":                  (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "mentees:edit":                    (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    # an invitation (or "send again") answers by going back to the mentee, with a message
    "mentees:invite":                  (POST, (302, 403, 403, 403, 302), (404, 403, 403, 403, 302)),
    # --- Session logs (issue 11): the mentor logs for their current mentees, a coordinator
    # for any mentor of their programme. "Log a contact" with one mentee goes to the form.
    "logs:choose":                     (GET,  (403, 403, 302, 403, 200), None),
    "logs:new":                        (GET,  (200, 403, 200, 403, 200), (404, 403, 404, 403, 200)),
    "logs:detail":                     (GET,  (200, 403, 200, 403, 200), (404, 403, 404, 403, 200)),
    "logs:correct":                    (GET,  (200, 403, 200, 403, 200), (404, 403, 404, 403, 200)),
    "logs:story":                      (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    # a physiotherapist sees the red flags about the patients they referred, never the logs
    "logs:concerns":                   (GET,  (200, 200, 403, 403, 200), None),
    "logs:concern":                    (GET,  (200, 200, 403, 403, 200), (404, 404, 403, 403, 200)),
    "logs:take":                       (POST, (302, 403, 403, 403, 302), (404, 403, 403, 403, 302)),
    "logs:close":                      (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "logs:plan":                       (GET,  (200, 403, 403, 403, 200), None),
    "logs:plan_suggested":             (POST, (302, 403, 403, 403, 302), None),
    "logs:plan_add":                   (GET,  (200, 403, 403, 403, 200), None),
    "logs:plan_step":                  (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "logs:plan_remove":                (POST, (302, 403, 403, 403, 302), (404, 403, 403, 403, 302)),
    # --- Monitoring (issue 12): coordinators only. The feedback link is public; with a
    # token that is not one, it says the link does not work (200) to whoever opens it.
    "monitoring:flags":                (GET,  (200, 403, 403, 403, 200), None),
    "monitoring:flag":                 (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "monitoring:acknowledge":          (POST, (302, 403, 403, 403, 302), (404, 403, 403, 403, 302)),
    "monitoring:resolve":              (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "monitoring:relationship_feedback": (GET, (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "monitoring:feedback":             (GET,  (200, 200, 200, 200, 200), None),
    # --- Reminders (issue 12); a mentor's own settings (an administrator has no mentor: 404)
    "reminders:mine":                  (GET,  (403, 403, 200, 403, 404), None),
    "reminders:summary_email":         (GET,  (200, 403, 403, 403, 200), None),
    "reminders:mentee":                (GET,  (200, 403, 403, 403, 200), (404, 403, 403, 403, 200)),
    "reminders:calls":                 (GET,  (200, 403, 403, 403, 200), None),
    "reminders:call_made":             (POST, (302, 403, 403, 403, 302), (404, 403, 403, 403, 302)),
    "reminders:letters":               (GET,  (200, 403, 403, 403, 200), None),
}
# fmt: on

# The admin (every `admin:` name and its unnamed patterns): administrators only. Visitors are
# sent to sign in; everyone else to the admin's sign-in, which refuses them (403). What an
# administrator gets where it is not 200:
ADMIN_EXCEPTIONS = {
    "admin:login": 302,  # already signed in: on to the admin's index
    "admin:logout": 405,  # signing out is a POST
    "admin:autocomplete": 403,  # asked without saying which field
    "admin:view_on_site": 302,  # to the object's own page
    "admin:core_heartbeat_add": 403,  # written by the worker only
    "admin:notifications_delivery_add": 403,  # written by the app only
    "admin:logs_sessionlog_add": 403,  # written by mentors and coordinators in the app
    "admin:logs_concern_add": 403,  # raised by a session log
    "admin:reminders_manualreminder_add": 403,  # written by the planning run only
    "admin:monitoring_flag_add": 403,  # opened by the monitoring run only
    "admin:monitoring_feedback_add": 403,  # from the mentee's link or a coordinator's page
    # records the app keeps are not deleted: a deleted delivery could be sent again, and a
    # flag, a letter or a call is the history of who did what
    "admin:core_heartbeat_delete": 403,
    "admin:notifications_delivery_delete": 403,
    "admin:reminders_manualreminder_delete": 403,
    "admin:monitoring_flag_delete": 403,
    "admin:monitoring_feedback_delete": 403,
    "admin/(?P<url>.*)$": 404,  # the catch-all, for an admin page that does not exist
}


def _is_admin(url: Url) -> bool:
    return url.route.startswith("admin/")


def _admin_answer(url: Url, persona: str) -> Any:
    if persona == "anonymous":
        return SIGN_IN
    if persona != "administrator":
        return 302 if url.name == "admin:logout" else 403  # logging out: back to the index
    if url.name in ADMIN_EXCEPTIONS:
        return ADMIN_EXCEPTIONS[url.name]
    if url.route.endswith("<path:object_id>/"):  # the old address of a change page
        return 302
    return 200


def _expected(url: Url, persona: str, scope: str) -> tuple[str, Any]:
    if _is_admin(url):
        return GET, _admin_answer(url, persona)
    if url.name not in EXPECTED:
        pytest.fail(f"Say in EXPECTED who may open {url.name}")
    method, own, other = EXPECTED[url.name]
    if persona == "anonymous":
        return method, 200 if url.name in PUBLIC else SIGN_IN
    answers = other if scope == "other" else own
    assert answers is not None
    return method, answers[PERSONAS.index(persona) - 1]


def _cases() -> Iterator[Any]:
    for url in URLS:
        scopes = ("own", "other") if url.name in OBJECT_OF else ("-",)
        for scope in scopes:
            for persona in PERSONAS:
                case_id = f"{url.name}-{persona}" + (f"-{scope}" if scope != "-" else "")
                yield pytest.param(url, persona, scope, id=case_id)


# --- The tests ------------------------------------------------------------------------------


def _answer(client: Any, method: str, path: str) -> tuple[Any, Any]:
    """The status, or SIGN_IN for a redirect to the sign-in page. A redirect to the admin's
    sign-in is followed: that page sends visitors to sign in and refuses everyone else."""
    response = client.post(path) if method == POST else client.get(path)
    if response.status_code == 302 and response.url.startswith(reverse("admin:login")):
        response = client.get(response.url)
    if response.status_code == 302 and response.url.startswith(reverse(settings.LOGIN_URL)):
        return SIGN_IN, response
    return response.status_code, response


@pytest.mark.django_db
@pytest.mark.parametrize(("url", "persona", "scope"), list(_cases()))
def test_who_may_open_what(client: Any, world: World, url: Url, persona: str, scope: str) -> None:
    method, expected = _expected(url, persona, scope)
    if persona != "anonymous":
        client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[persona]
    path = _path(url, world, scope)
    answer, response = _answer(client, method, path)
    assert answer == expected, f"{method} {path} as {persona}: {answer}, the table says {expected}"
    if persona != "administrator" and not response.streaming:
        page = response.content.decode()
        assert OTHERS not in page, f"{method} {path} shows {persona} another programme's data"


def test_every_url_has_an_expected_answer() -> None:
    missing = [url.name for url in URLS if not _is_admin(url) and url.name not in EXPECTED]
    assert not missing, f"Say in EXPECTED who may open {missing} (and name the URL if unnamed)"


def test_every_url_about_an_object_says_which_and_answers_for_another_programme() -> None:
    for url in URLS:
        if _is_admin(url) or url.name not in EXPECTED:
            continue
        names_an_object = "<int:pk>" in url.route
        assert (url.name in OBJECT_OF) == names_an_object, f"{url.name}: see OBJECT_OF"
        answers_other = EXPECTED[url.name][2] is not None
        assert answers_other == names_an_object, f"{url.name}: the other programme's answers"


def test_the_table_names_only_urls_that_exist() -> None:
    names = {url.name for url in URLS}
    assert set(EXPECTED) <= names
    assert set(PUBLIC) <= names
    assert set(OBJECT_OF) <= names
    assert set(ADMIN_EXCEPTIONS) <= names


@pytest.mark.django_db
def test_an_administrator_sees_both_programmes_so_the_check_for_leaks_can_fail(
    client: Any, world: World
) -> None:
    client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions["administrator"]
    for name in ("referrals:inbox", "recruitment:mentor_list", "training:module_list"):
        page = client.get(reverse(name)).content.decode()
        assert "Glenmore" in page
        assert OTHERS in page
