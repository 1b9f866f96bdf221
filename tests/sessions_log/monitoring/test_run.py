"""The monitoring run: opens flags once, closes them by itself when the condition clears,
never reopens one a coordinator resolved while the condition lasts, asks for feedback once,
and takes the same number of queries for 5 relationships as for 50."""

from datetime import timedelta

from django.db import connection
from django.test.utils import CaptureQueriesContext

from notifications.models import Delivery
from sessions_log.logs.models import Outcome
from sessions_log.monitoring import services, tasks
from sessions_log.monitoring.models import Feedback, Flag
from tests.factories import (
    ConcernFactory,
    MenteeReminderPreferencesFactory,
    SessionLogFactory,
)
from tests.sessions_log.monitoring.conftest import NOW, log


def run(programme, now=NOW):
    return services.run(now=now, programme_ids=[programme.pk])


def test_running_twice_opens_one_flag(programme, pair):
    relationship = pair(started_days_ago=10)
    first, second = run(programme), run(programme)
    assert first["no_first_contact"]["opened"] == 1
    assert second["no_first_contact"] == {"opened": 0, "updated": 0, "cleared": 0}
    assert Flag.objects.filter(relationship=relationship, rule="no_first_contact").count() == 1


def test_an_open_flag_says_what_holds_now_not_what_held_when_it_opened(programme, pair):
    relationship = pair()
    log(relationship, 20)
    log(relationship, 10, Outcome.NO_ANSWER)
    log(relationship, 5, Outcome.NO_ANSWER)
    run(programme)
    log(relationship, 1, Outcome.CANCELLED_BY_MENTEE)
    outcome = run(programme, now=NOW + timedelta(minutes=5))
    assert outcome["missed_in_a_row"] == {"opened": 0, "updated": 1, "cleared": 0}
    flag = Flag.objects.get(relationship=relationship, rule="missed_in_a_row")
    assert flag.details == {"missed": 3}
    assert flag.is_open


def test_a_flag_closes_by_itself_when_the_condition_clears(programme, pair):
    relationship = pair(started_days_ago=10)
    run(programme)
    log(relationship, 0, hour=10)
    run(programme, now=NOW + timedelta(minutes=5))
    flag = Flag.objects.get(relationship=relationship, rule="no_first_contact")
    assert not flag.is_open
    assert flag.closed_by_itself_at == NOW + timedelta(minutes=5)
    assert flag.state() == "Closed itself: the condition cleared"


def test_a_resolved_flag_is_not_opened_again_while_the_condition_lasts(
    programme, pair, coordinator
):
    relationship = pair(started_days_ago=10)
    run(programme)
    flag = Flag.objects.get(relationship=relationship, rule="no_first_contact")
    services.resolve(flag=flag, note="Phoned them: they meet on Friday", by=coordinator, now=NOW)
    run(programme, now=NOW + timedelta(days=1))
    assert Flag.objects.filter(relationship=relationship, rule="no_first_contact").count() == 1
    flag.refresh_from_db()
    assert flag.resolved_by == coordinator
    assert flag.closed_by_itself_at is None


def test_once_cleared_the_condition_coming_back_opens_a_new_flag(programme, pair, coordinator):
    relationship = pair(started_days_ago=60)
    log(relationship, 40)
    run(programme)
    flag = Flag.objects.get(relationship=relationship, rule="contact_overdue")
    services.resolve(flag=flag, note="Mentor was on holiday", by=coordinator, now=NOW)
    log(relationship, 0, hour=10)
    run(programme, now=NOW + timedelta(hours=1))  # cleared
    flag.refresh_from_db()
    assert flag.cleared_at is not None
    run(programme, now=NOW + timedelta(days=28))  # overdue again
    assert Flag.objects.filter(relationship=relationship, rule="contact_overdue").count() == 2


def test_a_concern_flag_is_urgent_and_goes_when_the_concern_is_closed(programme, pair, coordinator):
    relationship = pair()
    concern = ConcernFactory(log=SessionLogFactory(relationship=relationship, red_flag=True))
    run(programme)
    flag = Flag.objects.get(relationship=relationship, rule="concern_logged")
    assert flag.severity == "urgent"
    concern.closed_at, concern.closed_by, concern.closing_note = NOW, coordinator, "Saw the GP"
    concern.save()
    run(programme, now=NOW + timedelta(minutes=1))
    flag.refresh_from_db()
    assert flag.closed_by_itself_at is not None


def test_the_task_runs_every_programme(programme, pair):
    pair(started_days_ago=10)
    outcome = tasks.run_monitoring.delay().get()
    assert outcome["no_first_contact"]["opened"] == 1


def test_another_run_holding_the_lock_makes_this_one_skip(programme, pair):
    from django.db import connections

    other = connections.create_connection("default")
    try:
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_lock(%s)", [services.LOCK_KEY])
        assert run(programme) == {"skipped": True}
        with other.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_unlock(%s)", [services.LOCK_KEY])
    finally:
        other.close()
    assert Flag.objects.count() == 0


# --- Feedback requests ------------------------------------------------------------------------


def test_feedback_is_asked_once_after_the_second_session(programme, pair):
    relationship = pair(planned_sessions=6)
    log(relationship, 20)
    run(programme)
    assert Feedback.objects.count() == 0
    log(relationship, 5)
    run(programme)
    run(programme, now=NOW + timedelta(days=1))
    feedback = Feedback.objects.get()
    assert feedback.point == Feedback.Point.SECOND
    delivery = Delivery.objects.get(kind=services.FEEDBACK_REQUEST)
    assert delivery.subject_key == f"feedback:{feedback.pk}"


def test_a_mentee_who_would_rather_not_be_asked_is_not(programme, pair):
    asked, not_asked = pair(planned_sessions=2), pair(planned_sessions=2)
    MenteeReminderPreferencesFactory(mentee=not_asked.mentee, feedback_requests=False)
    MenteeReminderPreferencesFactory(mentee=asked.mentee, contact_reminders=False)
    for relationship in (asked, not_asked):
        log(relationship, 20)
        log(relationship, 5)
    run(programme)
    assert list(Feedback.objects.values_list("relationship", flat=True)) == [asked.pk]
    assert Delivery.objects.filter(kind=services.FEEDBACK_REQUEST).count() == 1


def test_no_email_to_a_mentee_who_chose_the_phone(programme, pair):
    relationship = pair(planned_sessions=2)
    relationship.mentee.reminder_channel = "phone"
    relationship.mentee.save()
    log(relationship, 20)
    log(relationship, 5)
    run(programme)
    assert Feedback.objects.get().point == Feedback.Point.LAST
    assert not Delivery.objects.filter(kind=services.FEEDBACK_REQUEST).exists()


# --- Set-based: the same number of queries for 5 pairs as for 50 ------------------------------


def _world(pair, count):
    for n in range(count):
        relationship = pair(started_days_ago=100 + n % 3, planned_sessions=3)
        log(relationship, 60, pain=3, confidence=7)
        log(relationship, 40, pain=6, confidence=4)
        log(relationship, 30, pain=6, confidence=4)
        log(relationship, 20, Outcome.NO_ANSWER)
        log(relationship, 10, Outcome.NO_ANSWER)
        if n % 5 == 0:
            ConcernFactory(log=SessionLogFactory(relationship=relationship, red_flag=True))


def _queries(programme):
    with CaptureQueriesContext(connection) as first:
        run(programme)
    with CaptureQueriesContext(connection) as again:
        run(programme, now=NOW + timedelta(days=1))
    return len(first), len(again)


def test_five_and_fifty_relationships_take_the_same_queries(programme, pair):
    _world(pair, 5)
    small = _queries(programme)
    Flag.objects.all().delete()
    Feedback.objects.all().delete()
    _world(pair, 45)
    assert _queries(programme) == small
    # the pairs with a concern had a contact since (the one that raised it)
    assert Flag.objects.filter(rule="missed_in_a_row").count() == 40


def test_the_coordinators_digest_counts_new_and_open_flags(programme, coordinator, outsider):
    from datetime import timedelta

    from django.utils import timezone

    from sessions_log.reminders import digest
    from tests.factories import FlagFactory, RelationshipFactory

    now = timezone.now()
    FlagFactory(relationship=RelationshipFactory(programme=programme))
    FlagFactory(
        relationship=RelationshipFactory(programme=programme),
        opened_at=now - timedelta(days=3),
    )
    lines = dict(digest.counts(user=coordinator, now=now))
    assert lines["new monitoring flags"] == 1
    assert lines["monitoring flags open"] == 2
    assert dict(digest.counts(user=outsider, now=now))["monitoring flags open"] == 0
