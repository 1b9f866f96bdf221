"""A relationship after its proposal: both agreements in either order, the start with the
agreed plan, pause and resume, completion, ending early and "did not go ahead"; each step
with its history row, and every step refused where the lifecycle does not allow it."""

from datetime import timedelta

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from mentoring.matching import services
from mentoring.matching.models import Relationship
from mentoring.matching.services import Plan
from mentoring.mentees.models import Mentee
from mentoring.referrals.models import Referral
from tests.factories import RelationshipFactory

pytestmark = pytest.mark.django_db

PLAN = Plan(formats=["phone"], planned_sessions=8, planned_interval_days=10,
            planned_length_weeks=16, review_after_session=3)  # fmt: skip


@pytest.fixture
def proposal(coordinator, matchable_mentor, waiting_mentee):
    return services.propose(
        mentee=waiting_mentee, mentor=matchable_mentor, by=coordinator, now=timezone.now()
    )


def agree_both(relationship, by, now=None):
    now = now or timezone.now()
    services.record_agreement(relationship=relationship, party="mentor", by=by, now=now)
    return services.record_agreement(relationship=relationship, party="mentee", by=by, now=now)


def started(proposal, coordinator, today=None):
    agree_both(proposal, coordinator)
    return services.start(
        relationship=proposal, started_on=today or timezone.localdate(), plan=PLAN,
        by=coordinator, now=timezone.now(),
    )  # fmt: skip


def steps(relationship):
    return [
        (e.from_status, e.to_status, e.by_id, e.note)
        for e in relationship.events.order_by("at", "pk")
    ]


# --- Agreements ------------------------------------------------------------------------------


def test_agreements_are_recorded_in_either_order_with_who_and_when(proposal, coordinator):
    now = timezone.now()
    services.record_agreement(relationship=proposal, party="mentor", by=coordinator, now=now)
    proposal.refresh_from_db()
    assert proposal.mentor_agreed_at == now
    assert proposal.mentor_agreement_recorded_by == coordinator
    assert proposal.mentee_agreed_at is None
    later = now + timedelta(minutes=5)
    services.record_agreement(relationship=proposal, party="mentee", by=coordinator, now=later)
    proposal.refresh_from_db()
    assert (proposal.mentee_agreed_at, proposal.mentee_agreement_recorded_by) == (
        later,
        coordinator,
    )
    assert steps(proposal)[1:] == [
        ("proposed", "proposed", coordinator.pk, "The mentor agreed."),
        ("proposed", "proposed", coordinator.pk, "The mentee agreed."),
    ]


def test_recording_an_agreement_twice_keeps_the_first(proposal, coordinator):
    first = timezone.now()
    services.record_agreement(relationship=proposal, party="mentee", by=coordinator, now=first)
    services.record_agreement(
        relationship=proposal, party="mentee", by=coordinator, now=first + timedelta(hours=1)
    )
    proposal.refresh_from_db()
    assert proposal.mentee_agreed_at == first
    assert len(steps(proposal)) == 2


def test_agreements_are_only_for_a_proposal(proposal, coordinator):
    active = started(proposal, coordinator)
    with pytest.raises(ValidationError, match="while a match is proposed"):
        services.record_agreement(
            relationship=active, party="mentee", by=coordinator, now=timezone.now()
        )


# --- Starting --------------------------------------------------------------------------------


@pytest.mark.parametrize("agreed", [[], ["mentee"], ["mentor"]])
def test_the_mentoring_starts_only_once_both_agreed(proposal, coordinator, agreed):
    for party in agreed:
        services.record_agreement(
            relationship=proposal, party=party, by=coordinator, now=timezone.now()
        )
    with pytest.raises(ValidationError, match="agreement first"):
        services.start(
            relationship=proposal, started_on=timezone.localdate(), plan=PLAN,
            by=coordinator, now=timezone.now(),
        )  # fmt: skip
    proposal.refresh_from_db()
    assert proposal.status == "proposed"
    assert proposal.started_on is None


def test_starting_saves_the_agreed_plan_and_the_start_date(proposal, coordinator):
    start_on = timezone.localdate() + timedelta(days=3)
    active = started(proposal, coordinator, today=start_on)
    active.refresh_from_db()
    assert active.status == "active"
    assert active.started_on == start_on
    assert Plan.of(active) == PLAN
    assert active.review_due_on == start_on + timedelta(days=10 * 2)
    assert active.planned_end_on == start_on + timedelta(weeks=16)
    last = steps(active)[-1]
    assert last[:3] == ("proposed", "active", coordinator.pk)
    assert "8 sessions, 10 days apart, over 16 weeks" in last[3]


def test_a_plan_whose_review_comes_after_the_last_session_is_refused(proposal, coordinator):
    agree_both(proposal, coordinator)
    bad = Plan(formats=["phone"], planned_sessions=2, review_after_session=3)
    with pytest.raises(ValidationError) as caught:
        services.start(
            relationship=proposal, started_on=timezone.localdate(), plan=bad, by=coordinator,
            now=timezone.now(),
        )  # fmt: skip
    assert "review_after_session" in caught.value.message_dict
    proposal.refresh_from_db()
    assert proposal.status == "proposed"  # nothing half-saved


def test_starting_twice_says_it_has_started(proposal, coordinator):
    active = started(proposal, coordinator)
    with pytest.raises(ValidationError, match="already started"):
        services.start(
            relationship=active, started_on=timezone.localdate(), plan=PLAN, by=coordinator,
            now=timezone.now(),
        )  # fmt: skip


def test_the_referral_becomes_matched_through_awaiting_match(proposal, coordinator):
    referral = proposal.referral
    assert referral.status == "consented"
    started(proposal, coordinator)
    referral.refresh_from_db()
    assert referral.status == Referral.Status.MATCHED
    assert list(referral.events.values_list("to_status", flat=True))[-2:] == [
        "awaiting_match", "matched",
    ]  # fmt: skip


def test_a_referral_already_awaiting_match_becomes_matched(proposal, coordinator):
    Referral.objects.filter(pk=proposal.referral_id).update(status="awaiting_match")
    started(proposal, coordinator)
    proposal.referral.refresh_from_db()
    assert proposal.referral.status == "matched"


def test_the_referring_physiotherapist_sees_matched_on_my_referrals(
    client, proposal, coordinator, physiotherapist
):
    started(proposal, coordinator)
    client.force_login(physiotherapist)
    page = client.get("/referrals/mine/").content.decode()
    row = page[page.index(proposal.referral.last_name) :]
    assert "Matched" in row[: row.index("</tr>")]


# --- Changing the plan ------------------------------------------------------------------------


def test_the_plan_can_change_per_pair_with_a_history_row(proposal, coordinator):
    active = started(proposal, coordinator)
    new = Plan(formats=["phone", "video"], planned_sessions=6, planned_interval_days=21,
               planned_length_weeks=18, review_after_session=2)  # fmt: skip
    services.change_plan(relationship=active, plan=new, by=coordinator, now=timezone.now())
    active.refresh_from_db()
    assert Plan.of(active) == new
    assert steps(active)[-1][3].startswith("Plan changed: 6 sessions, 21 days apart")


def test_an_ended_plan_cannot_change(proposal, coordinator):
    services.did_not_go_ahead(
        relationship=proposal, reason="health", by=coordinator, now=timezone.now()
    )
    with pytest.raises(ValidationError, match="ended"):
        services.change_plan(relationship=proposal, plan=PLAN, by=coordinator, now=timezone.now())


# --- Pause and resume ------------------------------------------------------------------------


def test_pause_with_a_reason_and_expected_date_then_resume(proposal, coordinator):
    active = started(proposal, coordinator)
    back_on = timezone.localdate() + timedelta(days=21)
    services.pause(
        relationship=active, reason="Hip operation", expected_resume_on=back_on,
        by=coordinator, now=timezone.now(),
    )  # fmt: skip
    active.refresh_from_db()
    assert (active.status, active.pause_reason, active.expected_resume_on) == (
        "paused", "Hip operation", back_on,
    )  # fmt: skip
    assert steps(active)[-1][1] == "paused"
    assert "Hip operation" in steps(active)[-1][3]
    services.resume(relationship=active, by=coordinator, now=timezone.now())
    active.refresh_from_db()
    assert (active.status, active.pause_reason, active.expected_resume_on) == ("active", "", None)
    assert steps(active)[-1][:2] == ("paused", "active")


def test_a_pause_needs_a_reason(proposal, coordinator):
    active = started(proposal, coordinator)
    with pytest.raises(ValidationError):
        services.pause(
            relationship=active, reason="  ", expected_resume_on=None, by=coordinator,
            now=timezone.now(),
        )  # fmt: skip


def test_a_proposal_cannot_be_paused_and_active_mentoring_cannot_resume(proposal, coordinator):
    with pytest.raises(ValidationError, match="cannot be moved to paused"):
        services.pause(
            relationship=proposal, reason="Away", expected_resume_on=None, by=coordinator,
            now=timezone.now(),
        )  # fmt: skip
    active = started(proposal, coordinator)
    with pytest.raises(ValidationError, match="Only paused"):
        services.resume(relationship=active, by=coordinator, now=timezone.now())


# --- Ending ------------------------------------------------------------------------------------


def test_completing_keeps_the_mentee_off_the_waiting_list(proposal, coordinator):
    active = started(proposal, coordinator)
    services.complete(
        relationship=active, ended_on=timezone.localdate(), note="All six sessions held",
        by=coordinator, now=timezone.now(),
    )  # fmt: skip
    active.refresh_from_db()
    assert (active.status, active.ended_on) == ("completed", timezone.localdate())
    assert steps(active)[-1] == ("active", "completed", coordinator.pk, "All six sessions held")
    assert Mentee.objects.get(pk=active.mentee_id).waiting_since is None


def test_ending_early_needs_a_reason_from_the_list_and_the_mentee_waits_again(
    proposal, coordinator, matchable_mentor
):
    active = started(proposal, coordinator)
    with pytest.raises(ValidationError):
        services.end_early(
            relationship=active, reason="bored", ended_on=timezone.localdate(), by=coordinator,
            now=timezone.now(),
        )  # fmt: skip
    now = timezone.now()
    services.end_early(
        relationship=active, reason="not_a_good_match", ended_on=timezone.localdate(),
        note="Different hopes", by=coordinator, now=now,
    )  # fmt: skip
    active.refresh_from_db()
    assert (active.status, active.end_reason, active.end_note) == (
        "ended_early", "not_a_good_match", "Different hopes",
    )  # fmt: skip
    assert steps(active)[-1] == (
        "active", "ended_early", coordinator.pk, "Not a good match. Different hopes",
    )  # fmt: skip
    mentee = Mentee.objects.get(pk=active.mentee_id)
    assert mentee.waiting_since == now
    assert Mentee.objects.waiting().filter(pk=mentee.pk).exists()
    # and can be matched again, with the same mentor's place free once more
    again = services.propose(
        mentee=mentee, mentor=matchable_mentor, by=coordinator, now=timezone.now()
    )
    assert again.status == "proposed"


def test_an_end_before_the_start_is_refused(proposal, coordinator):
    active = started(proposal, coordinator)
    with pytest.raises(ValidationError) as caught:
        services.complete(
            relationship=active, ended_on=active.started_on - timedelta(days=1), by=coordinator,
            now=timezone.now(),
        )  # fmt: skip
    assert "ended_on" in caught.value.message_dict


def test_paused_mentoring_can_end_early(proposal, coordinator):
    active = started(proposal, coordinator)
    services.pause(
        relationship=active, reason="Unwell", expected_resume_on=None, by=coordinator,
        now=timezone.now(),
    )  # fmt: skip
    services.end_early(
        relationship=active, reason="health", ended_on=timezone.localdate(), by=coordinator,
        now=timezone.now(),
    )  # fmt: skip
    active.refresh_from_db()
    assert active.status == "ended_early"


def test_a_proposal_that_did_not_go_ahead_frees_the_place_and_the_mentee_waits_again(
    proposal, coordinator, matchable_mentor, programme
):
    now = timezone.now()
    services.did_not_go_ahead(
        relationship=proposal, reason="mentee_withdrew", note="Changed their mind",
        by=coordinator, now=now,
    )  # fmt: skip
    proposal.refresh_from_db()
    assert proposal.status == "not_started"
    assert steps(proposal)[-1] == (
        "proposed", "not_started", coordinator.pk, "The mentee chose to stop. Changed their mind",
    )  # fmt: skip
    assert Mentee.objects.get(pk=proposal.mentee_id).waiting_since == now
    assert proposal.referral.status == "consented"  # never matched
    from tests.factories import MenteeFactory

    other = services.propose(
        mentee=MenteeFactory(programme=programme), mentor=matchable_mentor, by=coordinator,
        now=timezone.now(),
    )  # fmt: skip
    assert other.mentor == matchable_mentor


def test_active_mentoring_cannot_be_marked_as_not_started(proposal, coordinator):
    active = started(proposal, coordinator)
    with pytest.raises(ValidationError, match="cannot be moved"):
        services.did_not_go_ahead(
            relationship=active, reason="health", by=coordinator, now=timezone.now()
        )


@pytest.mark.parametrize("status", ["completed", "ended_early", "not_started"])
def test_nothing_follows_an_end(programme, coordinator, status):
    relationship = RelationshipFactory(
        programme=programme, status=status, end_reason="health", ended_on=timezone.localdate()
    )
    for step in (
        lambda: services.pause(relationship=relationship, reason="x", expected_resume_on=None,
                               by=coordinator, now=timezone.now()),
        lambda: services.resume(relationship=relationship, by=coordinator, now=timezone.now()),
        lambda: services.complete(relationship=relationship, ended_on=timezone.localdate(),
                                  by=coordinator, now=timezone.now()),
        lambda: services.end_early(relationship=relationship, reason="health",
                                   ended_on=timezone.localdate(), by=coordinator,
                                   now=timezone.now()),
    ):  # fmt: skip
        with pytest.raises(ValidationError):
            step()
    assert Relationship.objects.get(pk=relationship.pk).status == status


def test_next_contact_follows_the_plan(programme):
    today = timezone.localdate()
    relationship = RelationshipFactory(
        programme=programme, started_on=today - timedelta(days=20), planned_interval_days=14,
        planned_sessions=6,
    )  # fmt: skip
    assert services.next_contact(relationship, today=today) == today + timedelta(days=8)
    relationship.status = "paused"
    assert services.next_contact(relationship, today=today) is None
