from django.utils import timezone

from sessions_log.monitoring.rules import concern_logged
from tests.factories import ConcernFactory, SessionLogFactory


def test_an_open_concern_flags_its_pair_urgent_when_it_is(pair, found):
    relationship = pair()
    ConcernFactory(log=SessionLogFactory(relationship=relationship, red_flag=True), urgent=True)
    match = found(concern_logged)[relationship.pk]
    assert (match.severity, match.details) == ("urgent", {"concerns": 1, "urgent": 1})


def test_a_closed_concern_does_not(pair, found, coordinator):
    relationship = pair()
    ConcernFactory(
        log=SessionLogFactory(relationship=relationship, red_flag=True),
        closed_at=timezone.now(), closed_by=coordinator, closing_note="Phoned the GP",
    )  # fmt: skip
    assert found(concern_logged) == {}
