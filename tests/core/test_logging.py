"""Database errors about a person's record reach the log without the person's details.

PostgreSQL quotes row values in its errors; these tests force real errors on PostgreSQL
and read what the configured log handler writes.
"""

import io
import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection, transaction
from django.test import Client, override_settings
from django.urls import include, path

from accounts.models import User
from core.logging import RedactPersonalData, redact
from tests.factories import ReferralFactory, UserFactory

ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.django_db

# An invented person; none of these may reach the log.
PERSON = {
    "first_name": "Margaret",
    "last_name": "Oldhamsworth",
    "email": "margaret.oldhamsworth@example.org",
}
SECRETS = ["margaret", "oldhamsworth"]


@pytest.fixture
def log_output() -> Iterator[io.StringIO]:
    """What the configured handlers write, however a record reaches them."""
    handlers = {
        handler
        for logger in (logging.getLogger(), logging.getLogger("django"))
        for handler in logger.handlers
        if isinstance(handler, logging.StreamHandler)
    }
    assert handlers, "no configured stream handler"
    output = io.StringIO()
    old_streams = {handler: handler.setStream(output) for handler in handlers}
    yield output
    for handler, stream in old_streams.items():
        handler.setStream(stream)


def assert_nothing_personal(text: str) -> None:
    assert text, "nothing was logged"
    for secret in SECRETS:
        assert secret not in text.lower(), f"{secret!r} is in the log:\n{text}"


# --- Django's 500 handling ------------------------------------------------------------------


def create_a_second_account_with_the_same_email(request):
    with transaction.atomic():
        User.objects.create(**{**PERSON, "email": PERSON["email"].upper()}, role=User.Role.MENTOR)


def create_an_account_with_an_unknown_role(request):
    with transaction.atomic():
        User.objects.create(**{**PERSON, "email": "someone.else@example.org", "role": "pilot"})


def submit_a_referral_without_consent(request):
    with transaction.atomic():
        ReferralFactory(
            **{k: v for k, v in PERSON.items() if k != "email"},
            health_number="9434765919",
            consent_to_contact=False,
        )


urlpatterns = [
    path("duplicate/", create_a_second_account_with_the_same_email),
    path("unknown-role/", create_an_account_with_an_unknown_role),
    path("no-consent/", submit_a_referral_without_consent),
    path("", include("config.urls")),
]


@override_settings(ROOT_URLCONF=__name__, DEBUG=False)
@pytest.mark.parametrize(
    ("url", "constraint"),
    [
        ("/duplicate/", "user_email_unique_ignoring_case"),
        ("/unknown-role/", "user_role_is_known_or_administrator"),
        ("/no-consent/", "referral_open_has_consent_to_contact"),
    ],
)
def test_a_database_error_in_a_request_is_logged_without_the_persons_details(
    coordinator, log_output, url, constraint
):
    UserFactory(**PERSON)
    client = Client(raise_request_exception=False)
    client.force_login(coordinator)

    response = client.get(url)

    assert response.status_code == 500
    written = log_output.getvalue()
    assert "Internal Server Error" in written
    assert "Traceback" in written
    assert constraint in written
    assert_nothing_personal(written)
    assert "9434765919" not in written
    assert PERSON["last_name"] not in response.content.decode()


def test_logger_exception_in_our_own_code_is_redacted_too(log_output):
    UserFactory(**PERSON)
    try:
        with transaction.atomic():
            UserFactory(**{**PERSON, "email": PERSON["email"].title()})
    except Exception as error:
        logging.getLogger("accounts.services").exception("Could not save %s", error)
    written = log_output.getvalue()
    assert "user_email_unique_ignoring_case" in written
    assert_nothing_personal(written)


def test_a_value_postgresql_could_not_read_is_redacted(log_output):
    typed_in_the_date_box = f"{PERSON['first_name']} {PERSON['last_name']}"
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("SELECT %s::date", [typed_in_the_date_box])
    except Exception:
        logging.getLogger("django.request").exception("Database error")
    written = log_output.getvalue()
    assert "invalid input syntax for type date" in written
    assert_nothing_personal(written)


# --- The configuration ----------------------------------------------------------------------


def test_every_configured_handler_redacts():
    filters = {
        name
        for name, spec in settings.LOGGING["filters"].items()
        if spec.get("()") == "core.logging.RedactPersonalData"
    }
    for name, handler in settings.LOGGING["handlers"].items():
        assert filters & set(handler.get("filters", [])), f"handler {name!r} does not redact"


def test_djangos_own_handlers_cannot_bypass_the_redaction():
    for name in ("django", "django.request", "django.server"):
        logger = logging.getLogger(name)
        while logger and not logger.handlers:
            logger = logger.parent
        assert logger is not None
        for handler in logger.handlers:
            if type(handler).__module__.startswith("_pytest"):
                continue  # pytest's own capture
            assert any(isinstance(f, RedactPersonalData) for f in handler.filters), (name, handler)
        if name == "django":
            assert logger.propagate is False


def test_the_celery_worker_logs_through_the_redacting_handler():
    """A worker sets up its logging through Celery; run that in a fresh process."""
    script = """
import logging, django
django.setup()
from config.celery import app
from celery.utils.log import get_task_logger
app.log.setup(loglevel="INFO")
error = "IntegrityError('new row violates check constraint \\"c\\"\\\\nDETAIL:  "
error += "Failing row contains (7, Margaret, Oldhamsworth).\\\\n')"
logging.getLogger("celery.app.trace").error("Task t[1] raised unexpected: %s", error)
try:
    raise ValueError('x\\nDETAIL:  Key (email)=(margaret.oldhamsworth@example.org) already exists.')
except ValueError:
    get_task_logger("accounts.tasks").exception("Task failed")
"""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings"}
    result = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    written = result.stdout + result.stderr
    assert "raised unexpected" in written
    assert "Task failed" in written
    assert_nothing_personal(written)


# --- The redaction itself -------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        (
            'duplicate key value violates unique constraint "user_email_unique_ignoring_case"\n'
            "DETAIL:  Key (lower(email::text))=(margaret.oldhamsworth@example.org) already exists.",
            'unique constraint "user_email_unique_ignoring_case"',
        ),
        (
            'new row for relation "mentoring_referral" violates check constraint "c_consent"\n'
            "DETAIL:  Failing row contains (1, Margaret, Oldhamsworth, 1 High St\n"
            "Glenmore, EH3 9DR).\n\nThe above exception was the direct cause",
            "The above exception was the direct cause",
        ),
        (
            'invalid input syntax for type date: "Margaret Oldhamsworth"\n'
            "LINE 1: SELECT 'Margaret Oldhamsworth'::date\n               ^",
            "invalid input syntax for type date",
        ),
        (
            "IntegrityError('x\\nDETAIL:  Key (email)=(margaret@example.org) already exists.\\n')",
            "IntegrityError('x",
        ),
        ("Key (email)=(margaret.oldhamsworth@example.org) already exists.", "Key (email)="),
        ("Failing row contains (Margaret, Oldhamsworth).", "Failing row contains"),
        ('invalid input value for enum role: "Margaret Oldhamsworth"', "invalid input value"),
    ],
)
def test_redact_removes_values_and_keeps_names(text, kept):
    redacted = redact(text)
    assert kept in redacted
    assert_nothing_personal(redacted)
    assert "[redacted]" in redacted


def test_redact_leaves_ordinary_messages_alone():
    text = 'Referral 12 moved to "contacted" by user 3'
    assert redact(text) == text
