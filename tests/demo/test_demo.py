import pytest
from django.core.management import CommandError, call_command
from django.test import override_settings
from django.utils import timezone

from accounts.models import Programme, Site, User
from demo.builders.people import DEMO_PASSWORD, DEMO_PROGRAMME
from mentoring.matching.models import Relationship
from mentoring.recruitment.models import Mentor
from mentoring.referrals.models import Referral
from mentoring.training.models import TrainingModule
from sessions_log.monitoring.models import Feedback, Flag
from sessions_log.reminders.models import ManualReminder

pytestmark = pytest.mark.django_db


def counts():
    return {
        "programmes": Programme.objects.count(),
        "sites": Site.objects.count(),
        **{role: User.objects.filter(role=role).count() for role in User.Role.values},
        "admins": User.objects.filter(is_superuser=True).count(),
    }


@override_settings(DEBUG=True)
def test_demo_data_builds_one_believable_programme_and_can_run_again(capsys):
    call_command("load_demo")
    first = counts()
    referrals = Referral.objects.count()
    assert first == {
        "programmes": 1,
        "sites": 2,
        "coordinator": 1,
        "physiotherapist": 2,
        "mentor": 4,
        "mentee": 6,
        "admins": 1,
    }
    call_command("load_demo")
    assert counts() == first
    assert Referral.objects.count() == referrals
    assert Mentor.objects.count() == 6
    out = capsys.readouterr().out
    assert "coordinator@example.org" in out
    assert DEMO_PASSWORD in out
    states = set(Referral.objects.values_list("status", flat=True))
    assert states == set(Referral.Status.values)
    reasons = set(Referral.objects.exclude(close_reason="").values_list("close_reason", flat=True))
    assert {"declined", "withdrawn"} <= reasons
    assert Referral.objects.waiting_too_long(now=timezone.now()).exists()
    assert Referral.objects.filter(source="paper").exists()
    assert TrainingModule.objects.count() == 7
    assert set(Mentor.objects.values_list("status", flat=True)) == {
        "applied", "screening", "in_training", "active",
    }  # fmt: skip
    # mentor1 has an active mentee and a proposal: both of their places are taken
    assert Mentor.objects.matchable(today=timezone.localdate()).count() == 2
    assert set(Relationship.objects.values_list("status", flat=True)) == set(
        Relationship.Status.values
    )
    assert Relationship.objects.filter(
        mentor__user__email="mentor1@example.org", status="active"
    ).exists()
    assert Relationship.objects.count() == 8
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    assert programme.members.count() == 13
    assert User.objects.get(email="mentor1@example.org").check_password(DEMO_PASSWORD)


@override_settings(DEBUG=True)
def test_the_demo_has_flags_to_work_through_feedback_and_a_call_to_make():
    call_command("load_demo")
    flags = set(Flag.objects.open().values_list("relationship__mentee__first_name", "rule"))
    assert {
        ("Agnes", "concern_logged"),
        ("Moira", "contact_overdue"),
        ("Moira", "missed_in_a_row"),
        ("Moira", "mentor_expiry"),
        ("Moira", "low_feedback"),
        ("Douglas", "no_first_contact"),
    } <= flags
    assert set(Feedback.objects.answered().values_list("rating", flat=True)) == {2, 5}
    # Agnes chose email: after her second session she is asked by a link
    assert Feedback.objects.filter(relationship__mentee__first_name="Agnes", answered_at=None)
    (call,) = ManualReminder.objects.calls_for(timezone.localdate())
    assert call.mentee.first_name == "Moira"
    call_command("load_demo")
    assert set(Flag.objects.open().values_list("relationship__mentee__first_name", "rule")) == flags


@override_settings(DEBUG=False)
def test_demo_data_is_refused_on_a_live_service():
    with pytest.raises(CommandError):
        call_command("load_demo")
    assert not User.objects.exists()


def test_demo_people_are_invented():
    from demo.builders.people import DEMO_PEOPLE

    assert all(person.email.endswith("@example.org") for person in DEMO_PEOPLE)


@override_settings(DEBUG=True)
def test_the_demo_programme_says_who_to_call_with_invented_details():
    call_command("load_demo")
    programme = Programme.objects.get(name=DEMO_PROGRAMME)
    assert programme.contact_name
    assert programme.contact_email.endswith("@example.org")
    assert programme.contact_phone == "+441314960000"  # Ofcom drama range: 0131 496 0xxx
    programme.full_clean()  # stored as the programme admin would store it


@override_settings(DEBUG=True)
def test_demo_mentees_wait_registered_from_consented_referrals():
    from mentoring.mentees.models import Mentee

    call_command("load_demo")
    # Mentees never matched (the relationships' mentees are tested with them) all wait, each
    # registered from a referral now awaiting a match.
    mentees = Mentee.objects.filter(relationships__isnull=True)
    assert mentees.waiting().count() == mentees.count() >= 6
    assert mentees.filter(user__isnull=False).count() == 2
    assert {m.reminder_channel for m in mentees} == set(Mentee.Channel.values)
    assert all(m.area.startswith("EH") for m in mentees if m.last_name != "Baillie")
    for mentee in mentees:
        statuses = {r.referral.status for r in mentee.registrations.select_related("referral")}
        assert statuses == {Referral.Status.AWAITING_MATCH}
    # every referral awaiting a match has its mentee
    assert not Referral.objects.filter(status="awaiting_match", registration__isnull=True).exists()
    assert Referral.objects.filter(status="consented").exists()  # one left to register
    before = Mentee.objects.count()
    call_command("load_demo")
    assert Mentee.objects.count() == before
