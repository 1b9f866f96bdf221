"""core.lifecycle: a step is allowed only if the model's TRANSITIONS list it, is refused in
words otherwise, and every step writes one history row and saves only what it names."""

import re
from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from core.lifecycle import record_start, transition
from mentoring.recruitment.models import Mentor, MentorStatusChange
from mentoring.referrals.models import Referral, ReferralEvent
from tests.factories import MentorFactory, ReferralFactory

pytestmark = pytest.mark.django_db

NOW = datetime(2026, 11, 2, 10, 30, tzinfo=UTC)


@pytest.fixture
def referral(programme, physiotherapist):
    return ReferralFactory(programme=programme, referred_by=physiotherapist)


@pytest.mark.parametrize(
    ("status", "to_status", "words"),
    [
        ("submitted", "draft", "Something that is submitted cannot be moved to draft."),
        ("submitted", "consented", "Something that is submitted cannot be moved to consented."),
        ("submitted", "submitted", "Something that is submitted cannot be moved to submitted."),
        ("closed", "submitted", "Something that is closed cannot be moved to submitted."),
        ("matched", "closed", "Something that is matched cannot be moved to closed."),
    ],
)
def test_a_step_the_lifecycle_does_not_list_is_refused_in_words(
    programme, coordinator, status, to_status, words
):
    referral = ReferralFactory(
        programme=programme, status=status, close_reason="declined" if status == "closed" else ""
    )
    before = ReferralEvent.objects.count()
    with pytest.raises(ValidationError) as refused:
        transition(referral, to_status=to_status, history=ReferralEvent, by=coordinator, now=NOW)
    assert refused.value.messages == [words]
    assert refused.value.code == "not_allowed"
    assert referral.status == status
    referral.refresh_from_db()
    assert referral.status == status
    assert ReferralEvent.objects.count() == before


def test_a_status_nobody_knows_is_refused(referral, coordinator):
    with pytest.raises(ValidationError) as refused:
        transition(referral, to_status="lost", history=ReferralEvent, by=coordinator, now=NOW)
    assert refused.value.messages == ["Something that is submitted cannot be moved to lost."]


def test_a_step_writes_one_history_row_with_who_when_from_to_and_why(referral, coordinator):
    row = transition(
        referral, to_status="contacted", history=ReferralEvent, by=coordinator, now=NOW,
        note="Phoned, left a message",
    )  # fmt: skip
    assert list(ReferralEvent.objects.filter(referral=referral)) == [row]
    row.refresh_from_db()
    assert (row.referral, row.from_status, row.to_status, row.by, row.at, row.note) == (
        referral, "submitted", "contacted", coordinator, NOW, "Phoned, left a message",
    )  # fmt: skip
    referral.refresh_from_db()
    assert (referral.status, referral.status_changed_at) == ("contacted", NOW)


def test_a_step_saves_only_the_fields_it_names(referral, coordinator):
    referral.first_name = "Changed in memory"
    referral.contacted_at = NOW
    referral.close_note = "Also changed in memory"
    with CaptureQueriesContext(connection) as queries:
        transition(
            referral, to_status="contacted", history=ReferralEvent, by=coordinator, now=NOW,
            also_save=["contacted_at"],
        )  # fmt: skip
    update = next(q["sql"] for q in queries if q["sql"].startswith("UPDATE"))
    saved = re.findall(r'"(\w+)" = ', update.split(" WHERE ")[0])
    assert sorted(saved) == ["contacted_at", "status", "status_changed_at", "updated_at"]
    referral.refresh_from_db()
    assert referral.first_name != "Changed in memory"
    assert referral.close_note == ""
    assert (referral.status, referral.contacted_at) == ("contacted", NOW)


def test_a_step_also_saves_when_the_record_was_last_updated(programme, coordinator):
    mentor = MentorFactory(programme=programme, status="applied")
    updated = mentor.updated_at
    transition(mentor, to_status="screening", history=MentorStatusChange, by=coordinator, now=NOW)
    mentor.refresh_from_db()
    assert mentor.status == Mentor.Status.SCREENING
    assert mentor.updated_at > updated


def test_the_first_row_records_where_a_record_started(programme, coordinator):
    mentor = MentorFactory(programme=programme, status="applied")
    row = record_start(mentor, history=MentorStatusChange, by=None, now=NOW, note="Online")
    assert (row.mentor, row.from_status, row.to_status, row.by, row.at, row.note) == (
        mentor, "", "applied", None, NOW, "Online",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("model", "status", "expected"),
    [
        (Referral, "draft", ("submitted", "closed")),
        (Referral, "closed", ()),
        (Mentor, "screening", ("in_training", "declined")),
        (Mentor, "retired", ()),
    ],
)
def test_next_statuses_are_the_ones_the_model_lists(model, status, expected):
    assert model(status=status).next_statuses() == expected
