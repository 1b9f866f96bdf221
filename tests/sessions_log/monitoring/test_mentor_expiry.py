from datetime import timedelta

import pytest

from sessions_log.monitoring import services
from sessions_log.monitoring.models import Flag
from sessions_log.monitoring.rules import describe, mentor_expiry
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


def test_an_open_flag_becomes_more_pressing_when_the_check_runs_out(programme, pair, module):
    relationship = in_date_pair(pair, module, check_until=TODAY + timedelta(days=3))
    services.run(now=NOW, programme_ids=[programme.pk])
    flag = Flag.objects.get(relationship=relationship, rule="mentor_expiry")
    assert (flag.severity, flag.details) == ("routine", {"check": "expiring"})
    services.run(now=NOW + timedelta(days=4), programme_ids=[programme.pk])
    flag.refresh_from_db()
    assert (flag.severity, flag.details) == ("soon", {"check": "expired"})
    assert describe(flag.rule, flag.details) == "The mentor's disclosure check has run out"
