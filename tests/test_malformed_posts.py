"""Walks the whole URLconf and posts malformed values to every URL, as each person who may
use it, and expects no server error (5xx): bad input gets a 400 or a message beside the
field. A new view, form or admin page is covered without anyone editing this file.

How each URL is visited:
- A number in the path (`<int:pk>`) is tried as 4242 and 4243: the `world` fixture gives
  those keys to a record of every kind the views look up (a submitted referral and a draft,
  an applicant and an active mentor, a reference, a module, a failed delivery). An admin
  page's object is a row of its model (from the world, or made by the model's factory).
- Who may use it is found by trying: anonymous first (a public page is posted to only
  anonymously), then the physiotherapist, the coordinator and the mentor, and the
  administrator only where none of them may; admin pages by the administrator. A person
  may use a page that answers them 200 or, for a POST-only view, whose empty POST is not
  refused (sign-in, 403, 404, 405). Everyone else posts nothing to it.
- The fields posted are those of the page's own post forms and of forms on the pages above
  it in the path whose action is this URL (a referral's status change sits on its page).
- The payloads: nothing; plausible values; then each kind of field (text, date, number,
  choice, formset count) filled with garbage while the others keep plausible values; every
  field at once with garbage; every field given twice; a body that is not a form at all.

Each request runs in a savepoint that is rolled back, so every payload meets the same world.
A fixed table rather than Hypothesis: the same requests every run, and about 40 seconds
for the whole URLconf.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from datetime import timedelta
from html.parser import HTMLParser
from typing import Any
from urllib.parse import urljoin, urlsplit

import pytest
from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib import admin
from django.contrib.auth.models import Group
from django.db import transaction
from django.test import Client, override_settings
from django.urls import get_resolver, resolve, reverse
from django.urls.exceptions import Resolver404
from django.utils import timezone
from django_celery_beat.models import (
    ClockedSchedule,
    CrontabSchedule,
    IntervalSchedule,
    PeriodicTask,
    SolarSchedule,
)

from accounts.models import User
from tests import factories
from tests.urlconf import candidate_paths, is_replaced, walk

pytestmark = pytest.mark.django_db

WORLD_PKS = ["4242", "4243"]
OTHER_SAMPLES = ["1", "x", "MTk", "auth", str(uuid.uuid4()), "1-abc"]

LONG_TEXT = "x" * 20_000
TEXT_GARBAGE = [LONG_TEXT, "nul\x00byte"]
DATE_GARBAGE = ["0001-01-01", "9999-12-31", "2023-02-30", "0", "32", "-1", "99999999999999"]
NUMBER_GARBAGE = ["-1", str(10**20), "1e309", "NaN"]
CHOICE_GARBAGE = ["not-a-choice", str(10**20)]
EVERYWHERE_GARBAGE = ["\x00", str(10**20)]
# A formset's counts: Django caps a huge TOTAL_FORMS at 1,000 forms, which is slow, not wrong.
MANAGEMENT_FIELDS = ("-TOTAL_FORMS", "-INITIAL_FORMS", "-MIN_NUM_FORMS", "-MAX_NUM_FORMS")
MANAGEMENT_GARBAGE = ["-1", "not-a-number"]
NOT_A_FORM = ("multipart/form-data; boundary=nothing", "--garbage\r\n")


# --- The world every URL is visited in ---------------------------------------------------


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[dict[str, User | None]]:
    """Records with the keys 4242 and 4243, and the personas who visit (None: anonymous).
    Built once for the module inside a transaction that is rolled back at its end; each
    test runs in a savepoint within it."""
    with (
        django_db_blocker.unblock(),
        override_settings(
            PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"],
            RATELIMIT_ENABLE=False,
            ACCOUNT_RATE_LIMITS=False,
            SESSION_ENGINE="django.contrib.sessions.backends.cache",
        ),
        transaction.atomic(),
    ):
        people = _build_world()
        yield people
        transaction.set_rollback(True)


def _build_world() -> dict[str, User | None]:
    programme = factories.ProgrammeFactory()
    factories.SiteFactory(programme=programme)
    coordinator, physiotherapist, mentor = (
        factories.UserFactory(role=role, programmes=[programme])
        for role in (User.Role.COORDINATOR, User.Role.PHYSIOTHERAPIST, User.Role.MENTOR)
    )
    administrator = User.objects.create_superuser(email="admin@example.org", password="x-4242")
    factories.ReferralFactory(pk=4242, programme=programme, referred_by=physiotherapist)
    factories.ReferralFactory(
        pk=4243,
        programme=programme,
        referred_by=physiotherapist,
        status="draft",
        submitted_at=None,
    )
    applicant = factories.MentorFactory(pk=4242, programme=programme, status="screening")
    factories.MentorReferenceFactory(pk=4242, mentor=applicant)
    factories.InterviewFactory(mentor=applicant, interviewer=coordinator)
    factories.DisclosureCheckFactory(mentor=applicant)
    own = factories.MentorFactory(
        pk=4243, programme=programme, user=mentor, status="active", capacity=3
    )
    module = factories.TrainingModuleFactory(pk=4242, programme=programme, pass_mark=80)
    factories.TrainingRecordFactory(mentor=own, module=module, quiz_score=90)
    factories.DeliveryFactory(pk=4242, recipient=coordinator, status="failed")
    # --- Mentees (issue 10): a waiting mentee for their page, editing and inviting. (The
    # registration form asks a subset of the edit form's fields; registering needs a
    # consented referral, which 4242 and 4243 are not: tests/mentoring/mentees posts to it.)
    factories.MenteeFactory(pk=4242, programme=programme)
    factories.HeartbeatFactory()
    factories.CoordinatorReminderPreferencesFactory(user=coordinator)
    # --- Relationships (issue 10): a proposal both agreed to, and an active pair.
    factories.RelationshipFactory(
        pk=4242, programme=programme, mentor=own, proposed=True,
        mentee_agreed_at=timezone.now(), mentor_agreed_at=timezone.now(),
    )  # fmt: skip
    factories.RelationshipFactory(pk=4243, programme=programme, mentor=own)
    # Rows of the admin's other models, so that each of their change pages has one to change.
    Group.objects.create(name="Helpers")
    EmailAddress.objects.create(user=coordinator, email=coordinator.email, primary=True)
    interval = IntervalSchedule.objects.create(every=1, period="hours")
    CrontabSchedule.objects.create()
    SolarSchedule.objects.create(event="sunrise", latitude=55.9, longitude=-3.2)
    ClockedSchedule.objects.create(clocked_time=timezone.now() + timedelta(days=1))
    PeriodicTask.objects.create(name="A task", task="core.tasks.tick", interval=interval)
    # --- Matching engine (issue 10): mentee 4242 (above) waits; mentor 4243 is matchable
    # with a place to spare, so the suggestions page's "Propose" is posted to as well.
    factories.DisclosureCheckFactory(mentor=own)
    return {
        "anonymous": None,
        "physiotherapist": physiotherapist,
        "coordinator": coordinator,
        "mentor": mentor,
        "administrator": administrator,
    }


def _admin_object(route: str) -> Any | None:
    """The row an admin page under `route` is about, if the route is one model's."""
    for model in admin.site._registry:
        if route.startswith(f"admin/{model._meta.app_label}/{model._meta.model_name}/"):
            row = model._default_manager.order_by("pk").first()
            if row is None:
                factory = next(
                    (
                        f
                        for f in vars(factories).values()
                        if getattr(getattr(f, "_meta", None), "model", None) is model
                    ),
                    None,
                )
                assert factory is not None, f"Give the world a {model.__name__} to change"
                row = factory()
            return row
    return None


def _paths(route: str, pattern: Any) -> list[str]:
    """The concrete paths to visit for a route: each world key where the route takes one."""
    row = _admin_object(route)
    samples = [str(row.pk)] if row is not None else WORLD_PKS
    found = []
    for group in (samples, OTHER_SAMPLES):
        for path in candidate_paths(route, group):
            try:
                match = resolve(path)
            except Resolver404:
                continue
            if match.func == pattern.callback and path not in found:
                found.append(path)
        if found:
            return found if group is samples else found[:1]
    raise AssertionError(f"Add a sample value so {route!r} can be walked")


# --- Reading a page's forms -------------------------------------------------------------


class PostForms(HTMLParser):
    """The fields of each <form method="post"> on a page: {action: {name: Field}}."""

    def __init__(self, page_path: str) -> None:
        super().__init__(convert_charrefs=True)
        self.page_path = page_path
        self.forms: dict[str, dict[str, dict[str, Any]]] = {}
        self._fields: dict[str, dict[str, Any]] | None = None
        self._select: dict[str, Any] | None = None
        self._textarea: dict[str, Any] | None = None

    def _field(self, name: str, kind: str) -> dict[str, Any]:
        assert self._fields is not None
        return self._fields.setdefault(name, {"kind": kind, "value": "", "options": []})

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {key: value or "" for key, value in attrs}
        if tag == "form":
            if a.get("method", "get").lower() == "post":
                action = urlsplit(urljoin(self.page_path, a.get("action", ""))).path
                self._fields = self.forms.setdefault(action, {})
            return
        if self._fields is None or (tag != "option" and not a.get("name")):
            return
        name = a.get("name", "")
        if name == "csrfmiddlewaretoken":
            return
        if tag == "input":
            kind = a.get("type", "text").lower()
            classes = a.get("class", "")
            if kind in ("radio", "checkbox"):
                field = self._field(name, "choice")
                field["options"].append(a.get("value", "on"))
                if "checked" in a:
                    field["value"] = a.get("value", "on")
            elif kind in ("submit", "button", "image", "reset", "file"):
                if kind == "submit":
                    self._field(name, "button")["value"] = a.get("value", "")
            else:
                if name.endswith(MANAGEMENT_FIELDS):
                    kind = "management"
                elif kind == "date" or "vDateField" in classes:
                    kind = "date"
                elif "govuk-date-input__input" in classes:
                    kind = "date part"  # the day, month or year box of a GOV.UK date
                elif kind in ("number", "range"):
                    kind = "number"
                field = self._field(name, kind)
                field["value"] = a.get("value", "")
        elif tag == "button" and a.get("type", "submit") == "submit":
            self._field(name, "button")["value"] = a.get("value", "")
        elif tag == "select":
            self._select = self._field(name, "choice")
        elif tag == "option" and self._select is not None:
            value = a.get("value", "")
            self._select["options"].append(value)
            if "selected" in a:
                self._select["value"] = value
        elif tag == "textarea":
            self._textarea = self._field(name, "textarea")

    def handle_data(self, data: str) -> None:
        if self._textarea is not None:
            self._textarea["value"] += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._fields = None
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _post_fields(pages: dict[str, str], path: str) -> dict[str, dict[str, Any]]:
    """The fields of every post form, on any of `pages`, whose action is `path`."""
    fields: dict[str, dict[str, Any]] = {}
    for page_path, html in pages.items():
        parser = PostForms(page_path)
        parser.feed(html)
        fields.update(parser.forms.get(path, {}))
    return fields


# --- What is posted ---------------------------------------------------------------------


def _plausible(name: str, field: dict[str, Any]) -> str:
    """A value a careful person might type, so that the other fields are not what fails."""
    if field["value"]:
        return field["value"]
    options = [option for option in field["options"] if option]
    lowered = name.lower()
    if field["kind"] == "choice":
        return options[0] if options else "on"
    if field["kind"] == "date":
        return (timezone.localdate() - timedelta(days=1)).isoformat()
    if field["kind"] == "date part":  # <name>_0 day, <name>_1 month, <name>_2 year
        yesterday = timezone.localdate() - timedelta(days=1)
        return str((yesterday.day, yesterday.month, yesterday.year)[int(name[-1])])
    if field["kind"] == "number":
        return "1"
    if field["kind"] == "email" or "email" in lowered or "login" in lowered:
        return "someone@example.org"
    if "password" in lowered:
        return "a-Long-password-4242"
    if "phone" in lowered or field["kind"] == "tel":
        return "07700 900123"
    if "postcode" in lowered or lowered == "area":
        return "EH3 9DR"
    if "health_number" in lowered:
        return "943 476 5919"
    return "Plain words"


def payloads(fields: dict[str, dict[str, Any]]) -> Iterator[tuple[str, dict[str, Any]]]:
    """(label, data) pairs, without repeats."""
    yield "nothing", {}
    if not fields:
        return
    plausible = {name: _plausible(name, field) for name, field in fields.items()}
    yield "plausible values", plausible
    by_kind = {
        "text": (TEXT_GARBAGE, {"text", "textarea", "email", "tel", "search", "url", "hidden"}),
        "date": (DATE_GARBAGE, {"date", "date part"}),
        "number": (NUMBER_GARBAGE, {"number"}),
        "choice": (CHOICE_GARBAGE, {"choice"}),
        "formset count": (MANAGEMENT_GARBAGE, {"management"}),
    }
    for label, (garbage, kinds) in by_kind.items():
        names = [name for name, field in fields.items() if field["kind"] in kinds]
        if names:
            for value in garbage:
                yield f"{label} fields {value[:12]!r}", {**plausible, **dict.fromkeys(names, value)}
    counts = {name: plausible[name] for name, f in fields.items() if f["kind"] == "management"}
    for value in EVERYWHERE_GARBAGE:
        yield f"every field {value[:12]!r}", {**dict.fromkeys(fields, value), **counts}
    yield "every field twice", {name: [value, "not-a-choice"] for name, value in plausible.items()}


# --- Visiting ---------------------------------------------------------------------------


class Person:
    """One persona's browser, signed in once (sessions live in the cache, so rolling back a
    request leaves them be) and again whenever a request signed them out."""

    def __init__(self, role: str, user: User | None) -> None:
        self.role, self.user = role, user
        self.client = Client()
        self._sign_in()

    def _session_cookie(self) -> str | None:
        cookie = self.client.cookies.get(settings.SESSION_COOKIE_NAME)
        return cookie.value if cookie else None

    def _sign_in(self) -> None:
        self.client.cookies.clear()
        if self.user is not None:
            self.client.force_login(self.user)
        self.signed_in_as = self._session_cookie()

    def visit(self, method: str, path: str, data: Any = None, **extra: Any) -> Any:
        """One request in a savepoint that is rolled back. An exception the view lets out
        is answered as a 500, with the exception to show."""
        if self._session_cookie() != self.signed_in_as:
            self._sign_in()
        with transaction.atomic():
            try:
                if method == "get":
                    return self.client.get(path)
                return self.client.post(path, data if data is not None else {}, **extra)
            except Exception as error:  # any exception that escapes is a server error
                return _Crashed(error)
            finally:
                transaction.set_rollback(True)


class _Crashed:
    def __init__(self, error: Exception) -> None:
        self.status_code = 500
        self.error = error


def _refused(response: Any) -> bool:
    if response.status_code in (403, 404, 405):
        return True
    sign_in = (reverse(settings.LOGIN_URL), reverse("admin:login"))
    return response.status_code == 302 and response.url.startswith(sign_in)


def _parents(path: str) -> Iterator[str]:
    parts = path.strip("/").split("/")
    for end in range(len(parts) - 1, 0, -1):
        yield "/" + "/".join(parts[:end]) + "/"


def _usable_fields(person: Person, path: str) -> dict[str, Any] | None:
    """The fields `person` should post to `path`, or None when the page is not theirs."""
    response = person.visit("get", path)
    pages = {}
    if response.status_code == 200:
        pages[path] = response.content.decode(errors="replace")
    elif response.status_code != 405 or _refused(person.visit("post", path)):
        return None
    for parent in _parents(path):
        above = person.visit("get", parent)
        if above.status_code == 200:
            pages[parent] = above.content.decode(errors="replace")
    return _post_fields(pages, path)


def _visitors(people: dict[str, Person], path: str) -> list[tuple[Person, dict[str, Any]]]:
    """Who may use `path`, by the rule in the module docstring, with the fields to post."""
    if path.startswith("/admin/"):
        candidates = [["administrator"]]
    else:
        candidates = [
            ["anonymous"],
            ["physiotherapist", "coordinator", "mentor"],
            ["administrator"],
        ]
    for roles in candidates:
        found = []
        for role in roles:
            fields = _usable_fields(people[role], path)
            if fields is not None:
                found.append((people[role], fields))
        if found:
            return found
    return []


def _routes() -> Iterator[Any]:
    for route, pattern, name in walk(get_resolver().url_patterns):
        if not is_replaced(name, pattern):
            yield pytest.param(route, pattern, id=name or route)


@pytest.mark.parametrize(("route", "pattern"), list(_routes()))
def test_no_malformed_post_gets_a_server_error(world, route, pattern):
    people = {role: Person(role, user) for role, user in world.items()}
    problems = []
    for path in _paths(route, pattern):
        visitors = _visitors(people, path)
        # Whoever may not use the page still gets no 5xx for posting nothing to it.
        for person in people.values():
            if person not in [visitor for visitor, _ in visitors]:
                response = person.visit("post", path)
                if response.status_code >= 500:
                    problems.append(f"{path} as {person.role}, nothing: {_why(response)}")
        for person, fields in visitors:
            for label, data in payloads(fields):
                response = person.visit("post", path, data)
                if response.status_code >= 500:
                    problems.append(f"{path} as {person.role}, {label}: {_why(response)}")
            content_type, body = NOT_A_FORM
            response = person.visit("post", path, body, content_type=content_type)
            if response.status_code >= 500:
                problems.append(f"{path} as {person.role}, a broken body: {_why(response)}")
    assert not problems, "\n".join(problems)


def _why(response: Any) -> str:
    error = getattr(response, "error", None)
    return repr(error)[:300] if error is not None else str(response.status_code)
