"""Recruitment and screening: a volunteer peer mentor from application to retirement,
their interview, references and disclosure checks, and the programme's recruitment
settings. Whether a mentor may be matched (`matchable`) is decided here too."""

from __future__ import annotations

from datetime import date, datetime
from typing import Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Programme, User
from core.access import VisibleQuerySet, VisibleThroughParentQuerySet
from core.choices import AVAILABILITY_CHOICES, HOLDS_PLACE, Format, Gender, Interest, labels_for
from core.dates import add_working_days
from core.lifecycle import Lifecycle
from core.links import url_with_key
from core.models import NOTES_LENGTH, ProgrammeSettings, StatusHistory
from mentoring.training.models import TrainingModule, TrainingRecord


class RecruitmentSettings(ProgrammeSettings):
    """How soon applicants are contacted, and how many mentees a new mentor takes."""

    applicant_wait_working_days = models.PositiveSmallIntegerField(
        "contact a new mentor applicant within (working days)",
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )
    default_mentor_capacity = models.PositiveSmallIntegerField(
        "mentees per mentor at most (default for new mentors)",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
    )

    class Meta:
        verbose_name = "recruitment settings"
        verbose_name_plural = "recruitment settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(applicant_wait_working_days__gte=1) & Q(default_mentor_capacity__gte=1),
                name="recruitment_settings_are_sensible",
            ),
        ]


class MentorChildQuerySet(VisibleThroughParentQuerySet):
    """Interviews, references, checks and history: visible when their mentor is."""

    parent_field = "mentor"


class MentorQuerySet(VisibleQuerySet):
    def visible_to_member(self, user: User) -> Self:
        """Coordinators see their programmes' mentors and applicants; a mentor sees
        only their own record; nobody else sees any."""
        if user.is_coordinator:
            return self.filter(programme__in=Programme.objects.visible_to(user))
        if user.is_mentor:
            return self.filter(user=user)
        return self.none()

    def applicants(self) -> Self:
        return self.filter(status__in=[Mentor.Status.APPLIED, Mentor.Status.SCREENING])

    def with_current_mentees(self) -> Self:
        """Annotate `current_mentees`: the relationships that take one of the mentor's
        places (proposed, active or paused; matching's Relationship)."""
        return self.annotate(
            current_mentees=models.Count(
                "relationships", filter=Q(relationships__status__in=HOLDS_PLACE)
            )
        )

    def with_required_training_in_date(self, *, today: date) -> Self:
        """Every active required module of the mentor's programme has a record that is
        passed (where the module has a quiz) and has not expired (training's rule)."""
        in_date_record = TrainingRecord.objects.counting_on(today=today).filter(
            mentor=models.OuterRef(models.OuterRef("pk")),
            module=models.OuterRef("pk"),
        )
        missing = TrainingModule.objects.filter(
            programme=models.OuterRef("programme"), required=True, is_active=True
        ).filter(~models.Exists(in_date_record))
        return self.filter(~models.Exists(missing))

    def with_disclosure_in_date(self, *, today: date) -> Self:
        return self.filter(
            models.Exists(
                DisclosureCheck.objects.in_date(today=today).filter(mentor=models.OuterRef("pk"))
            )
        )

    def matchable(self, *, today: date) -> Self:
        """The one rule for who can be matched: active, required training in date,
        disclosure check in date, and fewer current mentees than their capacity."""
        return (
            self.filter(status=Mentor.Status.ACTIVE)
            .with_required_training_in_date(today=today)
            .with_disclosure_in_date(today=today)
            .with_current_mentees()
            .filter(current_mentees__lt=models.F("capacity"))
        )


class Mentor(Lifecycle, models.Model):
    """A volunteer peer mentor, from application to retirement."""

    class Status(models.TextChoices):
        APPLIED = "applied", "Applied"
        SCREENING = "screening", "Screening"
        IN_TRAINING = "in_training", "In training"
        ACTIVE = "active", "Active"
        PAUSED = "paused", "Paused"
        RETIRED = "retired", "Retired"
        DECLINED = "declined", "Not taken forward"

    class LivedExperience(models.TextChoices):
        OWN = "own", "I live, or have lived, with back pain"
        SUPPORTING = "supporting", "I have supported someone with back pain"
        BOTH = "both", "Both"

    # Which statuses may follow which; activation has its own checks (services).
    TRANSITIONS = {
        Status.APPLIED: (Status.SCREENING, Status.DECLINED),
        Status.SCREENING: (Status.IN_TRAINING, Status.DECLINED),
        Status.IN_TRAINING: (Status.ACTIVE, Status.RETIRED),
        Status.ACTIVE: (Status.PAUSED, Status.RETIRED),
        Status.PAUSED: (Status.ACTIVE, Status.RETIRED),
        Status.RETIRED: (),
        Status.DECLINED: (),
    }
    # A mentor's account works only while they are in training or active: applicants are
    # never invited, and pausing, retiring or not taking someone forward closes it.
    SIGN_IN_STATUSES = (Status.IN_TRAINING, Status.ACTIVE)
    # Taken into screening and not yet gone: whose training may be recorded.
    TAKEN_ON = (Status.SCREENING, Status.IN_TRAINING, Status.ACTIVE, Status.PAUSED)

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="mentors")
    user = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="mentor", null=True, blank=True
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField()
    phone = models.CharField(max_length=20, help_text="Stored as E.164.")
    lived_experience = models.CharField(max_length=12, choices=LivedExperience.choices)
    lived_experience_summary = models.TextField(blank=True, max_length=NOTES_LENGTH)
    motivation = models.TextField("why they want to mentor", blank=True, max_length=NOTES_LENGTH)
    formats = models.JSONField(default=list, blank=True)
    availability = models.JSONField(default=list, blank=True)
    area = models.CharField("area (postcode district)", max_length=4)
    languages = models.CharField(max_length=200, default="English")
    gender = models.CharField(max_length=10, choices=Gender.choices, blank=True)
    interests = models.JSONField(default=list, blank=True)
    capacity = models.PositiveSmallIntegerField(
        "mentees at most", default=2, validators=[MinValueValidator(1)]
    )
    consent_to_store = models.BooleanField(default=False)
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.APPLIED, db_index=True
    )
    status_changed_at = models.DateTimeField(default=timezone.now)
    applied_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = MentorQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [
            # A programme's mentors of a status; with updated_at and id, the matching cache's
            # fingerprint (matching.kept) reads the active ones from the index alone.
            models.Index(
                fields=["programme", "status"],
                include=["updated_at", "id"],
                name="mentor_programme_status",
            ),
            # The mentor list's page without sorting every mentor.
            models.Index(fields=["status", "applied_at", "id"], name="mentor_list_order"),
            # Pages of the people taken on, in name order ("Record training", the training
            # matrix): the first 25 of thousands read in order, 7 ms to 0.2 ms at national
            # scale. Only those statuses (Mentor.TAKEN_ON), so that a name search over every
            # mentor (the relationship list's) keeps to the trigram indexes rather than
            # reading this one whole; with a name searched for here too, the planner still
            # takes the trigram indexes (EXPLAIN ANALYZE at 11,500 mentors).
            models.Index(
                fields=["last_name", "first_name", "id"],
                condition=models.Q(status__in=["screening", "in_training", "active", "paused"]),
                name="mentor_name_order",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="mentor_capacity_positive"),
            models.CheckConstraint(
                condition=Q(consent_to_store=True), name="mentor_consented_to_storage"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return url_with_key("recruitment:mentor_detail", self.pk)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def may_sign_in(self) -> bool:
        """Only mentors in training or active have an account that works."""
        return self.status in self.SIGN_IN_STATUSES

    def is_waiting_too_long(self, now: datetime) -> bool:
        """An applicant not yet taken into screening after the programme's limit."""
        due = add_working_days(
            timezone.localdate(self.applied_at),
            RecruitmentSettings.for_programme(self.programme).applicant_wait_working_days,
        )
        return self.status == self.Status.APPLIED and timezone.localdate(now) > due

    def formats_display(self) -> list[str]:
        return labels_for(self.formats, Format.choices)

    def availability_display(self) -> list[str]:
        return labels_for(self.availability, AVAILABILITY_CHOICES)

    def interests_display(self) -> list[str]:
        return labels_for(self.interests, Interest.choices)


class MentorStatusChange(StatusHistory):
    subject_field = "mentor"

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=Mentor.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Mentor.Status.choices)

    objects = MentorChildQuerySet.as_manager()

    class Meta(StatusHistory.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.mentor} -> {self.to_status}"


class Interview(models.Model):
    class Outcome(models.TextChoices):
        SUITABLE = "suitable", "Suitable"
        NOT_SUITABLE = "not_suitable", "Not suitable"
        UNDECIDED = "undecided", "Not decided yet"

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="interviews")
    held_on = models.DateField("date")
    interviewer = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(blank=True, max_length=NOTES_LENGTH)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)

    objects = MentorChildQuerySet.as_manager()

    class Meta:
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"Interview {self.held_on}"


class MentorReference(models.Model):
    """One of the two references a volunteer needs."""

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="references")
    referee_name = models.CharField(max_length=200)
    referee_contact = models.CharField("referee's email or phone", max_length=200)
    requested_on = models.DateField(null=True, blank=True)
    received_on = models.DateField(null=True, blank=True)
    satisfactory = models.BooleanField(null=True, blank=True)
    notes = models.TextField(blank=True, max_length=NOTES_LENGTH)

    objects = MentorChildQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Reference from {self.referee_name}"


class DisclosureCheckQuerySet(MentorChildQuerySet):
    def in_date(self, *, today: date) -> Self:
        """Clear and not past renewal (the same rule as DisclosureCheck.is_in_date)."""
        return self.filter(outcome=DisclosureCheck.Outcome.CLEAR, renewal_due_on__gte=today)


class DisclosureCheck(models.Model):
    """A criminal records check: PVG (Scotland), DBS (England and Wales), AccessNI."""

    class Scheme(models.TextChoices):
        PVG = "pvg", "PVG (Scotland)"
        DBS = "dbs", "DBS (England and Wales)"
        ACCESSNI = "accessni", "AccessNI (Northern Ireland)"
        OTHER = "other", "Other"

    class Outcome(models.TextChoices):
        PENDING = "pending", "Waiting for the result"
        CLEAR = "clear", "Clear"
        CONCERNS = "concerns", "Concerns raised"

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="disclosure_checks")
    scheme = models.CharField(max_length=10, choices=Scheme.choices)
    number = models.CharField("certificate or membership number", max_length=50)
    issued_on = models.DateField("issue date", null=True, blank=True)
    renewal_due_on = models.DateField("renewal date", null=True, blank=True)
    outcome = models.CharField(max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = DisclosureCheckQuerySet.as_manager()

    class Meta:
        ordering = ["-issued_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(outcome="clear")
                | (Q(issued_on__isnull=False) & Q(renewal_due_on__isnull=False)),
                name="disclosure_clear_has_dates",
            ),
            models.CheckConstraint(
                condition=Q(renewal_due_on__isnull=True)
                | Q(issued_on__isnull=True)
                | Q(renewal_due_on__gt=models.F("issued_on")),
                name="disclosure_renewal_after_issue",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_scheme_display()} {self.issued_on or ''}"

    def is_in_date(self, today: date) -> bool:
        return (
            self.outcome == self.Outcome.CLEAR
            and self.renewal_due_on is not None
            and self.renewal_due_on >= today
        )
