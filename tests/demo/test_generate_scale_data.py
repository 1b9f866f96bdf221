"""generate_scale_data at a tiny scale: every status made, the database's constraints
hold (PostgreSQL checks each row as it is inserted), and an occupied database is refused."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.db.models import Count, F
from django.test import Client, override_settings

from accounts.models import Membership, Programme, User
from core.choices import HOLDS_PLACE
from demo.scale import BENCH_PASSWORD
from mentoring.matching.models import PostcodeDistrict, Relationship, RelationshipEvent
from mentoring.mentees.models import Mentee, MenteeReferral
from mentoring.recruitment.models import DisclosureCheck, Mentor
from mentoring.referrals.models import Referral
from mentoring.training.models import TrainingRecord
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db

TINY = ["--force", "--referrals=200", "--mentors=60", "--training-records=300", "--scale=0.01"]


def test_tiny_scale_data_has_every_status_and_the_asked_for_figures(tmp_path):
    call_command("generate_scale_data", *TINY, f"--manifest={tmp_path / 'm.json'}")
    big = Programme.objects.order_by("pk").first()
    assert Programme.objects.count() == 4
    assert Referral.objects.filter(programme=big).count() == 200
    assert Mentor.objects.filter(programme=big).count() == 60
    assert TrainingRecord.objects.filter(mentor__programme=big).count() == 300
    assert set(Referral.objects.values_list("status", flat=True)) == set(Referral.Status.values)
    assert set(Mentor.objects.values_list("status", flat=True)) == set(Mentor.Status.values)
    today = big.created_at.date()
    expired = TrainingRecord.objects.filter(expires_on__lt=today)
    assert expired.exists()
    assert TrainingRecord.objects.filter(expires_on__gte=today).exists()
    assert DisclosureCheck.objects.filter(outcome="clear", renewal_due_on__lt=today).exists()
    assert Referral.objects.filter(status="closed", submitted_at__isnull=True).exists()
    manifest = json.loads((tmp_path / "m.json").read_text())
    assert manifest["programme"] == big.pk
    assert manifest["mentors_in_programme"] == 60


def test_mentors_and_mentees_belong_to_one_programme_and_staff_are_members():
    call_command("generate_scale_data", *TINY)
    for user in User.objects.filter(role__in=User.SINGLE_PROGRAMME_ROLES):
        assert Membership.objects.filter(user=user).count() == 1
    for mentor in Mentor.objects.exclude(user=None).select_related("user"):
        assert mentor.user.memberships.get().programme_id == mentor.programme_id
    assert not User.objects.filter(role__in=User.STAFF_ROLES, memberships=None).exists()


def test_each_bench_sign_in_works_with_the_known_password():
    call_command("generate_scale_data", *TINY)
    for email in [
        "coordinator@bench.invalid",
        "physio@bench.invalid",
        "mentor@bench.invalid",
        "mentee@bench.invalid",
    ]:
        client = Client()
        assert client.login(email=email, password=BENCH_PASSWORD), email
        assert client.get("/").status_code == 200


def test_mentees_and_relationships_in_every_state_within_each_mentors_capacity(tmp_path):
    call_command("generate_scale_data", *TINY, f"--manifest={tmp_path / 'm.json'}")
    big = Programme.objects.order_by("pk").first()
    # Every referral awaiting a match or matched brought a mentee, and only those.
    fitting = Referral.objects.filter(status__in=["awaiting_match", "matched"])
    assert MenteeReferral.objects.count() == fitting.count() == Mentee.objects.count()
    assert not MenteeReferral.objects.exclude(referral__in=fitting).exists()
    assert set(Relationship.objects.values_list("status", flat=True)) == set(
        Relationship.Status.values
    )
    counts = dict(
        Relationship.objects.filter(programme=big)
        .values_list("status")
        .annotate(n=Count("pk"))
        .values_list("status", "n")
    )
    assert counts["completed"] > counts["active"] > counts["paused"]
    # Capacity never exceeded; places held only by active mentors.
    loads = Mentor.objects.with_current_mentees()
    assert not loads.filter(current_mentees__gt=F("capacity")).exists()
    assert (
        not Relationship.objects.filter(status__in=HOLDS_PLACE)
        .exclude(mentor__status="active")
        .exists()
    )
    assert Mentor.objects.matchable(today=big.created_at.date()).exists()
    # Waiting means no relationship holding a place, and the referral fits the story.
    waiting = Mentee.objects.waiting()
    assert waiting.exists()
    assert not waiting.in_current_relationship().exists()
    assert (
        not Mentee.objects.filter(waiting_since=None)
        .exclude(relationships=None)
        .exclude(pk__in=Mentee.objects.in_current_relationship().values("pk"))
        .exclude(relationships__status="completed")
        .exists()
    )
    started = Relationship.objects.exclude(started_on=None)
    assert not started.exclude(referral__status="matched").exists()
    assert (
        not Relationship.objects.filter(status="proposed")
        .exclude(referral__status="awaiting_match")
        .exists()
    )
    # Every relationship's history ends in its status, and starts with the proposal.
    for relationship in Relationship.objects.prefetch_related("events"):
        events = list(relationship.events.all())
        assert events[0].to_status == "proposed"
        assert events[0].from_status == ""
        assert events[-1].to_status == relationship.status
    assert RelationshipEvent.objects.filter(note__startswith="Plan changed").exists()
    # Mentees and mentors live in districts with a known centre.
    districts = set(PostcodeDistrict.objects.values_list("district", flat=True))
    assert set(Mentee.objects.values_list("area", flat=True)) <= districts
    assert set(Mentor.objects.values_list("area", flat=True)) <= districts
    assert Mentee.objects.exclude(user=None).exists()
    manifest = json.loads((tmp_path / "m.json").read_text())
    assert Mentee.objects.get(pk=manifest["mentee"]).waiting_since is not None
    assert Relationship.objects.get(pk=manifest["relationship"]).status == "active"


def test_session_logs_follow_each_pair_and_some_raise_concerns():
    call_command("generate_scale_data", *TINY, "--scale=0.05")
    from sessions_log.logs.models import Concern, SessionLog, SessionPlanStep

    assert SessionPlanStep.objects.filter(number=6).count() == Programme.objects.count()
    logs = SessionLog.objects.select_related("relationship")
    assert logs.exists()
    assert not logs.filter(relationship__started_on=None).exists()
    assert set(logs.values_list("outcome", flat=True)) >= {"held", "no_answer"}
    for log in logs:
        assert log.occurred_at.date() >= log.relationship.started_on
        assert log.relationship.ended_on is None or (
            log.occurred_at.date() <= log.relationship.ended_on
        )
    # No pair has more logs than sessions planned, and each active pair's next contact is
    # the one its latest log agreed.
    assert not (
        Relationship.objects.annotate(n=Count("logs")).filter(n__gt=F("planned_sessions")).exists()
    )
    for pair in Relationship.objects.filter(status="active").exclude(logs=None):
        assert pair.next_contact_at == pair.logs.order_by("-occurred_at").first().next_contact_at
    assert Concern.objects.count() == logs.exclude(concern="").count()
    assert not Concern.objects.exclude(kind=F("log__concern")).exists()


def test_it_refuses_a_database_that_already_holds_data():
    ProgrammeFactory()
    with pytest.raises(CommandError, match="already holds"):
        call_command("generate_scale_data", *TINY)


@override_settings(DEBUG=False)
def test_it_refuses_to_make_well_known_sign_ins_with_debug_off_unless_forced():
    with pytest.raises(CommandError, match="well-known password"):
        call_command("generate_scale_data", "--scale=0.01")
