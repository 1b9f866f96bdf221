"""How fast the busiest pages are with a national-scale programme, and how many queries.

Run with `python3 dev.py bench` (or `make bench`): it uses the same PostgreSQL as the
tests, in a database made for the run (mentoring_bench_<run>) and dropped after it.
Prints one line per page: rows behind it, median and worst time over repeated requests,
and the query count (which must not grow with rows).
"""

from __future__ import annotations

import os
import statistics
import sys
import time
import uuid
from datetime import timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")

import django

django.setup()

from django.conf import settings  # noqa: E402
from django.core.management import call_command  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.utils import timezone  # noqa: E402

from accounts.models import Membership, Programme, Site, User  # noqa: E402
from core.validators import invented_nhs_number  # noqa: E402
from mentoring.recruitment.models import DisclosureCheck, Mentor  # noqa: E402
from mentoring.referrals.models import Referral  # noqa: E402
from mentoring.training.models import TrainingModule, TrainingRecord  # noqa: E402

REFERRALS = int(os.environ.get("BENCH_REFERRALS", "20000"))
MENTORS = int(os.environ.get("BENCH_MENTORS", "2000"))
REPEATS = int(os.environ.get("BENCH_REPEATS", "15"))


def seed() -> tuple[User, User]:
    now = timezone.now()
    today = timezone.localdate()
    programme = Programme.objects.create(name="Bench programme", region="Bench")
    site = Site.objects.create(programme=programme, name="Bench site", kind="physiotherapy")
    coordinator = User.objects.create_user(email="c@bench.invalid", role="coordinator")
    physio = User.objects.create_user(email="p@bench.invalid", role="physiotherapist")
    Membership.objects.bulk_create(
        [
            Membership(user=coordinator, programme=programme),
            Membership(user=physio, programme=programme),
        ]
    )
    statuses = ["submitted", "contacted", "consented", "awaiting_match", "matched"]
    Referral.objects.bulk_create(
        Referral(
            programme=programme, site=site, referred_by=physio, first_name=f"First{n}",
            last_name=f"Last{n}", date_of_birth=today - timedelta(days=365 * 70 + n % 3000),
            health_number=invented_nhs_number(n), phone="+447700900123", address="Bench",
            postcode="EH3 9DR", discharge_date=today, pain_duration_weeks=20,
            consent_to_contact=True, status=statuses[n % len(statuses)],
            submitted_at=now - timedelta(hours=n % 2000), submission_key=uuid.uuid4(),
        )
        for n in range(REFERRALS)
    )  # fmt: skip
    modules = TrainingModule.objects.bulk_create(
        TrainingModule(programme=programme, name=f"Module {n}", validity_months=24, position=n)
        for n in range(7)
    )
    mentors = Mentor.objects.bulk_create(
        Mentor(
            programme=programme, first_name=f"M{n}", last_name=f"Mentor{n}",
            email=f"m{n}@bench.invalid", phone="+447700900123", lived_experience="own",
            area="EH3", consent_to_store=True, status="active",
        )
        for n in range(MENTORS)
    )  # fmt: skip
    TrainingRecord.objects.bulk_create(
        TrainingRecord(mentor=m, module=mod, completed_on=today, delivered_by="B",
                       method="online", expires_on=today + timedelta(days=700),
                       recorded_by=coordinator)
        for m in mentors for mod in modules
    )  # fmt: skip
    DisclosureCheck.objects.bulk_create(
        DisclosureCheck(mentor=m, scheme="pvg", number="1", issued_on=today,
                        renewal_due_on=today + timedelta(days=900), outcome="clear")
        for m in mentors
    )  # fmt: skip
    return coordinator, physio


def measure(client: Client, url: str) -> tuple[float, float, int]:
    client.get(url)  # warm up
    times = []
    for _ in range(REPEATS):
        with CaptureQueriesContext(connection) as queries:
            start = time.perf_counter()
            response = client.get(url)
            times.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    return statistics.median(times), max(times), len(queries.captured_queries)


def main() -> None:
    setup_test_environment()
    settings.ALLOWED_HOSTS = ["testserver"]
    call_command("migrate", verbosity=0)
    started = time.perf_counter()
    coordinator, physio = seed()
    print(f"seeded {REFERRALS} referrals, {MENTORS} mentors, {MENTORS * 7} training records "
          f"in {time.perf_counter() - started:.1f}s")  # fmt: skip
    pages = [
        (coordinator, "/", "coordinator home"),
        (coordinator, "/referrals/inbox/", "referral inbox"),
        (coordinator, "/referrals/inbox/?waiting=overdue", "inbox, waiting too long"),
        (coordinator, "/referrals/inbox/?q=Last1999&status=", "inbox, search by name"),
        (coordinator, "/mentors/", "mentor list"),
        (coordinator, "/training/matrix/", "training matrix"),
        (physio, "/referrals/mine/", "my referrals"),
        (physio, "/", "physiotherapist home"),
    ]
    for user, url, label in pages:
        client = Client()
        client.force_login(user)
        median, worst, queries = measure(client, url)
        print(f"{label:<28} median {median:7.1f} ms   worst {worst:7.1f} ms   {queries} queries")
    with connection.cursor():
        start = time.perf_counter()
        count = Mentor.objects.matchable(today=timezone.localdate()).count()
        print(f"matchable() over {MENTORS} mentors: {count} in "
              f"{(time.perf_counter() - start) * 1000:.1f} ms")  # fmt: skip


if __name__ == "__main__":
    main()
