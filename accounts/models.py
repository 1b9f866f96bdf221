"""People, programmes and sites.

A programme (one health board's peer-mentoring service, say) owns its sites, staff,
mentors and mentees. Every query that shows people or records is scoped to the user's
programme(s) through `visible_to(user)`; what each role may do is in `capabilities.py`.
"""

from __future__ import annotations

from typing import Any, Self

from django.contrib.auth.models import AbstractUser, BaseUserManager
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower

from core.access import VisibleQuerySet
from core.models import ADDRESS_LENGTH
from core.validators import normalise_uk_phone


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


class ProgrammeQuerySet(VisibleQuerySet):
    def active(self) -> Self:
        return self.filter(is_active=True)

    def visible_to_member(self, user: User) -> Self:
        """Everyone sees the programmes they belong to (administrators see all).

        A subquery rather than a join, so counts annotated afterwards stay right.
        """
        return self.filter(pk__in=Membership.objects.filter(user=user).values("programme_id"))

    def ids_visible_to(self, user: User) -> list[int]:
        """The ids of the programmes `user` may see, read now (one small query). A list
        filters a large table better than the subquery `visible_to` gives: the planner
        sees the actual programme, so an index on (programme, ordering) serves a sorted
        page without reading every row of the programme first."""
        return list(self.visible_to(user).values_list("pk", flat=True))


class Programme(models.Model):
    """A peer-mentoring service with its own people, sites and settings.

    Each feature keeps its own settings for a programme, one row per programme, beside the
    feature (`core.models.ProgrammeSettings`): eligibility with referrals, plan defaults
    with matching, thresholds with monitoring. The admin shows them all on this page.
    """

    name = models.CharField(max_length=200, unique=True)
    region = models.CharField(
        max_length=200, help_text="The area it serves, for example a health board."
    )
    is_active = models.BooleanField(default=True)
    contact_name = models.CharField(
        "coordinator's name",
        max_length=200,
        blank=True,
        help_text="Who mentors and mentees should contact, shown on their pages.",
    )
    contact_phone = models.CharField(
        "coordinator's phone",
        max_length=20,
        blank=True,
        help_text="For example 0131 496 0000 or 07700 900123. Stored as +44...",
    )
    contact_email = models.EmailField("coordinator's email", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """The phone number in the E.164 form every stored phone number takes."""
        super().clean()
        if self.contact_phone:
            try:
                self.contact_phone = normalise_uk_phone(self.contact_phone)
            except ValidationError as error:
                raise ValidationError({"contact_phone": error.messages}) from None

    @property
    def has_contact(self) -> bool:
        """Whether mentors and mentees can be told how to reach their coordinator."""
        return bool(self.contact_name or self.contact_phone or self.contact_email)


class SiteQuerySet(VisibleQuerySet):
    def active(self) -> Self:
        return self.filter(is_active=True)

    def visible_to_member(self, user: User) -> Self:
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
    address = models.TextField(blank=True, max_length=ADDRESS_LENGTH)
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
