"""Referrals (this issue); mentors, training, matching and relationships come later."""

from __future__ import annotations

import uuid
from datetime import date, datetime
from typing import TYPE_CHECKING, Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Programme, Site, User
from mentoring.dates import add_working_days, age_on

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser


class Format(models.TextChoices):
    """Ways of meeting. Shared with mentors and relationships later."""

    PHONE = "phone", "Phone"
    FACE_TO_FACE = "face_to_face", "Face to face"
    WALKING = "walking", "Walking together"
    GROUP = "group", "Group meetings"
    VIDEO = "video", "Video call"


WEEKDAYS = [
    ("mon", "Monday"),
    ("tue", "Tuesday"),
    ("wed", "Wednesday"),
    ("thu", "Thursday"),
    ("fri", "Friday"),
    ("sat", "Saturday"),
    ("sun", "Sunday"),
]
PARTS_OF_DAY = [("morning", "morning"), ("afternoon", "afternoon"), ("evening", "evening")]
AVAILABILITY_CHOICES = [
    (f"{day}_{part}", f"{day_label} {part_label}")
    for day, day_label in WEEKDAYS
    for part, part_label in PARTS_OF_DAY
]


def labels_for(values: list[str], choices: list[tuple[str, str]]) -> list[str]:
    """The words for stored choice values (formats, availability), in stored order."""
    labels = dict(choices)
    return [labels.get(value, value) for value in values]


class ReferralQuerySet(models.QuerySet["Referral"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Coordinators see their programmes' referrals (not other people's drafts);
        a physiotherapist sees only the referrals they made; nobody else sees any."""
        if not isinstance(user, User) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if user.is_coordinator:
            return self.filter(
                Q(programme__in=Programme.objects.visible_to(user))
                & (~Q(status=Referral.Status.DRAFT) | Q(referred_by=user))
            )
        if user.is_physiotherapist:
            return self.filter(referred_by=user)
        return self.none()

    def open(self) -> Self:
        return self.exclude(status__in=[Referral.Status.DRAFT, *Referral.ENDED])

    def waiting_too_long(self, *, now: datetime) -> Self:
        """Submitted and not yet contacted for longer than each programme's limit."""
        condition = Q(pk__in=[])
        # One limit per programme (order_by() clears the default ordering, which would
        # otherwise make DISTINCT return a row per referral).
        limits = (
            self.order_by()
            .values_list("programme_id", "programme__referral_wait_working_days")
            .distinct()
        )
        today = timezone.localdate(now)
        for programme_id, working_days in limits:
            cutoff = add_working_days(today, -working_days)
            condition |= Q(programme_id=programme_id, submitted_at__date__lt=cutoff)
        return self.filter(condition, status=Referral.Status.SUBMITTED)

    def likely_duplicates_of(
        self,
        *,
        programme: Programme,
        health_number: str,
        first_name: str,
        last_name: str,
        date_of_birth: date | None,
    ) -> Self:
        """Same NHS/CHI number, or same name and date of birth, in the programme."""
        same_person = Q(health_number=health_number) if health_number else Q(pk__in=[])
        if date_of_birth and first_name and last_name:
            same_person |= Q(
                first_name__iexact=first_name.strip(),
                last_name__iexact=last_name.strip(),
                date_of_birth=date_of_birth,
            )
        return self.filter(same_person, programme=programme).exclude(status=Referral.Status.CLOSED)


class Referral(models.Model):
    """A physiotherapist's referral of a discharged patient, and what became of it."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted"
        CONTACTED = "contacted", "Contacted"
        CONSENTED = "consented", "Consented"
        AWAITING_MATCH = "awaiting_match", "Awaiting match"
        MATCHED = "matched", "Matched"
        CLOSED = "closed", "Closed"

    class CloseReason(models.TextChoices):
        DECLINED = "declined", "Declined by the patient"
        NOT_ELIGIBLE = "not_eligible", "Not eligible"
        WITHDRAWN = "withdrawn", "Withdrawn by the referrer"
        COULD_NOT_CONTACT = "could_not_contact", "Could not contact"

    class Source(models.TextChoices):
        ONLINE = "online", "Online, by the physiotherapist"
        PAPER = "paper", "On paper"
        PHONE = "phone", "By phone"

    class NumberKind(models.TextChoices):
        NHS = "nhs", "NHS number (England, Wales, Isle of Man)"
        CHI = "chi", "CHI number (Scotland)"

    class ContactMethod(models.TextChoices):
        PHONE = "phone", "Phone call"
        TEXT = "text", "Text message"
        EMAIL = "email", "Email"
        LETTER = "letter", "Letter"

    class ConsentMethod(models.TextChoices):
        IN_PERSON = "in_person", "Spoken, in person"
        PHONE = "phone", "Spoken, by phone"
        WRITTEN = "written", "In writing"

    class GenderPreference(models.TextChoices):
        NONE = "", "No preference"
        WOMAN = "woman", "A woman"
        MAN = "man", "A man"

    # Which ways the lifecycle may move; closing is allowed from any open state.
    ENDED = (Status.MATCHED, Status.CLOSED)
    NEXT = {
        Status.DRAFT: (Status.SUBMITTED,),
        Status.SUBMITTED: (Status.CONTACTED,),
        Status.CONTACTED: (Status.CONSENTED,),
        Status.CONSENTED: (Status.AWAITING_MATCH,),
        Status.AWAITING_MATCH: (Status.MATCHED,),
    }

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="referrals")
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="referrals", null=True, blank=True
    )
    referred_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="referrals_made")
    handled_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, related_name="referrals_handled", null=True, blank=True
    )
    source = models.CharField(max_length=10, choices=Source.choices, default=Source.ONLINE)
    submission_key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)

    # The patient
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    date_of_birth = models.DateField(null=True, blank=True)
    health_number_kind = models.CharField(
        "number type", max_length=3, choices=NumberKind.choices, default=NumberKind.NHS
    )
    health_number = models.CharField("NHS or CHI number", max_length=10, blank=True, db_index=True)
    phone = models.CharField(max_length=20, blank=True, help_text="Stored as E.164.")
    email = models.EmailField(blank=True)
    address = models.TextField(blank=True)
    postcode = models.CharField(max_length=8, blank=True)
    preferred_contact_method = models.CharField(
        max_length=10, choices=ContactMethod.choices, default=ContactMethod.PHONE
    )
    preferred_contact_times = models.CharField(max_length=200, blank=True)

    # Clinical picture at discharge
    discharge_date = models.DateField(null=True, blank=True)
    pain_duration_weeks = models.PositiveSmallIntegerField(
        "back pain has lasted (weeks)", null=True, blank=True
    )
    plan_exercises = models.TextField("exercises", blank=True)
    plan_activity_goals = models.TextField("activity goals", blank=True)
    plan_notes = models.TextField("other self-management advice", blank=True)

    # Preferences
    preferred_formats = models.JSONField(default=list, blank=True)
    availability = models.JSONField(default=list, blank=True)
    mentor_gender_preference = models.CharField(
        max_length=10, choices=GenderPreference.choices, blank=True
    )
    interests = models.TextField(blank=True)

    # Communication and access needs
    needs_hearing = models.CharField("hearing", max_length=300, blank=True)
    needs_sight = models.CharField("sight", max_length=300, blank=True)
    needs_mobility = models.CharField("mobility", max_length=300, blank=True)
    needs_transport = models.CharField("transport", max_length=300, blank=True)
    safety_information = models.TextField("health and safety information", blank=True)

    # Consent
    consent_to_contact = models.BooleanField(default=False)
    consent_to_share_with_mentor = models.BooleanField(default=False)
    consent_date = models.DateField(null=True, blank=True)
    consent_method = models.CharField(max_length=10, choices=ConsentMethod.choices, blank=True)

    eligibility_exception_reason = models.TextField(blank=True)

    # Lifecycle
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    close_note = models.TextField(blank=True)
    submitted_at = models.DateTimeField(null=True, blank=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            models.Index(fields=["programme", "status", "submitted_at"]),
            models.Index(fields=["referred_by", "-created_at"]),
            models.Index(fields=["programme", "date_of_birth"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(close_reason=""),
                name="referral_closed_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="referral_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "closed"]) | Q(consent_to_contact=True),
                name="referral_open_has_consent_to_contact",
            ),
            # A draft may be incomplete; anything submitted has what the coordinator needs.
            models.CheckConstraint(
                condition=Q(status="draft")
                | (
                    Q(date_of_birth__isnull=False)
                    & Q(discharge_date__isnull=False)
                    & Q(pain_duration_weeks__isnull=False)
                    & ~Q(health_number="")
                    & ~Q(phone="")
                    & ~Q(postcode="")
                ),
                name="referral_submitted_is_complete",
            ),
        ]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("mentoring:referral_detail", args=[self.pk])

    @property
    def reference(self) -> str:
        """What emails and logs use instead of a name."""
        return f"R-{self.pk:06d}" if self.pk else "R-new"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.DRAFT, *self.ENDED)

    def age(self, today: date) -> int | None:
        return age_on(self.date_of_birth, today) if self.date_of_birth else None

    def next_statuses(self) -> tuple[str, ...]:
        return tuple(self.NEXT.get(self.Status(self.status), ()))

    def can_close(self) -> bool:
        return self.status not in self.ENDED

    def contact_due_by(self) -> date | None:
        if self.submitted_at is None:
            return None
        submitted = timezone.localdate(self.submitted_at)
        return add_working_days(submitted, self.programme.referral_wait_working_days)

    def is_waiting_too_long(self, now: datetime) -> bool:
        """Submitted, not contacted, and past the programme's limit. Needs programme loaded."""
        due = self.contact_due_by()
        return (
            self.status == self.Status.SUBMITTED
            and due is not None
            and timezone.localdate(now) > due
        )

    def waiting_days(self, now: datetime) -> int | None:
        if self.submitted_at is None:
            return None
        return (timezone.localdate(now) - timezone.localdate(self.submitted_at)).days

    def formats_display(self) -> list[str]:
        return labels_for(self.preferred_formats, Format.choices)

    def availability_display(self) -> list[str]:
        return labels_for(self.availability, AVAILABILITY_CHOICES)


class ReferralEvent(models.Model):
    """One step in a referral's history: who moved it, when, from what to what, and why."""

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Referral.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Referral.Status.choices)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.referral} {self.from_status or 'new'} -> {self.to_status}"


# --- Mentors: recruitment, screening, training ---------------------------------------------


class MentorQuerySet(models.QuerySet["Mentor"]):
    def visible_to(self, user: User | AnonymousUser) -> Self:
        """Coordinators see their programmes' mentors and applicants; a mentor sees
        only their own record; nobody else sees any."""
        if not isinstance(user, User) or not user.is_active:
            return self.none()
        if user.is_superuser:
            return self
        if user.is_coordinator:
            return self.filter(programme__in=Programme.objects.visible_to(user))
        if user.is_mentor:
            return self.filter(user=user)
        return self.none()

    def applicants(self) -> Self:
        return self.filter(status__in=[Mentor.Status.APPLIED, Mentor.Status.SCREENING])

    def with_current_mentees(self) -> Self:
        """Annotate `current_mentees`. Relationships arrive with the matching issue, which
        replaces this zero with a count of each mentor's active relationships."""
        return self.annotate(current_mentees=models.Value(0, output_field=models.IntegerField()))

    def with_required_training_in_date(self, *, today: date) -> Self:
        """Every active required module of the mentor's programme has a record that is
        passed (where the module has a quiz) and has not expired."""
        in_date_record = (
            TrainingRecord.objects.passed()
            .filter(
                mentor=models.OuterRef(models.OuterRef("pk")),
                module=models.OuterRef("pk"),
            )
            .filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))
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


class Mentor(models.Model):
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
    NEXT = {
        Status.APPLIED: (Status.SCREENING, Status.DECLINED),
        Status.SCREENING: (Status.IN_TRAINING, Status.DECLINED),
        Status.IN_TRAINING: (Status.ACTIVE, Status.RETIRED),
        Status.ACTIVE: (Status.PAUSED, Status.RETIRED),
        Status.PAUSED: (Status.ACTIVE, Status.RETIRED),
        Status.RETIRED: (),
        Status.DECLINED: (),
    }

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="mentors")
    user = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="mentor", null=True, blank=True
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField()
    phone = models.CharField(max_length=20, help_text="Stored as E.164.")
    lived_experience = models.CharField(max_length=12, choices=LivedExperience.choices)
    lived_experience_summary = models.TextField(blank=True)
    motivation = models.TextField("why they want to mentor", blank=True)
    formats = models.JSONField(default=list, blank=True)
    availability = models.JSONField(default=list, blank=True)
    area = models.CharField("area (postcode district)", max_length=4)
    languages = models.CharField(max_length=200, default="English")
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
        indexes = [models.Index(fields=["programme", "status"])]
        constraints = [
            models.CheckConstraint(condition=Q(capacity__gte=1), name="mentor_capacity_positive"),
            models.CheckConstraint(
                condition=Q(consent_to_store=True), name="mentor_consented_to_storage"
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("mentoring:mentor_detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def next_statuses(self) -> tuple[str, ...]:
        return tuple(self.NEXT.get(self.Status(self.status), ()))

    def is_waiting_too_long(self, now: datetime) -> bool:
        """An applicant not yet taken into screening after the programme's limit."""
        due = add_working_days(
            timezone.localdate(self.applied_at), self.programme.applicant_wait_working_days
        )
        return self.status == self.Status.APPLIED and timezone.localdate(now) > due

    def formats_display(self) -> list[str]:
        return labels_for(self.formats, Format.choices)

    def availability_display(self) -> list[str]:
        return labels_for(self.availability, AVAILABILITY_CHOICES)


class MentorStatusChange(models.Model):
    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(max_length=12, choices=Mentor.Status.choices, blank=True)
    to_status = models.CharField(max_length=12, choices=Mentor.Status.choices)
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+", null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)
    reason = models.TextField(blank=True)

    class Meta:
        ordering = ["at", "pk"]

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
    notes = models.TextField(blank=True)
    outcome = models.CharField(max_length=12, choices=Outcome.choices)

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
    notes = models.TextField(blank=True)

    class Meta:
        ordering = ["pk"]

    def __str__(self) -> str:
        return f"Reference from {self.referee_name}"


class DisclosureCheckQuerySet(models.QuerySet["DisclosureCheck"]):
    def in_date(self, *, today: date) -> Self:
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


class TrainingModule(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="training_modules"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True)
    required = models.BooleanField(default=True)
    validity_months = models.PositiveSmallIntegerField(
        "valid for (months)", null=True, blank=True, help_text="Leave blank if it never expires."
    )
    pass_mark = models.PositiveSmallIntegerField(
        "quiz pass mark (%)",
        null=True,
        blank=True,
        validators=[MaxValueValidator(100)],
        help_text="Leave blank if the module has no knowledge quiz.",
    )
    is_active = models.BooleanField(default=True)
    position = models.PositiveSmallIntegerField(default=0)

    class Meta:
        ordering = ["programme", "position", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "name"], name="module_name_unique"),
            models.CheckConstraint(
                condition=Q(pass_mark__isnull=True) | Q(pass_mark__lte=100),
                name="module_pass_mark_percent",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def has_quiz(self) -> bool:
        return self.pass_mark is not None


class TrainingRecordQuerySet(models.QuerySet["TrainingRecord"]):
    def passed(self) -> Self:
        """Records that count: no quiz, or a quiz score at or above the pass mark."""
        return self.filter(
            Q(module__pass_mark__isnull=True) | Q(quiz_score__gte=models.F("module__pass_mark"))
        )


class TrainingRecord(models.Model):
    """One completion of a module by a mentor. The expiry is derived from the completion
    date and the module's validity, never typed (mentoring.services keeps it so)."""

    class Method(models.TextChoices):
        FACE_TO_FACE = "face_to_face", "Face to face"
        ONLINE = "online", "Online"
        BLENDED = "blended", "Blended (face to face and online)"

    mentor = models.ForeignKey(Mentor, on_delete=models.CASCADE, related_name="training_records")
    module = models.ForeignKey(TrainingModule, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField("date")
    delivered_by = models.CharField(max_length=200)
    method = models.CharField(max_length=12, choices=Method.choices)
    quiz_score = models.PositiveSmallIntegerField(
        "quiz score (%)", null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    notes = models.TextField(blank=True)
    expires_on = models.DateField(null=True, blank=True, editable=False)
    recorded_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = TrainingRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-completed_on", "-pk"]
        indexes = [models.Index(fields=["mentor", "module", "-completed_on"])]

    def __str__(self) -> str:
        return f"{self.module} on {self.completed_on}"

    @property
    def passed(self) -> bool:
        pass_mark = self.module.pass_mark
        return pass_mark is None or (self.quiz_score is not None and self.quiz_score >= pass_mark)
