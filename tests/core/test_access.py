"""core.access: visitors and closed accounts see nothing, administrators everything, and a
child row (interview, reference, check, training record, history) is visible exactly when
its parent is, for every persona."""

import pytest
from django.contrib.auth.models import AnonymousUser

from accounts.models import Programme, Site, User
from core.access import is_signed_in
from mentoring.recruitment.models import (
    DisclosureCheck,
    Interview,
    Mentor,
    MentorReference,
    MentorStatusChange,
)
from mentoring.referrals.models import Referral, ReferralEvent
from mentoring.training.models import TrainingModule, TrainingRecord
from tests.factories import (
    DisclosureCheckFactory,
    InterviewFactory,
    MentorFactory,
    MentorReferenceFactory,
    MentorStatusChangeFactory,
    ReferralEventFactory,
    ReferralFactory,
    TrainingRecordFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

MENTOR_CHILDREN = [Interview, MentorReference, DisclosureCheck, TrainingRecord, MentorStatusChange]
CHILDREN = [*[(child, Mentor) for child in MENTOR_CHILDREN], (ReferralEvent, Referral)]
EVERYTHING = [Programme, Site, TrainingModule, Mentor, Referral, *MENTOR_CHILDREN, ReferralEvent]


@pytest.fixture
def world(programme, other_programme, personas):
    """Mentors and referrals in both programmes, each with one child of every kind."""
    other_physiotherapist = UserFactory(role=User.Role.PHYSIOTHERAPIST, programmes=[programme])
    mentors = {
        "own record": personas["mentor"].mentor,
        "same programme": MentorFactory(programme=programme, status="in_training"),
        "other programme": MentorFactory(programme=other_programme, status="active"),
    }
    for mentor in mentors.values():
        InterviewFactory(mentor=mentor)
        MentorReferenceFactory(mentor=mentor)
        DisclosureCheckFactory(mentor=mentor)
        TrainingRecordFactory(mentor=mentor)
        MentorStatusChangeFactory(mentor=mentor)
    physiotherapist, coordinator = personas["physiotherapist"], personas["coordinator"]
    unsent = {"status": "draft", "submitted_at": None}
    referrals = {
        "physiotherapist's": ReferralFactory(programme=programme, referred_by=physiotherapist),
        "physiotherapist's draft": ReferralFactory(
            programme=programme, referred_by=physiotherapist, **unsent
        ),
        "colleague's": ReferralFactory(programme=programme, referred_by=other_physiotherapist),
        "colleague's draft": ReferralFactory(
            programme=programme, referred_by=other_physiotherapist, **unsent
        ),
        "coordinator's draft": ReferralFactory(
            programme=programme, referred_by=coordinator, **unsent
        ),
        "other programme's": ReferralFactory(programme=other_programme),
    }
    for referral in referrals.values():
        ReferralEventFactory(referral=referral)
    return {"mentors": mentors, "referrals": referrals}


@pytest.mark.parametrize(
    ("persona", "mentors", "referrals"),
    [
        (
            "coordinator",
            {"own record", "same programme"},
            {"physiotherapist's", "colleague's", "coordinator's draft"},
        ),
        ("outsider", {"other programme"}, {"other programme's"}),
        ("mentor", {"own record"}, set()),
        ("physiotherapist", set(), {"physiotherapist's", "physiotherapist's draft"}),
        ("mentee", set(), set()),
    ],
)
def test_each_persona_sees_the_mentors_and_referrals_it_should(
    personas, world, persona, mentors, referrals
):
    user = personas[persona]
    assert set(Mentor.objects.visible_to(user)) == {world["mentors"][m] for m in mentors}
    assert set(Referral.objects.visible_to(user)) == {world["referrals"][r] for r in referrals}


@pytest.mark.parametrize("persona", ["coordinator", "outsider", "mentor", "physiotherapist"])
@pytest.mark.parametrize(("child", "parent"), CHILDREN, ids=lambda model: model.__name__)
def test_a_child_is_visible_exactly_when_its_parent_is(personas, world, persona, child, parent):
    user = personas[persona]
    parent_field = child.objects.all().parent_field
    children = child.objects.visible_to(user).values_list(f"{parent_field}_id", flat=True)
    parents = parent.objects.visible_to(user).values_list("pk", flat=True)
    assert set(children) == set(parents)  # every parent in the world has children
    assert len(children) == len(set(children))  # and no child is shown twice


@pytest.mark.parametrize("model", EVERYTHING, ids=lambda model: model.__name__)
def test_visitors_and_closed_accounts_see_nothing(world, personas, administrator, model):
    assert not model.objects.visible_to(AnonymousUser()).exists()
    for user in [*personas.values(), administrator]:
        user.is_active = False
        assert not model.objects.visible_to(user).exists(), user


@pytest.mark.parametrize("model", EVERYTHING, ids=lambda model: model.__name__)
def test_administrators_see_everything(world, administrator, model):
    assert model.objects.visible_to(administrator).count() == model.objects.count() > 0


def test_only_an_active_account_that_is_signed_in_counts_as_signed_in(coordinator):
    assert is_signed_in(coordinator)
    assert not is_signed_in(AnonymousUser())
    assert not is_signed_in(None)
    coordinator.is_active = False
    assert not is_signed_in(coordinator)
