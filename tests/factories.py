"""factory_boy factories, one per model. Invented people only.

Each builds a complete, consistent record with no arguments: a referral's referrer is a
physiotherapist of the referral's programme, a training record's expiry is derived from
its module, a mentor with an account has a mentor user in their programme.
"""

from datetime import timedelta

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from accounts.models import Membership, Programme, Site, User
from core.models import Heartbeat
from core.validators import invented_nhs_number
from mentoring.matching.models import MatchingSettings, PostcodeDistrict, Relationship
from mentoring.mentees.models import Mentee, MenteeReferral
from mentoring.recruitment.models import (
    DisclosureCheck,
    Interview,
    Mentor,
    MentorReference,
    MentorStatusChange,
    RecruitmentSettings,
)
from mentoring.referrals.models import Referral, ReferralEvent, ReferralSettings
from mentoring.training.models import TrainingModule, TrainingRecord, TrainingSettings
from mentoring.training.services import expiry_for
from notifications.models import Delivery
from sessions_log.logs.models import (
    Concern,
    ConcernKind,
    LogSettings,
    Outcome,
    SessionLog,
    SessionPlanStep,
)
from sessions_log.monitoring.models import Feedback, Flag, MonitoringSettings
from sessions_log.reminders.models import (
    CoordinatorReminderPreferences,
    ManualReminder,
    MenteeReminderPreferences,
    MentorReminderPreferences,
)

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
    # Not a faker surname: the signed-in person's name is in every page's header, and tests
    # check that a mentor's or mentee's (faker) surname is *not* on a page.
    last_name = factory.Sequence(lambda n: f"Staffperson{n}")
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


# --- Settings, one row per programme per feature -------------------------------------------


class ReferralSettingsFactory(DjangoModelFactory):
    class Meta:
        model = ReferralSettings
        django_get_or_create = ("programme",)

    programme = factory.SubFactory(ProgrammeFactory)


class RecruitmentSettingsFactory(DjangoModelFactory):
    class Meta:
        model = RecruitmentSettings
        django_get_or_create = ("programme",)

    programme = factory.SubFactory(ProgrammeFactory)


class TrainingSettingsFactory(DjangoModelFactory):
    class Meta:
        model = TrainingSettings
        django_get_or_create = ("programme",)

    programme = factory.SubFactory(ProgrammeFactory)


class MatchingSettingsFactory(DjangoModelFactory):
    class Meta:
        model = MatchingSettings
        django_get_or_create = ("programme",)

    programme = factory.SubFactory(ProgrammeFactory)


class MonitoringSettingsFactory(DjangoModelFactory):
    class Meta:
        model = MonitoringSettings
        django_get_or_create = ("programme",)

    programme = factory.SubFactory(ProgrammeFactory)


# --- Referrals ------------------------------------------------------------------------------


class ReferralFactory(DjangoModelFactory):
    """A complete, submitted referral of an invented patient, made by a physiotherapist who
    belongs to the referral's programme."""

    class Meta:
        model = Referral
        skip_postgeneration_save = True

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

    @factory.post_generation
    def referrer_is_a_member(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create:
            Membership.objects.get_or_create(user=self.referred_by, programme=self.programme)


class ReferralEventFactory(DjangoModelFactory):
    class Meta:
        model = ReferralEvent

    referral = factory.SubFactory(ReferralFactory)
    from_status = "draft"
    to_status = "submitted"
    by = factory.LazyAttribute(lambda event: event.referral.referred_by)


# --- Recruitment ---------------------------------------------------------------------------


class MentorFactory(DjangoModelFactory):
    """An invented volunteer, by default just applied (no account)."""

    class Meta:
        model = Mentor
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"volunteer{n}@example.org")
    phone = "+447700900123"
    lived_experience = "own"
    area = "EH3"
    consent_to_store = True
    status = "applied"

    class Params:
        # MentorFactory(with_account=True): a mentor user in the same programme.
        with_account = factory.Trait(
            user=factory.SubFactory(
                UserFactory,
                role=User.Role.MENTOR,
                email=factory.SelfAttribute("..email"),
                first_name=factory.SelfAttribute("..first_name"),
                last_name=factory.SelfAttribute("..last_name"),
            )
        )

    @factory.post_generation
    def account_is_a_member(self, create: bool, extracted: object, **kwargs: object) -> None:
        if create and self.user_id:
            Membership.objects.get_or_create(user=self.user, programme=self.programme)


class MentorStatusChangeFactory(DjangoModelFactory):
    class Meta:
        model = MentorStatusChange

    mentor = factory.SubFactory(MentorFactory)
    from_status = "applied"
    to_status = "screening"


class InterviewFactory(DjangoModelFactory):
    class Meta:
        model = Interview

    mentor = factory.SubFactory(MentorFactory)
    held_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))
    interviewer = factory.SubFactory(UserFactory)
    outcome = "suitable"


class MentorReferenceFactory(DjangoModelFactory):
    class Meta:
        model = MentorReference

    mentor = factory.SubFactory(MentorFactory)
    referee_name = factory.Faker("name", locale="en_GB")
    referee_contact = factory.Sequence(lambda n: f"referee{n}@example.org")


class DisclosureCheckFactory(DjangoModelFactory):
    class Meta:
        model = DisclosureCheck

    mentor = factory.SubFactory(MentorFactory)
    scheme = "pvg"
    number = factory.Sequence(lambda n: f"PVG-{n:06d}")
    issued_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=100))
    renewal_due_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=900))
    outcome = "clear"


# --- Training ------------------------------------------------------------------------------


class TrainingModuleFactory(DjangoModelFactory):
    class Meta:
        model = TrainingModule

    programme = factory.SubFactory(ProgrammeFactory)
    name = factory.Sequence(lambda n: f"Module {n}")
    required = True
    validity_months = 24
    pass_mark = None


class TrainingRecordFactory(DjangoModelFactory):
    """A passed completion of a module by a mentor of the same programme, a month ago;
    the expiry comes from the module, as the service derives it."""

    class Meta:
        model = TrainingRecord

    mentor = factory.SubFactory(MentorFactory)
    module = factory.SubFactory(
        TrainingModuleFactory, programme=factory.SelfAttribute("..mentor.programme")
    )
    completed_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    delivered_by = "Fiona Baird"
    method = TrainingRecord.Method.FACE_TO_FACE
    quiz_score = factory.LazyAttribute(lambda r: r.module.pass_mark)
    expires_on = factory.LazyAttribute(
        lambda r: expiry_for(module=r.module, completed_on=r.completed_on)
    )
    recorded_by = factory.SubFactory(UserFactory)


# --- Notifications and the worker ------------------------------------------------------------


class DeliveryFactory(DjangoModelFactory):
    class Meta:
        model = Delivery

    kind = "password_reset"
    recipient = factory.SubFactory(UserFactory)
    recipient_key = factory.LazyAttribute(lambda d: f"user:{d.recipient.pk}")
    subject_key = "password"
    due_on = factory.LazyFunction(timezone.localdate)
    programme = factory.LazyAttribute(lambda d: d.recipient.programmes.first())


class ManualReminderFactory(DjangoModelFactory):
    """A reminder call (or, with how="letter", a letter) for the relationship's mentee."""

    class Meta:
        model = ManualReminder

    how = "phone"
    relationship = factory.SubFactory("tests.factories.RelationshipFactory")
    programme = factory.SelfAttribute("relationship.programme")
    mentee = factory.SelfAttribute("relationship.mentee")
    due_on = factory.LazyFunction(timezone.localdate)
    contact_on = factory.LazyAttribute(lambda r: r.due_on + timedelta(days=1))


class MentorReminderPreferencesFactory(DjangoModelFactory):
    class Meta:
        model = MentorReminderPreferences

    mentor = factory.SubFactory("tests.factories.MentorFactory", status="active")


class MenteeReminderPreferencesFactory(DjangoModelFactory):
    class Meta:
        model = MenteeReminderPreferences

    mentee = factory.SubFactory("tests.factories.MenteeFactory")
    contact_reminders = True


class CoordinatorReminderPreferencesFactory(DjangoModelFactory):
    class Meta:
        model = CoordinatorReminderPreferences

    user = factory.SubFactory("tests.factories.UserFactory", role="coordinator")
    daily_digest = False


class HeartbeatFactory(DjangoModelFactory):
    class Meta:
        model = Heartbeat
        django_get_or_create = ("name",)

    name = "worker"
    last_seen_at = factory.LazyFunction(timezone.now)


class MenteeFactory(DjangoModelFactory):
    """An invented mentee registered from a consented referral, waiting for a mentor."""

    class Meta:
        model = Mentee
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    first_name = factory.Faker("first_name", locale="en_GB")
    last_name = factory.Faker("last_name", locale="en_GB")
    email = factory.Sequence(lambda n: f"mentee{n}@example.org")
    phone = "+447700900456"
    postcode = "EH3 9AB"
    area = "EH3"
    preferred_formats = ["phone", "walking"]
    availability = ["tue_morning", "thu_afternoon"]
    interests = ["walking", "gardening"]
    reminder_channel = Mentee.Channel.EMAIL
    waiting_since = factory.LazyFunction(timezone.now)

    class Params:
        # MenteeFactory(with_account=True): a mentee user in the same programme.
        with_account = factory.Trait(
            user=factory.SubFactory(
                UserFactory,
                role=User.Role.MENTEE,
                email=factory.SelfAttribute("..email"),
                first_name=factory.SelfAttribute("..first_name"),
                last_name=factory.SelfAttribute("..last_name"),
            )
        )

    @factory.post_generation
    def from_referral(self, create: bool, extracted: object, **kwargs: object) -> None:
        """Each mentee comes from a consented referral of the same programme."""
        if not create:
            return
        referral = extracted or ReferralFactory(
            programme=self.programme,
            first_name=self.first_name,
            last_name=self.last_name,
            status="consented",
        )
        MenteeReferral.objects.create(mentee=self, referral=referral)
        if self.user_id:
            MembershipFactory(user=self.user, programme=self.programme)


class RelationshipFactory(DjangoModelFactory):
    """An active relationship in the mentee's programme, started a week ago."""

    class Meta:
        model = Relationship

    programme = factory.SubFactory(ProgrammeFactory)
    mentee = factory.SubFactory(
        MenteeFactory, programme=factory.SelfAttribute("..programme"), waiting_since=None
    )
    mentor = factory.SubFactory(
        MentorFactory, programme=factory.SelfAttribute("..programme"), status="active"
    )
    status = Relationship.Status.ACTIVE
    formats = ["phone"]
    mentee_agreed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=8))
    mentor_agreed_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=8))
    started_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=7))

    class Params:
        proposed = factory.Trait(
            status=Relationship.Status.PROPOSED,
            mentee_agreed_at=None,
            mentor_agreed_at=None,
            started_on=None,
        )


class PostcodeDistrictFactory(DjangoModelFactory):
    class Meta:
        model = PostcodeDistrict
        django_get_or_create = ("district",)

    district = "EH3"
    latitude = "55.95000"
    longitude = "-3.20000"
    source = "test"


class SessionPlanStepFactory(DjangoModelFactory):
    class Meta:
        model = SessionPlanStep

    programme = factory.SubFactory(ProgrammeFactory)
    number = factory.Sequence(lambda n: n + 1)
    topic = factory.Sequence(lambda n: f"Topic {n + 1}")
    aims = "Talk about what helps."
    target_outcomes = "A plan for the next two weeks."


class LogSettingsFactory(DjangoModelFactory):
    class Meta:
        model = LogSettings

    programme = factory.SubFactory(ProgrammeFactory)


class SessionLogFactory(DjangoModelFactory):
    """A held contact, logged by the relationship's mentor an hour after it."""

    class Meta:
        model = SessionLog

    relationship = factory.SubFactory(RelationshipFactory)
    occurred_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
    outcome = Outcome.HELD
    format = "phone"
    minutes = 45
    topics = ["pacing"]
    pain = 5
    confidence = 6
    action_plan = "Walk to the shop and back twice this week."
    logged_by = factory.LazyAttribute(
        lambda log: log.relationship.mentor.user or UserFactory(role=User.Role.MENTOR)
    )
    created_at = factory.LazyAttribute(lambda log: log.occurred_at + timedelta(hours=1))

    class Params:
        red_flag = factory.Trait(
            concern=ConcernKind.RED_FLAG,
            concern_details="Said her legs feel weak.",
            red_flag_signs=["New weakness in one or both legs, or legs giving way"],
        )


class ConcernFactory(DjangoModelFactory):
    """The concern a red-flag log raised."""

    class Meta:
        model = Concern

    log = factory.SubFactory(SessionLogFactory, red_flag=True)
    relationship = factory.SelfAttribute("log.relationship")
    programme = factory.SelfAttribute("log.relationship.programme")
    kind = factory.SelfAttribute("log.concern")
    urgent = True
    raised_at = factory.SelfAttribute("log.created_at")
    raised_by = factory.SelfAttribute("log.logged_by")


# --- Monitoring (issue 12) --------------------------------------------------------------------


class FlagFactory(DjangoModelFactory):
    """An open flag: no first contact, raised last night."""

    class Meta:
        model = Flag

    relationship = factory.SubFactory(RelationshipFactory)
    programme = factory.SelfAttribute("relationship.programme")
    rule = "no_first_contact"
    severity = "soon"
    details = factory.LazyAttribute(
        lambda flag: {"started_on": (timezone.localdate() - timedelta(days=10)).isoformat()}
    )
    opened_at = factory.LazyFunction(lambda: timezone.now() - timedelta(hours=3))


class FeedbackFactory(DjangoModelFactory):
    """A mentee's answer after the second session, through the link."""

    class Meta:
        model = Feedback

    relationship = factory.SubFactory(RelationshipFactory)
    programme = factory.SelfAttribute("relationship.programme")
    point = Feedback.Point.SECOND
    requested_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=2))
    link_expires_at = factory.LazyFunction(lambda: timezone.now() + timedelta(days=12))
    rating = 4
    answered_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))
