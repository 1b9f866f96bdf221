from datetime import timedelta

import pytest

from sessions_log.monitoring.rules import mentor_expiry
from tests.factories import DisclosureCheckFactory, TrainingModuleFactory, TrainingRecordFactory
from tests.sessions_log.monitoring.conftest import NOW, TODAY


@pytest.fixture
def module(programme):
    return TrainingModuleFactory(programme=programme, required=True, validity_months=None)


def in_date_pair(pair, module, *, training_until=None, check_until=None):
    relationship = pair()
    record = TrainingRecordFactory(mentor=relationship.mentor, module=module)
    if training_until is not None:
        type(record).objects.filter(pk=record.pk).update(expires_on=training_until)
    DisclosureCheckFactory(
        mentor=relationship.mentor,
        issued_on=TODAY - timedelta(days=1000),
        renewal_due_on=check_until or TODAY + timedelta(days=365),
    )
    return relationship


@pytest.mark.parametrize(
    ("days_left", "expected"), [(31, None), (30, "expiring"), (29, "expiring"), (-1, "expired")]
)
def test_training_running_out_within_30_days(pair, module, found, days_left, expected):
    relationship = in_date_pair(pair, module, training_until=TODAY + timedelta(days=days_left))
    match = found(mentor_expiry).get(relationship.pk)
    assert (match.details.get("training") if match else None) == expected


@pytest.mark.parametrize(
    ("days_left", "expected"), [(31, None), (30, "expiring"), (0, "expiring"), (-1, "expired")]
)
def test_disclosure_check_running_out(pair, module, found, days_left, expected):
    relationship = in_date_pair(pair, module, check_until=TODAY + timedelta(days=days_left))
    match = found(mentor_expiry).get(relationship.pk)
    assert (match.details.get("check") if match else None) == expected


def test_an_expired_one_needs_a_look_sooner(pair, module, found):
    relationship = in_date_pair(pair, module, check_until=TODAY - timedelta(days=1))
    assert found(mentor_expiry, now=NOW)[relationship.pk].severity == "soon"
