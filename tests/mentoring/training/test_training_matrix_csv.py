"""The training matrix as CSV: streamed a chunk at a time with every mentor in it, opening
cleanly in Excel (a byte-order mark) and never carrying a formula. Its cells come from one
query; they say what the rule over the records themselves says."""

import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from mentoring.training import services
from mentoring.training.models import TrainingRecord
from tests.factories import MentorFactory, TrainingModuleFactory, TrainingRecordFactory

pytestmark = pytest.mark.django_db

MATRIX = reverse("training:training_matrix")
CHUNK = 3


@pytest.fixture(autouse=True)
def _small_chunks(monkeypatch):
    monkeypatch.setattr("mentoring.training.views.CSV_CHUNK", CHUNK)


def download(client):
    response = client.get(MATRIX, {"format": "csv"})
    assert response.streaming
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    return b"".join(response.streaming_content)


def rows_of(body):
    return list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_every_mentor_is_in_the_download_however_many_chunks_it_takes(
    client, coordinator, programme
):
    module = TrainingModuleFactory(programme=programme, name="Listening", validity_months=None)
    mentors = [
        MentorFactory(programme=programme, status="active", last_name=f"Mentor{i}")
        for i in range(8)
    ]
    TrainingRecordFactory(mentor=mentors[7], module=module)
    client.force_login(coordinator)
    rows = rows_of(download(client))
    assert rows[0] == ["Mentor", "Status", "Listening"]
    assert [row[0] for row in rows[1:]] == [mentor.full_name for mentor in mentors]
    assert rows[-1][1:] == ["Active", "Complete"]
    assert {row[2] for row in rows[1:-1]} == {"Not done"}


def test_the_download_starts_with_a_byte_order_mark_so_excel_reads_accents(
    client, coordinator, programme
):
    MentorFactory(programme=programme, status="active", first_name="Eóghan", last_name="Ó Sé")
    client.force_login(coordinator)
    body = download(client)
    assert body.startswith("\ufeff".encode())
    assert rows_of(body)[1][0] == "Eóghan Ó Sé"


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_a_cell_that_would_be_a_formula_is_kept_as_text(client, coordinator, programme, start):
    TrainingModuleFactory(programme=programme, name=f"{start}SUM(A1:A2)")
    MentorFactory(
        programme=programme, status="active",
        first_name=f'{start}HYPERLINK("http://example.com","click")', last_name="Smith",
    )  # fmt: skip
    client.force_login(coordinator)
    rows = rows_of(download(client))
    assert rows[0][2] == f"'{start}SUM(A1:A2)"
    assert rows[1][0] == f'\'{start}HYPERLINK("http://example.com","click") Smith'


@pytest.mark.parametrize("mentors", [2, 8])
def test_the_download_needs_the_same_queries_however_many_mentors(
    client, coordinator, programme, mentors, django_assert_max_num_queries
):
    modules = [TrainingModuleFactory(programme=programme) for _ in range(3)]
    for _ in range(mentors):
        mentor = MentorFactory(programme=programme, status="active")
        for module in modules:
            TrainingRecordFactory(mentor=mentor, module=module)
    client.force_login(coordinator)
    # session, user, programmes, modules, and one query (a row per mentor) read a chunk at a time
    with django_assert_max_num_queries(5):
        rows = rows_of(download(client))
    assert len(rows) == mentors + 1


def test_each_cell_says_what_the_rule_over_the_records_says(client, coordinator, programme):
    """Every kind of standing, with several records per cell, against training_status()
    worked out from the records themselves (the way the matrix was made before)."""
    today = timezone.localdate()
    forever = TrainingModuleFactory(programme=programme, name="Forever", validity_months=None)
    yearly = TrainingModuleFactory(programme=programme, name="Yearly", validity_months=12)
    quiz = TrainingModuleFactory(programme=programme, name="Quiz", validity_months=12, pass_mark=80)
    retired = TrainingModuleFactory(programme=programme, name="Old", is_active=False)
    histories = {
        "none": [],
        "forever": [(forever, 400, None)],
        "expired": [(yearly, 500, None), (yearly, 380, None)],
        "expiring": [(yearly, 350, None)],
        "renewed": [(yearly, 380, None), (yearly, 10, None)],
        "failed": [(quiz, 10, 60)],
        "failed-then-passed": [(quiz, 30, 60), (quiz, 20, 85)],
        "passed-then-failed": [(quiz, 300, 90), (quiz, 5, 10)],
        "only-old-module": [(retired, 5, None)],
    }
    mentors = {}
    for name, history in histories.items():
        mentor = MentorFactory(programme=programme, status="active", first_name=name)
        mentors[name] = mentor
        for module, days_ago, score in history:
            done = today - timedelta(days=days_ago)
            TrainingRecordFactory(
                mentor=mentor, module=module, completed_on=done, quiz_score=score,
                expires_on=services.expiry_for(module=module, completed_on=done),
            )  # fmt: skip
    client.force_login(coordinator)
    header, *body = rows_of(download(client))
    assert header[2:] == [module.name for module in (forever, quiz, yearly)]  # module order
    rows = {row[0]: row[2:] for row in body}
    for name, mentor in mentors.items():
        expected = [
            services.training_status(
                module=module,
                records=list(TrainingRecord.objects.filter(mentor=mentor, module=module)),
                today=today,
                warning_days=30,
            )[1]
            for module in (forever, quiz, yearly)
        ]
        assert rows[mentor.full_name] == expected, name
    assert rows[mentors["failed"].full_name][1] == "Quiz not passed"
    assert rows[mentors["expiring"].full_name][2].startswith("Expires")
