"""People, programmes and sites.

A programme (one health board's peer-mentoring service, say) owns its sites, staff,
mentors and mentees and carries the settings every later rule reads. Every query that
shows people or records is scoped to the user's programme(s) through `visible_to(user)`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Self

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def _create_user(self, email: str, password: str | None, **extra_fields: Any) -> User:
        if not email:
            raise ValueError("An email address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra_fields)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_user(self, email: str, password: str | None = None, **extra_fields: Any) -> User:
        extra_fields.setdefault("is_staff", False)
        extra_fields.setdefault("is_superuser", False)
        return self._create_user(email, password, **extra_fields)

    def create_superuser(
        self, email: str, password: str | None = None, **extra_fields: Any
    ) -> User:
        extra_fields.setdefault("is_staff", True)
        extra_fields.setdefault("is_superuser", True)
        if not (extra_fields["is_staff"] and extra_fields["is_superuser"]):
            raise ValueError("A superuser must have is_staff and is_superuser set.")
        return self._create_user(email, password, **extra_fields)


class Role(models.TextChoices):
    COORDINATOR = "coordinator", "Coordinator"
    PHYSIOTHERAPIST = "physiotherapist", "Physiotherapist"
    MENTOR = "mentor", "Peer mentor"
    MENTEE = "mentee", "Mentee"


class User(AbstractUser):
    """Anyone who signs in. Email is the sign-in name; the role decides what they see."""

    Role = Role

    STAFF_ROLES = frozenset({Role.COORDINATOR, Role.PHYSIOTHERAPIST})
    SINGLE_PROGRAMME_ROLES = frozenset({Role.MENTOR, Role.MENTEE})

    username = None  # type: ignore[assignment]
    email = models.EmailField("email address", unique=True)
    role = models.CharField(
        max_length=20,
        choices=Role.choices,
        blank=True,
        help_text="Leave blank only for administrators (superusers).",
    )
    programmes = models.ManyToManyField(
        "accounts.Programme", through="accounts.Membership", related_name="members", blank=True
    )

    USERNAME_FIELD = "email"
    REQUIRED_FIELDS = []  # type: ignore[misc]

    objects = UserManager()  # type: ignore[assignment,misc]

    class Meta:
        ordering = ["last_name", "first_name", "email"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="user_email_unique_ignoring_case"),
            models.CheckConstraint(
                condition=Q(role__in=Role.values) | Q(role="", is_superuser=True),
                name="user_role_is_known_or_administrator",
            ),
        ]

    def __str__(self) -> str:
        return self.display_name

    def clean(self) -> None:
        super().clean()
        if not self.role and not self.is_superuser:
            raise ValidationError({"role": "Choose a role. Only administrators have none."})

    @property
    def display_name(self) -> str:
        return self.get_full_name() or self.email

    @property
    def is_coordinator(self) -> bool:
        return self.role == self.Role.COORDINATOR

    @property
    def is_physiotherapist(self) -> bool:
        return self.role == self.Role.PHYSIOTHERAPIST

    @property
    def is_mentor(self) -> bool:
        return self.role == self.Role.MENTOR

    @property
    def is_mentee(self) -> bool:
        return self.role == self.Role.MENTEE

    @property
    def is_administrator(self) -> bool:
        return self.is_superuser

    @property
    def role_label(self) -> str:
        if self.role:
            return self.get_role_display()
        return "Administrator" if self.is_superuser else "No role"


class ProgrammeQuerySet(models.QuerySet["Programme"]):
    def active(self) -> Self:
        return self.filter(is_active=True)

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Administrators see every programme; everyone else the ones they belong to.

        A subquery rather than a join, so counts annotated afterwards stay right.
        """
        if not isinstance(user, User) or not user.is_active:  # anonymous or closed account
            return self.none()
        if user.is_superuser:
            return self
        return self.filter(pk__in=Membership.objects.filter(user=user).values("programme_id"))


class Programme(models.Model):
    """A peer-mentoring service with its own people and settings.

    The defaults come from the published feasibility work (DESIGN.md): every one is a
    setting a coordinator's administrator can change, never a constant in code.
    """

    name = models.CharField(max_length=200, unique=True)
    region = models.CharField(
        max_length=200, help_text="The area it serves, for example a health board."
    )
    is_active = models.BooleanField(default=True)

    # Eligibility of referrals
    eligibility_min_age = models.PositiveSmallIntegerField(
        "minimum age", default=60, validators=[MaxValueValidator(120)]
    )
    eligibility_min_pain_weeks = models.PositiveSmallIntegerField(
        "back pain for at least (weeks)", default=12
    )
    referral_wait_working_days = models.PositiveSmallIntegerField(
        "contact a new referral within (working days)", default=5, validators=[MinValueValidator(1)]
    )
    applicant_wait_working_days = models.PositiveSmallIntegerField(
        "contact a new mentor applicant within (working days)",
        default=10,
        validators=[MinValueValidator(1)],
    )
    default_mentor_capacity = models.PositiveSmallIntegerField(
        "mentees per mentor at most (default for new mentors)",
        default=2,
        validators=[MinValueValidator(1)],
    )

    # The plan a new relationship starts with
    planned_sessions = models.PositiveSmallIntegerField(
        "planned sessions", default=6, validators=[MinValueValidator(1)]
    )
    planned_interval_days = models.PositiveSmallIntegerField(
        "days between sessions", default=14, validators=[MinValueValidator(1)]
    )
    planned_length_weeks = models.PositiveSmallIntegerField(
        "length of mentoring (weeks)", default=12, validators=[MinValueValidator(1)]
    )
    review_after_session = models.PositiveSmallIntegerField(
        "coordinator review after session",
        default=2,
        validators=[MinValueValidator(1)],
    )

    # Monitoring thresholds (flags)
    first_contact_within_days = models.PositiveSmallIntegerField(
        "first contact expected within (days)", default=7, validators=[MinValueValidator(1)]
    )
    no_contact_after_days = models.PositiveSmallIntegerField(
        "flag when no contact held for (days)", default=28, validators=[MinValueValidator(1)]
    )
    missed_contacts_in_a_row = models.PositiveSmallIntegerField(
        "flag after cancelled or missed contacts in a row",
        default=2,
        validators=[MinValueValidator(1)],
    )
    pain_rise_points = models.PositiveSmallIntegerField(
        "flag when pain rises by (points out of 10)",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    confidence_drop_points = models.PositiveSmallIntegerField(
        "flag when confidence drops by (points out of 10)",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
    )
    expiry_warning_days = models.PositiveSmallIntegerField(
        "warn before training or checks expire (days)", default=30
    )
    low_feedback_rating = models.PositiveSmallIntegerField(
        "flag feedback rated at or below (out of 5)",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )

    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_sessions__gte=1)
                & Q(planned_interval_days__gte=1)
                & Q(planned_length_weeks__gte=1),
                name="programme_plan_is_positive",
            ),
            models.CheckConstraint(
                condition=Q(review_after_session__gte=1)
                & Q(review_after_session__lte=models.F("planned_sessions")),
                name="programme_review_within_planned_sessions",
            ),
            models.CheckConstraint(
                condition=Q(pain_rise_points__range=(1, 10))
                & Q(confidence_drop_points__range=(1, 10))
                & Q(low_feedback_rating__range=(1, 5)),
                name="programme_thresholds_in_range",
            ),
            models.CheckConstraint(
                condition=Q(eligibility_min_age__lte=120)
                & Q(referral_wait_working_days__gte=1)
                & Q(first_contact_within_days__gte=1)
                & Q(no_contact_after_days__gte=1)
                & Q(missed_contacts_in_a_row__gte=1),
                name="programme_limits_are_sensible",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if (
            self.planned_sessions is not None
            and self.review_after_session is not None
            and self.review_after_session > self.planned_sessions
        ):
            raise ValidationError(
                {"review_after_session": "The review must come within the planned sessions."}
            )


class SiteQuerySet(models.QuerySet["Site"]):
    def active(self) -> Self:
        return self.filter(is_active=True)

    def visible_to(self, user: User | AnonymousUser) -> Self:
        """A site is visible to whoever may see its programme."""
        return self.filter(programme__in=Programme.objects.visible_to(user))


class Site(models.Model):
    """A place the programme works from: a physiotherapy department or a community venue."""

    class Kind(models.TextChoices):
        PHYSIOTHERAPY = "physiotherapy", "Physiotherapy department"
        COMMUNITY = "community", "Community venue"

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="sites")
    name = models.CharField(max_length=200)
    kind = models.CharField(max_length=20, choices=Kind.choices)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=10, blank=True)
    is_active = models.BooleanField(default=True)

    objects = SiteQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "name"], name="site_name_unique_in_programme"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    """A person belongs to a programme. Staff may belong to several; mentors and mentees
    to exactly one (enforced by `accounts.services.add_to_programme` and `clean`)."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="memberships")
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="memberships")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "programme"], name="membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.programme}"

    def clean(self) -> None:
        user = getattr(self, "user", None)
        if user is None or user.role not in User.SINGLE_PROGRAMME_ROLES:
            return
        others = Membership.objects.filter(user=user).exclude(pk=self.pk)
        if self.programme_id is not None:
            others = others.exclude(programme_id=self.programme_id)
        if others.exists():
            raise ValidationError(
                f"A {user.role_label.lower()} belongs to one programme only.", code="one_programme"
            )


class EmailDelivery(models.Model):
    """Remembers that an email was sent, so a retried or repeated task never sends it twice.

    Holds no address and no content: only a random key and when it went.
    """

    key = models.UUIDField(unique=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True, db_index=True)

    class Meta:
        verbose_name_plural = "email deliveries"

    def __str__(self) -> str:
        return str(self.key)
