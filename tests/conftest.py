"""Shared fixtures: named personas, Celery in-process by default, Chromium for Playwright."""

import os
import uuid
from collections.abc import Iterator
from datetime import timedelta
from typing import Any

import pytest
from django.utils import timezone

from accounts.models import Programme, User
from config.celery import app as celery_app
from tests.factories import MentorFactory, ProgrammeFactory, SiteFactory, UserFactory
from tests.support.dates import in_boxes


@pytest.fixture(autouse=True)
def _celery_runs_in_process(request: pytest.FixtureRequest) -> Iterator[None]:
    """Tasks run in the test process, unless the test talks to a real worker."""
    if request.node.get_closest_marker("services"):
        yield
        return
    celery_app.conf.task_always_eager = True
    celery_app.conf.task_eager_propagates = True
    yield
    celery_app.conf.task_always_eager = False


# --- Personas --------------------------------------------------------------------------------


@pytest.fixture
def programme(db: None) -> Programme:
    programme = ProgrammeFactory(name="Glenmore programme", region="Glenmore")
    SiteFactory(programme=programme, name="Glenmore Physiotherapy")
    return programme


@pytest.fixture
def other_programme(db: None) -> Programme:
    return ProgrammeFactory(name="Another programme", region="Elsewhere")


@pytest.fixture
def coordinator(programme: Programme) -> User:
    return UserFactory(
        email="coordinator@example.org", role=User.Role.COORDINATOR, programmes=[programme]
    )


@pytest.fixture
def physiotherapist(programme: Programme) -> User:
    return UserFactory(
        email="physio@example.org", role=User.Role.PHYSIOTHERAPIST, programmes=[programme]
    )


@pytest.fixture
def mentor(programme: Programme) -> User:
    """An active peer mentor: a mentor account with its Mentor record (`mentor.mentor`)."""
    record = MentorFactory(
        programme=programme,
        email="mentor@example.org",
        status="active",
        with_account=True,
    )
    return record.user


@pytest.fixture
def mentee(programme: Programme) -> User:
    return UserFactory(email="mentee@example.org", role=User.Role.MENTEE, programmes=[programme])


@pytest.fixture
def outsider(other_programme: Programme) -> User:
    """A coordinator of another programme."""
    return UserFactory(
        email="outsider@example.org", role=User.Role.COORDINATOR, programmes=[other_programme]
    )


@pytest.fixture
def administrator(db: None) -> User:
    return User.objects.create_superuser(email="admin@example.org", password="x-admin-password-1")


@pytest.fixture
def personas(
    coordinator: User, physiotherapist: User, mentor: User, mentee: User, outsider: User
) -> dict[str, User]:
    return {
        "coordinator": coordinator,
        "physiotherapist": physiotherapist,
        "mentor": mentor,
        "mentee": mentee,
        "outsider": outsider,
    }


# --- What people type ------------------------------------------------------------------------


@pytest.fixture
def referral_post():
    """A complete, valid referral as a physiotherapist would type it (invented patient)."""

    def build(**changes):
        today = timezone.localdate()
        data = {
            "submission_key": str(uuid.uuid4()),
            "first_name": "Agnes",
            "last_name": "Testperson",
            "date_of_birth": "1950-04-12",
            "health_number_kind": "nhs",
            "health_number": "943 476 5919",
            "phone": "07700 900123",
            "email": "",
            "address": "1 Example Street\nGlenmore",
            "postcode": "eh3 9dr",
            "preferred_contact_method": "phone",
            "preferred_contact_times": "Weekday mornings",
            "discharge_date": (today - timedelta(days=3)).isoformat(),
            "pain_duration_weeks": "30",
            "plan_exercises": "Pelvic tilts daily",
            "plan_activity_goals": "Walk 20 minutes a day",
            "plan_notes": "",
            "preferred_formats": ["phone", "walking"],
            "availability": ["mon_morning", "wed_afternoon"],
            "mentor_gender_preference": "",
            "interests": "Gardening",
            "needs_hearing": "Hearing aid: speak clearly",
            "needs_sight": "",
            "needs_mobility": "",
            "needs_transport": "No car",
            "safety_information": "",
            "consent_to_contact": "on",
            "consent_to_share_with_mentor": "on",
            "consent_date": today.isoformat(),
            "consent_method": "in_person",
            "eligibility_exception_reason": "",
            "submit": "1",
        }
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        # Posted as the three boxes (day, month, year) the form shows.
        return in_boxes(data, "date_of_birth", "discharge_date", "consent_date")

    return build


@pytest.fixture
def application(programme):
    def build(**changes):
        data = {
            "programme": programme.pk,
            "first_name": "Moira",
            "last_name": "Volunteer",
            "email": "moira@example.org",
            "phone": "07700 900123",
            "area": "eh3 9dr",
            "languages": "English",
            "lived_experience": "own",
            "lived_experience_summary": "Twenty years of back pain",
            "motivation": "To help others keep going",
            "formats": ["phone", "walking"],
            "availability": ["mon_morning"],
            "consent_to_store": "on",
            "website": "",
        }
        data.update(changes)
        return {k: v for k, v in data.items() if v is not None}

    return build


# --- Playwright on Debian's Chromium ---------------------------------------------------------


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args: dict[str, Any]) -> dict[str, Any]:
    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--no-first-run",
            "--disable-sync",
            "--disable-quic",
            "--disable-dev-shm-usage",
        ],
    }


@pytest.fixture(autouse=True)
def _texts_in_memory(settings: Any) -> Iterator[None]:
    """Text messages go to `notifications.text.outbox`; GOV.UK Notify is never called."""
    from notifications import text

    settings.TEXT_BACKEND = "notifications.text.MemoryBackend"
    text.outbox.clear()
    yield
    text.outbox.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings: Any) -> None:
    """Real hashing is slow on purpose; tests do not need it to be."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache() -> None:
    """The cache is Redis, which outlives a test: start each test with no rate-limit
    counters or cached values left by another. Only keys with this run's prefix are deleted:
    cache.clear() empties the whole Redis database, which would also wipe the cache and the
    Celery queues of another test run sharing the server."""
    from django.conf import settings
    from django.core.cache import cache

    config = settings.CACHES["default"]
    if not str(config.get("LOCATION", "")).startswith("redis"):
        cache.clear()
        return
    import redis

    local = getattr(cache, "local", None)  # core.cache's in-memory fallback
    if local is not None:
        local.clear()
    with redis.Redis.from_url(config["LOCATION"]) as client:
        keys = list(client.scan_iter(match=f"{config['KEY_PREFIX']}:*", count=1000))
        if keys:
            client.delete(*keys)
