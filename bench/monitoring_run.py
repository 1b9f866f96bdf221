"""The nightly monitoring run at national scale: 50,000 active relationships and 1,000,000
session logs, generated with set-based INSERT ... SELECT (generate_series) into a scratch
PostgreSQL database this script creates and drops itself (mentoring_bench_monitoring_<run>;
never one it did not create). It runs the monitoring run over 5,000 relationships, then,
from the same empty flag tables, over 50,000, and prints the wall time, the peak memory of
the process (ru_maxrss) and the number of queries of each run, which must be equal.

Run: `DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python
bench/monitoring_run.py` (the URL names the server; BENCH_RELATIONSHIPS, BENCH_LOGS_EACH
change the size). Target: the 50,000 run under 60 seconds.
"""

from __future__ import annotations

import os
import resource
import secrets
import signal
import sys
import time
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

SMALL = 5_000
LARGE = int(os.environ.get("BENCH_RELATIONSHIPS", "50000"))
LOGS_EACH = int(os.environ.get("BENCH_LOGS_EACH", "20"))  # 50,000 x 20 = 1,000,000
TARGET_SECONDS = 60.0


def _server_url() -> str:
    return os.environ.get("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/postgres")


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin_sql(url: str, sql: str) -> None:
    connection = psycopg2.connect(_with_database(url, "postgres"))
    try:
        connection.autocommit = True
        with connection.cursor() as cursor:
            cursor.execute(sql)
    finally:
        connection.close()


def say(message: str) -> None:
    print(message, flush=True)


# --- Generating rows in SQL -----------------------------------------------------------------


def insert_select(
    model: Any, count_sql: str, values: dict[str, str], params: dict[str, Any]
) -> int:
    """INSERT INTO <model> SELECT ... FROM <count_sql>: each column from `values` (an SQL
    expression) or else the field's default (one parameter for every row)."""
    from django.db import connection

    columns, expressions, arguments = [], [], []
    for field in model._meta.concrete_fields:
        if field.primary_key:
            continue
        columns.append(field.column)
        if field.column in values:
            expressions.append(values[field.column].replace("%", "%%"))
        elif getattr(field, "auto_now", False) or getattr(field, "auto_now_add", False):
            expressions.append("now()")
        else:
            default = field.get_default()
            arguments.append(field.get_db_prep_save(default, connection))
            expressions.append("%s")
    sql = (
        f"INSERT INTO {model._meta.db_table} ({', '.join(columns)}) "
        f"SELECT {', '.join(expressions)} FROM {count_sql.replace('%', '%%')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, arguments)
        return cursor.rowcount


def generate(*, programme: Any, user: Any, start: int, count: int) -> None:
    """`count` active pairs numbered from `start`, each with a mentee, a mentor of three
    pairs, LOGS_EACH logs (every seventh not held, pain and confidence drifting), a
    concern on one log in a hundred, training and a disclosure check (some running out)."""
    from django.db import connection

    from mentoring.matching.models import Relationship
    from mentoring.mentees.models import Mentee
    from mentoring.recruitment.models import DisclosureCheck, Mentor
    from mentoring.training.models import TrainingModule, TrainingRecord
    from sessions_log.logs.models import Concern, SessionLog

    p, u = programme.pk, user.pk
    series = f"generate_series({start}, {start + count - 1}) AS g"
    # mentor n takes pairs 3n, 3n + 1 and 3n + 2 (one batch may have started mentor n)
    mentors = f"generate_series({(start + 2) // 3}, {(start + count - 1) // 3}) AS g"
    insert_select(Mentor, mentors, {
        "programme_id": str(p), "user_id": "NULL", "first_name": "'Mentor'",
        "last_name": "'M' || g", "email": "'mentor' || g || '@example.org'",
        "phone": "'+447700900123'", "lived_experience": "'own'", "area": "'EH3'",
        "status": "'active'", "capacity": "3", "consent_to_store": "true",
    }, {})  # fmt: skip
    insert_select(Mentee, series, {
        "programme_id": str(p), "user_id": "NULL", "first_name": "'Mentee'",
        "last_name": "'P' || g", "email": "'mentee' || g || '@example.org'",
        "reminder_channel": "CASE WHEN g % 2 = 0 THEN 'email' ELSE 'phone' END",
        "waiting_since": "NULL",
    }, {})  # fmt: skip
    today = "CURRENT_DATE"
    # One INSERT ... SELECT numbers its rows in order: row g has the first id + (g - start).
    first_mentee = Mentee.objects.get(last_name=f"P{start}").pk
    first_mentor = Mentor.objects.get(last_name=f"M{start // 3}").pk
    pairs = (
        f"(SELECT g, {first_mentee} + (g - {start}) AS mentee,"
        f" {first_mentor} + (g / 3 - {start // 3}) AS mentor FROM {series}) AS s"
    )
    insert_select(Relationship, pairs, {
        "programme_id": str(p), "mentee_id": "s.mentee", "mentor_id": "s.mentor",
        "referral_id": "NULL", "status": "'active'", "mentee_agreed_at": "now()",
        "mentor_agreed_at": "now()",
        "started_on": f"{today} - (30 + s.g % 70)", "planned_sessions": "6",
        "planned_interval_days": "14", "planned_length_weeks": "12", "review_after_session": "2",
        "proposed_by_id": "NULL",
    }, {})  # fmt: skip
    logs = (
        f"(SELECT r.id AS rid, r.started_on, k FROM matching_relationship r"
        f" CROSS JOIN generate_series(1, {LOGS_EACH}) AS k"
        f" WHERE r.programme_id = {p} AND r.id > COALESCE((SELECT max(relationship_id)"
        f" FROM logs_sessionlog), 0)) AS l"
    )
    # every seventh not held; one pair in ten missed its last two
    held = f"(l.k % 7 <> 0 AND NOT (l.rid % 10 = 0 AND l.k > {LOGS_EACH} - 2))"
    when = (
        f"(l.started_on + (l.k * (CURRENT_DATE - l.started_on) / ({LOGS_EACH} + 1)))"
        "::timestamptz + interval '11 hours'"
    )
    insert_select(SessionLog, logs, {
        "relationship_id": "l.rid", "key": "gen_random_uuid()", "occurred_at": when,
        "outcome": f"CASE WHEN {held} THEN 'held' ELSE 'no_answer' END",
        "format": "'phone'",
        "minutes": f"CASE WHEN {held} THEN 45 END",
        "pain": f"CASE WHEN {held} THEN 3 + (l.rid + l.k) % 5 END",
        "confidence": f"CASE WHEN {held} THEN 7 - (l.rid * l.k) % 5 END",
        "topics": f"CASE WHEN {held} THEN '[\"pacing\"]'::jsonb ELSE '[]'::jsonb END",
        "concern": "CASE WHEN (l.rid + l.k) % 100 = 0 THEN 'wellbeing' ELSE '' END",
        "logged_by_id": str(u), "created_at": when, "updated_at": when,
    }, {})  # fmt: skip
    with connection.cursor() as cursor:
        concerns = (
            "(SELECT s.id, s.relationship_id, s.occurred_at FROM logs_sessionlog s"
            " WHERE s.concern <> '' AND NOT EXISTS"
            " (SELECT 1 FROM logs_concern c WHERE c.log_id = s.id)) AS s"
        )
        insert_select(Concern, concerns, {
            "log_id": "s.id", "relationship_id": "s.relationship_id", "programme_id": str(p),
            "kind": "'wellbeing'", "urgent": "false", "raised_at": "s.occurred_at",
            "raised_by_id": str(u), "taken_at": "NULL", "taken_by_id": "NULL",
            "closed_at": "CASE WHEN s.id % 2 = 0 THEN s.occurred_at END",
            "closed_by_id": f"CASE WHEN s.id % 2 = 0 THEN {u} END",
            "closing_note": "CASE WHEN s.id % 2 = 0 THEN 'Phoned' ELSE '' END",
        }, {})  # fmt: skip
        module = TrainingModule.objects.get_or_create(
            programme=programme, name="Safeguarding", defaults={"required": True}
        )[0]
        fresh = (
            "(SELECT m.id, m.last_name FROM recruitment_mentor m WHERE NOT EXISTS"
            " (SELECT 1 FROM training_trainingrecord t WHERE t.mentor_id = m.id)) AS m"
        )
        insert_select(TrainingRecord, fresh, {
            "mentor_id": "m.id", "module_id": str(module.pk), "completed_on": f"{today} - 300",
            "delivered_by": "'Trainer'", "method": "'online'", "quiz_score": "NULL",
            "expires_on": f"{today} + (m.id % 400)::int - 20", "recorded_by_id": str(u),
        }, {})  # fmt: skip
        checked = (
            "(SELECT m.id FROM recruitment_mentor m WHERE NOT EXISTS"
            " (SELECT 1 FROM recruitment_disclosurecheck d WHERE d.mentor_id = m.id)) AS m"
        )
        insert_select(DisclosureCheck, checked, {
            "mentor_id": "m.id", "scheme": "'pvg'", "number": "'PVG-' || m.id",
            "issued_on": f"{today} - 1000", "renewal_due_on": f"{today} + (m.id % 900)::int - 10",
            "outcome": "'clear'",
        }, {})  # fmt: skip
        cursor.execute("ANALYZE")


# --- The measured run -----------------------------------------------------------------------


def measured_run(programme: Any) -> dict[str, Any]:
    from django.db import connection, reset_queries
    from django.test.utils import CaptureQueriesContext
    from django.utils import timezone

    from notifications.models import Delivery
    from sessions_log.monitoring import services
    from sessions_log.monitoring.models import Feedback, Flag

    # from the same empty state each time: no flags, feedback or messages yet
    Flag.objects.all().delete()
    Feedback.objects.all().delete()
    Delivery.objects.all().delete()
    reset_queries()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        outcome = services.run(now=timezone.now(), programme_ids=[programme.pk])
    seconds = time.perf_counter() - started
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as again:
        services.run(now=timezone.now(), programme_ids=[programme.pk])
    again_seconds = time.perf_counter() - started
    for query in sorted(queries.captured_queries, key=lambda q: float(q["time"]))[-12:]:
        say(f"    {float(query['time']):6.2f} s  {query['sql'][:150]}")
    return {
        "seconds": seconds,
        "queries": len(queries),
        "again_seconds": round(again_seconds, 1),
        "again_queries": len(again),
        "sql_seconds": round(sum(float(q["time"]) for q in queries.captured_queries), 1),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
        "flags": Flag.objects.count(),
        "feedback": Feedback.objects.count(),
        "opened": {k: v["opened"] for k, v in outcome.items() if isinstance(v, dict)},
    }


def _stop(signum: int, frame: Any) -> None:
    raise SystemExit(f"stopped by signal {signum}")  # so `finally` drops the database


def main() -> int:
    signal.signal(signal.SIGTERM, _stop)
    server = _server_url()
    name = f"mentoring_bench_monitoring_{os.getpid()}_{secrets.token_hex(3)}"
    _admin_sql(server, f'CREATE DATABASE "{name}"')
    say(f"==> Created {name}")
    try:
        os.environ["DATABASE_URL"] = _with_database(server, name)
        os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
        os.environ.setdefault("DJANGO_SECRET_KEY", secrets.token_urlsafe(32))
        os.environ["DJANGO_READ_DOT_ENV"] = "false"
        import django

        django.setup()
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from accounts.models import Programme, User

        programme = Programme.objects.create(name="Bench programme")
        user = User.objects.create(email="bench@example.org", role=User.Role.COORDINATOR)
        results = {}
        done = 0
        for size in sorted({SMALL, LARGE}):
            started = time.perf_counter()
            generate(programme=programme, user=user, start=done, count=size - done)
            done = size
            say(f"==> {size:,} relationships generated in {time.perf_counter() - started:.1f} s")
            results[size] = measured_run(programme)
            say(f"    run: {results[size]}")
        from django.db import connection

        connection.close()
        small, large = results[min(SMALL, LARGE)], results[LARGE]
        from sessions_log.logs.models import SessionLog  # noqa: F401  (counted below)

        say("")
        say("| relationships | first run | its queries | next night | its queries | peak memory |")
        say("|---|---|---|---|---|---|")
        for size in sorted(results):
            r = results[size]
            say(
                f"| {size:,} | {r['seconds']:.1f} s | {r['queries']} | {r['again_seconds']} s "
                f"| {r['again_queries']} | {r['peak_mb']:.0f} MB |"
            )
        ok = small["queries"] == large["queries"] and large["seconds"] < TARGET_SECONDS
        say(f"queries equal: {small['queries'] == large['queries']}; "
            f"under {TARGET_SECONDS:.0f} s: {large['seconds'] < TARGET_SECONDS}")  # fmt: skip
        return 0 if ok else 1
    finally:
        _admin_sql(server, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        say(f"==> Dropped {name}")


if __name__ == "__main__":
    sys.exit(main())
