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


def test_a_concern_logged_flags_the_pair_at_once_and_closing_it_clears_the_flag(
    pair, mentor, coordinator
):
    """Not at the next night's run: in the log's own transaction."""
    import uuid

    from sessions_log.logs import services
    from sessions_log.monitoring.models import Flag

    relationship = pair(mentor=mentor.mentor)
    log, _ = services.log_contact(
        relationship=relationship,
        values={"occurred_at": timezone.now(), "outcome": "held", "format": "phone",
                "minutes": 30, "concern": "safeguarding", "concern_details": "At risk"},
        key=uuid.uuid4(), by=mentor, now=timezone.now(),
    )  # fmt: skip
    flag = Flag.objects.get(relationship=relationship, rule="concern_logged")
    assert flag.severity == "urgent"
    assert flag.cleared_at is None
    services.close_concern(
        concern=log.raised, note="Spoke to the family", by=coordinator, now=timezone.now()
    )
    flag.refresh_from_db()
    assert flag.cleared_at is not None
    assert flag.closed_by_itself_at is not None
