import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError

from accounts import services
from accounts.models import Programme, Site, User
from tests.factories import ProgrammeFactory, SiteFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_the_database_refuses_a_user_with_an_unknown_role():
    with pytest.raises(IntegrityError):
        User.objects.create_user(email="x@example.org", role="wizard")


def test_only_administrators_may_have_no_role():
    with pytest.raises(IntegrityError):
        User.objects.create_user(email="x@example.org", role="")


def test_emails_are_unique_whatever_their_case():
    User.objects.create_user(email="Someone@example.org", role=User.Role.MENTOR)
    with pytest.raises(IntegrityError):
        User.objects.create(email="someone@EXAMPLE.org", role=User.Role.MENTOR)


def test_a_mentor_belongs_to_one_programme_only(programme, other_programme):
    mentor = UserFactory(role=User.Role.MENTOR, programmes=[programme])
    with pytest.raises(ValidationError):
        services.add_to_programme(user=mentor, programme=other_programme)
    assert list(mentor.programmes.all()) == [programme]


def test_create_account_refuses_two_programmes_for_a_mentee_and_saves_nothing(
    programme, other_programme
):
    with pytest.raises(ValidationError):
        services.create_account(
            email="new@example.org",
            first_name="New",
            last_name="Person",
            role=User.Role.MENTEE,
            programmes=[programme, other_programme],
        )
    assert not User.objects.filter(email="new@example.org").exists()


def test_staff_may_belong_to_several_programmes(programme, other_programme):
    user = services.create_account(
        email="multi@example.org",
        first_name="Multi",
        last_name="Site",
        role=User.Role.COORDINATOR,
        programmes=[programme, other_programme],
    )
    assert set(user.programmes.all()) == {programme, other_programme}
    assert not user.has_usable_password()


def test_people_see_only_their_own_programmes(coordinator, outsider, programme, other_programme):
    assert list(Programme.objects.visible_to(coordinator)) == [programme]
    assert list(Programme.objects.visible_to(outsider)) == [other_programme]


def test_administrators_see_every_programme(administrator, programme, other_programme):
    assert set(Programme.objects.visible_to(administrator)) == {programme, other_programme}


def test_anonymous_and_inactive_users_see_no_programme(coordinator, programme):
    from django.contrib.auth.models import AnonymousUser

    assert not Programme.objects.visible_to(AnonymousUser()).exists()
    coordinator.is_active = False
    assert not Programme.objects.visible_to(coordinator).exists()


def test_sites_follow_their_programme(coordinator, outsider, programme, other_programme):
    theirs = SiteFactory(programme=other_programme)
    assert theirs not in Site.objects.visible_to(coordinator)
    assert set(Site.objects.visible_to(coordinator)) == set(programme.sites.all())
    assert theirs in Site.objects.visible_to(outsider)


def test_site_names_are_unique_within_a_programme_only(programme):
    SiteFactory(programme=programme, name="Same name")
    SiteFactory(programme=ProgrammeFactory(), name="Same name")
    with pytest.raises(IntegrityError):
        SiteFactory(programme=programme, name="Same name")
