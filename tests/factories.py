"""factory_boy factories. Invented people only."""

import factory
from factory.django import DjangoModelFactory

from accounts.models import Membership, Programme, Site, User

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
