from sessions_log.logs.models import Outcome
from sessions_log.monitoring.models import MonitoringSettings
from sessions_log.monitoring.rules import missed_in_a_row
from tests.sessions_log.monitoring.conftest import log


def test_one_missed_after_a_held_contact_is_not_yet(pair, found):
    relationship = pair()
    log(relationship, 20)
    log(relationship, 5, Outcome.NO_ANSWER)
    assert found(missed_in_a_row) == {}


def test_two_missed_in_a_row_is_flagged(pair, found):
    relationship = pair()
    log(relationship, 20)
    log(relationship, 10, Outcome.CANCELLED_BY_MENTEE)
    log(relationship, 5, Outcome.CANCELLED_BY_MENTOR)
    assert found(missed_in_a_row)[relationship.pk].details == {"missed": 2}


def test_three_missed_says_three(pair, found):
    relationship = pair()
    for days in (15, 10, 5):
        log(relationship, days, Outcome.NO_ANSWER)
    assert found(missed_in_a_row)[relationship.pk].details == {"missed": 3}


def test_missed_then_held_then_missed_is_not_in_a_row(pair, found):
    relationship = pair()
    log(relationship, 15, Outcome.NO_ANSWER)
    log(relationship, 10)
    log(relationship, 5, Outcome.NO_ANSWER)
    assert found(missed_in_a_row) == {}


def test_the_programme_threshold_counts(programme, pair, found):
    MonitoringSettings.objects.create(programme=programme, missed_contacts_in_a_row=3)
    relationship = pair()
    log(relationship, 10, Outcome.NO_ANSWER)
    log(relationship, 5, Outcome.NO_ANSWER)
    assert found(missed_in_a_row) == {}
