import pytest

from sessions_log.logs.models import Outcome
from sessions_log.monitoring.models import MonitoringSettings
from sessions_log.monitoring.rules import no_first_contact
from tests.sessions_log.monitoring.conftest import log


@pytest.mark.parametrize(("started", "flagged"), [(6, False), (7, False), (8, True)])
def test_flagged_only_once_seven_whole_days_have_passed(pair, found, started, flagged):
    relationship = pair(started_days_ago=started)
    assert (relationship.pk in found(no_first_contact)) is flagged


def test_a_contact_that_went_ahead_clears_it_but_a_missed_one_does_not(pair, found):
    missed, held = pair(started_days_ago=20), pair(started_days_ago=20)
    log(missed, 3, Outcome.NO_ANSWER)
    log(held, 3)
    assert set(found(no_first_contact)) == {missed.pk}


def test_the_programme_threshold_counts(programme, pair, found):
    MonitoringSettings.objects.create(programme=programme, first_contact_within_days=14)
    relationship = pair(started_days_ago=10)
    assert relationship.pk not in found(no_first_contact)


def test_only_active_pairs(pair, found):
    pair(started_days_ago=20, status="paused", pause_reason="In hospital")
    assert found(no_first_contact) == {}
