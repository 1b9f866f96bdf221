"""factory_boy factories. Invented people only."""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Membership, Programme, Site, User
from mentoring.validators import invented_nhs_number

TEST_PASSWORD = "correct-horse-battery-staple"


class ProgrammeFactory(DjangoModelFactory):
    class Meta:
        model = Programme

    name = factory.Sequence(lambda n: f"Test programme {n}")
    region = "Test region"


class SiteFactory(DjangoModelFactory):
    class Meta:
        model = Site

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Site {n}")
    kind = Site.Kind.PHYSIOTHERAPY


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    role = User.Role.COORDINATOR
    password = factory.django.Password(TEST_PASSWORD)

    @factory.post_generation
    def programmes(self, create: bool, extracted: list[Programme] | None, **kwargs: object) -> None:
        if create and extracted:
            for programme in extracted:
                Membership.objects.create(user=self, programme=programme)


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    programme = factory.SubFactory(ProgrammeFactory)


def nhs_number(seed: int) -> str:
    """A made-up NHS number with a correct check digit."""
    return invented_nhs_number(seed)


class ReferralFactory(DjangoModelFactory):
    """A complete, submitted referral of an invented patient."""

    class Meta:
        model = "mentoring.Referral"

    programme = factory.SubFactory(ProgrammeFactory)
    referred_by = factory.SubFactory(UserFactory, role=User.Role.PHYSIOTHERAPIST)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    date_of_birth = factory.Faker("date_of_birth", minimum_age=61, maximum_age=90)
    health_number = factory.Sequence(nhs_number)
    phone = "+447700900123"
    address = "1 Example Street, Glenmore"
    postcode = "EH3 9DR"
    discharge_date = factory.Faker("date_between", start_date="-60d", end_date="today")
    pain_duration_weeks = 26
    consent_to_contact = True
    consent_to_share_with_mentor = True
    consent_date = factory.LazyAttribute(lambda r: r.discharge_date)
    consent_method = "in_person"
    status = "submitted"
    submitted_at = factory.LazyFunction(timezone.now)


class MentorFactory(DjangoModelFactory):
    """An invented volunteer, by default just applied."""

    class Meta:
        model = "mentoring.Mentor"

    programme = factory.SubFactory(ProgrammeFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"volunteer{n}@example.org")
    phone = "+447700900123"
    lived_experience = "own"
    area = "EH3"
    consent_to_store = True
    status = "applied"


class TrainingModuleFactory(DjangoModelFactory):
    class Meta:
        model = "mentoring.TrainingModule"

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Module {n}")
    required = True
    validity_months = 24
    pass_mark = None


class DisclosureCheckFactory(DjangoModelFactory):
    class Meta:
        model = "mentoring.DisclosureCheck"

    mentor = factory.SubFactory(MentorFactory)
    scheme = "pvg"
    number = factory.Sequence(lambda n: f"PVG-{n:06d}")
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=100))
    renewal_due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=900))
    outcome = "clear"
