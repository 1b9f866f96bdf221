"""generate_scale_data at a tiny scale: every status made, the database's constraints
hold (PostgreSQL checks each row as it is inserted), and an occupied database is refused."""

import json

import pytest
from django.core.management import CommandError, call_command
from django.test import Client, override_settings

from accounts.models import Membership, Programme, User
from demo.scale import BENCH_PASSWORD
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
    for email in ["coordinator@bench.invalid", "physio@bench.invalid", "mentor@bench.invalid"]:
        client = Client()
        assert client.login(email=email, password=BENCH_PASSWORD), email
        assert client.get("/").status_code == 200


def test_it_refuses_a_database_that_already_holds_data():
    ProgrammeFactory()
    with pytest.raises(CommandError, match="already holds"):
        call_command("generate_scale_data", *TINY)


@override_settings(DEBUG=False)
def test_it_refuses_to_make_well_known_sign_ins_with_debug_off_unless_forced():
    with pytest.raises(CommandError, match="well-known password"):
        call_command("generate_scale_data", "--scale=0.01")
