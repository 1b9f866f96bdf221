"""The training matrix as CSV: streamed a chunk at a time with every mentor in it, opening
cleanly in Excel (a byte-order mark) and never carrying a formula."""

import csv
import io

import pytest
from django.urls import reverse

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
def test_the_download_needs_one_query_per_chunk_of_mentors(
    client, coordinator, programme, mentors, django_assert_max_num_queries
):
    modules = [TrainingModuleFactory(programme=programme) for _ in range(3)]
    for _ in range(mentors):
        mentor = MentorFactory(programme=programme, status="active")
        for module in modules:
            TrainingRecordFactory(mentor=mentor, module=module)
    chunks = -(-mentors // CHUNK)
    client.force_login(coordinator)
    # session, user, programmes, modules, the mentors' cursor; then each chunk's records
    with django_assert_max_num_queries(5 + chunks):
        rows = rows_of(download(client))
    assert len(rows) == mentors + 1
