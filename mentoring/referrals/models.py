"""Referrals: a physiotherapist's referral of a discharged patient and what became of it,
and the programme's eligibility settings."""

from __future__ import annotations

import uuid
from collections import defaultdict
from datetime import date, datetime
from datetime import time as clock_time
from typing import Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Programme, Site, User
from core.access import VisibleQuerySet, VisibleThroughParentQuerySet
from core.choices import AVAILABILITY_CHOICES, Format, labels_for
from core.dates import add_working_days, age_on
from core.lifecycle import Lifecycle
from core.links import url_with_key
from core.models import (
    ADDRESS_LENGTH,
    NOTES_LENGTH,
    REASON_LENGTH,
    ProgrammeSettings,
    StatusHistory,
)


class ReferralSettings(ProgrammeSettings):
    """Who the programme takes, and how soon a new referral must be contacted."""

    eligibility_min_age = models.PositiveSmallIntegerField(
        "minimum age", default=60, validators=[MaxValueValidator(120)]
    )
    eligibility_min_pain_weeks = models.PositiveSmallIntegerField(
        "back pain for at least (weeks)", default=12, validators=[MaxValueValidator(52 * 80)]
    )
    wait_working_days = models.PositiveSmallIntegerField(
        "contact a new referral within (working days)",
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(60)],
    )

    class Meta:
        verbose_name = "referral and eligibility settings"
        verbose_name_plural = "referral and eligibility settings"
        constraints = [
            models.CheckConstraint(
                condition=Q(eligibility_min_age__lte=120) & Q(wait_working_days__gte=1),
                name="referral_settings_are_sensible",
            ),
        ]


class ReferralQuerySet(VisibleQuerySet):
    def visible_to_member(self, user: User) -> Self:
        """Coordinators see their programmes' referrals (not other people's drafts);
        a physiotherapist sees only the referrals they made; nobody else sees any."""
        if user.is_coordinator:
            return self.filter(
                Q(programme__in=Programme.objects.visible_to(user))
                & (~Q(status=Referral.Status.DRAFT) | Q(referred_by=user))
            )
        if user.is_physiotherapist:
            return self.filter(referred_by=user)
        return self.none()

    def open(self) -> Self:
        """Sent and not yet matched or closed. Named positively (not "all but draft,
        matched and closed") so that the partial index on open referrals serves it."""
        return self.filter(status__in=Referral.OPEN)

    def waiting_too_long(self, *, now: datetime) -> Self:
        """Submitted and not yet contacted for longer than each programme's limit.

        The limits come from the programmes' settings (a few rows, one query), grouped by
        limit, and each becomes a plain range on `submitted_at` ("sent before the start of
        the cutoff day"), so the (programme, status, submitted_at) index answers it.
        Referral.is_waiting_too_long says the same of one referral; a property test holds
        the two together."""
        default = ReferralSettings._meta.get_field("wait_working_days").get_default()
        programmes_by_limit: dict[int, list[int]] = defaultdict(list)
        for programme_id, working_days in Programme.objects.values_list(
            "pk", "referrals_settings__wait_working_days"
        ):
            programmes_by_limit[working_days or default].append(programme_id)
        today = timezone.localdate(now)
        condition = Q(pk__in=[])
        for working_days, programme_ids in programmes_by_limit.items():
            cutoff = add_working_days(today, -working_days)
            cutoff_starts = timezone.make_aware(datetime.combine(cutoff, clock_time.min))
            condition |= Q(programme_id__in=programme_ids, submitted_at__lt=cutoff_starts)
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


class Referral(Lifecycle, models.Model):
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

    # Which ways the lifecycle may move; closing is allowed from any state not ended.
    ENDED = (Status.MATCHED, Status.CLOSED)
    # Sent and not ended: the inbox's working set (the partial index below lists the same).
    OPEN = (Status.SUBMITTED, Status.CONTACTED, Status.CONSENTED, Status.AWAITING_MATCH)
    TRANSITIONS = {
        Status.DRAFT: (Status.SUBMITTED, Status.CLOSED),
        Status.SUBMITTED: (Status.CONTACTED, Status.CLOSED),
        Status.CONTACTED: (Status.CONSENTED, Status.CLOSED),
        Status.CONSENTED: (Status.AWAITING_MATCH, Status.CLOSED),
        Status.AWAITING_MATCH: (Status.MATCHED, Status.CLOSED),
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
    address = models.TextField(blank=True, max_length=ADDRESS_LENGTH)
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
    plan_exercises = models.TextField("exercises", blank=True, max_length=NOTES_LENGTH)
    plan_activity_goals = models.TextField("activity goals", blank=True, max_length=NOTES_LENGTH)
    plan_notes = models.TextField(
        "other self-management advice", blank=True, max_length=NOTES_LENGTH
    )

    # Preferences
    preferred_formats = models.JSONField(default=list, blank=True)
    availability = models.JSONField(default=list, blank=True)
    mentor_gender_preference = models.CharField(
        max_length=10, choices=GenderPreference.choices, blank=True
    )
    interests = models.TextField(blank=True, max_length=REASON_LENGTH)

    # Communication and access needs
    needs_hearing = models.CharField("hearing", max_length=300, blank=True)
    needs_sight = models.CharField("sight", max_length=300, blank=True)
    needs_mobility = models.CharField("mobility", max_length=300, blank=True)
    needs_transport = models.CharField("transport", max_length=300, blank=True)
    safety_information = models.TextField(
        "health and safety information", blank=True, max_length=NOTES_LENGTH
    )

    # Consent
    consent_to_contact = models.BooleanField(default=False)
    consent_to_share_with_mentor = models.BooleanField(default=False)
    consent_date = models.DateField(null=True, blank=True)
    consent_method = models.CharField(max_length=10, choices=ConsentMethod.choices, blank=True)

    eligibility_exception_reason = models.TextField(blank=True, max_length=REASON_LENGTH)

    # Lifecycle
    status = models.CharField(
        max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    close_reason = models.CharField(max_length=20, choices=CloseReason.choices, blank=True)
    close_note = models.TextField(blank=True, max_length=REASON_LENGTH)
    submitted_at = models.DateTimeField(null=True, blank=True)
    contacted_at = models.DateTimeField(null=True, blank=True)
    status_changed_at = models.DateTimeField(default=timezone.now)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReferralQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-created_at"]
        indexes = [
            # Counts by status and "waiting too long" read only this index: it carries
            # referred_by too, which visible_to() needs (a coordinator's own drafts).
            models.Index(
                fields=["programme", "status", "submitted_at"],
                include=["referred_by"],
                name="referral_programme_status",
            ),
            # The inbox's page, oldest first, among open referrals (Referral.OPEN), without
            # sorting them all. Name search has trigram indexes on UPPER(first_name) and
            # UPPER(last_name), made in migration 0003 on PostgreSQL only.
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(status__in=["submitted", "contacted", "consented", "awaiting_match"]),
                name="referral_open_queue",
            ),
            # "Waiting too long for first contact": the oldest submitted first, without
            # stepping over the referrals already contacted.
            models.Index(
                fields=["submitted_at", "id"],
                condition=Q(status="submitted"),
                name="referral_submitted_queue",
            ),
            models.Index(fields=["referred_by", "-created_at"]),
            models.Index(fields=["programme", "date_of_birth"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(close_reason=""),
                name="referral_closed_has_reason",
            ),
            # A draft withdrawn before it was sent is closed without ever being sent.
            models.CheckConstraint(
                condition=Q(status__in=["draft", "closed"]) | Q(submitted_at__isnull=False),
                name="referral_submitted_has_date",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "closed"]) | Q(consent_to_contact=True),
                name="referral_open_has_consent_to_contact",
            ),
            # A draft may be incomplete; anything submitted has what the coordinator needs.
            models.CheckConstraint(
                condition=Q(status="draft")
                | Q(status="closed", submitted_at__isnull=True)
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
        return url_with_key("referrals:detail", self.pk)

    @property
    def reference(self) -> str:
        """What emails and logs use instead of a name."""
        return f"R-{self.pk:06d}" if self.pk else "R-new"

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN

    def age(self, today: date) -> int | None:
        return age_on(self.date_of_birth, today) if self.date_of_birth else None

    def next_steps(self) -> tuple[str, ...]:
        """The steps forward (closing, which needs a reason, is separate)."""
        return tuple(s for s in self.next_statuses() if s != self.Status.CLOSED)

    def can_close(self) -> bool:
        return self.Status.CLOSED in self.next_statuses()

    @property
    def settings(self) -> ReferralSettings:
        return ReferralSettings.for_programme(self.programme)

    def contact_due_by(self) -> date | None:
        if self.submitted_at is None:
            return None
        submitted = timezone.localdate(self.submitted_at)
        return add_working_days(submitted, self.settings.wait_working_days)

    def is_waiting_too_long(self, now: datetime) -> bool:
        """Submitted, not contacted, and past the programme's limit (as waiting_too_long()).
        Load `programme__referrals_settings` with the referral to avoid a query."""
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


class ReferralEventQuerySet(VisibleThroughParentQuerySet):
    """A step of a referral's history is visible when the referral is."""

    parent_field = "referral"


class ReferralEvent(StatusHistory):
    """One step in a referral's history: who moved it, when, from what to what, and why."""

    subject_field = "referral"

    referral = models.ForeignKey(Referral, on_delete=models.CASCADE, related_name="events")
    from_status = models.CharField(max_length=20, choices=Referral.Status.choices, blank=True)
    to_status = models.CharField(max_length=20, choices=Referral.Status.choices)

    objects = ReferralEventQuerySet.as_manager()

    class Meta(StatusHistory.Meta):
        pass

    def __str__(self) -> str:
        return f"{self.referral} {self.from_status or 'new'} -> {self.to_status}"
