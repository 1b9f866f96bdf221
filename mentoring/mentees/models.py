"""A mentee: one person in a programme, registered by a coordinator from a consented
referral (and linked to any later referral of the same person), with what matching and
reminders need: preferences, communication needs and how they want to be reached.

Clinical details (NHS/CHI number, date of birth, the physiotherapy plan) stay on the
referral; a mentee carries only what the programme needs to match and reach them."""

from __future__ import annotations

from typing import Self

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from accounts.models import Programme, User
from core.access import VisibleQuerySet
from core.choices import AVAILABILITY_CHOICES, Format, Interest, labels_for
from core.models import NOTES_LENGTH, REASON_LENGTH
from mentoring.referrals.models import Referral


class MenteeQuerySet(VisibleQuerySet):
    def visible_to_member(self, user: User) -> Self:
        """Coordinators see their programmes' mentees; a mentee sees only themself. A
        mentor reaches their mentees through their relationships (matching), never here."""
        if user.is_coordinator:
            return self.filter(programme__in=Programme.objects.visible_to(user))
        if user.is_mentee:
            return self.filter(user=user)
        return self.none()

    def waiting(self) -> Self:
        """Waiting for a mentor: registered and not in a current relationship."""
        return self.filter(waiting_since__isnull=False)


class Mentee(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        TEXT = "text", "Text message"
        PHONE = "phone", "A phone call from the coordinator"
        LETTER = "letter", "A letter"

    GenderPreference = Referral.GenderPreference

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="mentees")
    user = models.OneToOneField(
        User, on_delete=models.PROTECT, related_name="mentee", null=True, blank=True
    )
    first_name = models.CharField(max_length=100)
    last_name = models.CharField(max_length=100)
    email = models.EmailField(blank=True)
    phone = models.CharField(max_length=20, blank=True, help_text="Stored as E.164.")
    postcode = models.CharField(max_length=8, blank=True)
    area = models.CharField("area (postcode district)", max_length=4, blank=True)

    preferred_formats = models.JSONField(default=list, blank=True)
    availability = models.JSONField(default=list, blank=True)
    mentor_gender_preference = models.CharField(
        "mentor's gender", max_length=10, choices=GenderPreference.choices, blank=True
    )
    interests = models.JSONField(default=list, blank=True)
    languages = models.CharField(max_length=200, default="English")
    shared_goals = models.TextField(
        "goals to share with the mentor", blank=True, max_length=NOTES_LENGTH
    )

    needs_large_print = models.BooleanField("large print", default=False)
    needs_hearing_support = models.BooleanField("hearing support", default=False)
    interpreter_language = models.CharField("interpreter needed for", max_length=100, blank=True)
    helper_name = models.CharField("relative or friend who helps", max_length=200, blank=True)
    helper_phone = models.CharField(
        "their phone", max_length=20, blank=True, help_text="Stored as E.164."
    )
    other_needs = models.TextField("anything else", blank=True, max_length=REASON_LENGTH)

    reminder_channel = models.CharField(
        "how to remind them", max_length=10, choices=Channel.choices, default=Channel.PHONE
    )

    waiting_since = models.DateTimeField(null=True, blank=True, db_index=True)
    registered_at = models.DateTimeField(default=timezone.now)
    registered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = MenteeQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        indexes = [models.Index(fields=["programme", "waiting_since"])]
        constraints = [
            models.CheckConstraint(
                condition=~Q(reminder_channel="email") | ~Q(email=""),
                name="mentee_email_reminders_need_an_email",
            ),
            models.CheckConstraint(
                condition=~Q(reminder_channel="text") | ~Q(phone=""),
                name="mentee_text_reminders_need_a_phone",
            ),
        ]

    def __str__(self) -> str:
        return self.full_name

    def get_absolute_url(self) -> str:
        return reverse("mentees:detail", args=[self.pk])

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def formats_display(self) -> list[str]:
        return labels_for(self.preferred_formats, Format.choices)

    def availability_display(self) -> list[str]:
        return labels_for(self.availability, AVAILABILITY_CHOICES)

    def interests_display(self) -> list[str]:
        return labels_for(self.interests, Interest.choices)

    def communication_needs(self) -> list[str]:
        """The needs in words, for a mentor or a letter."""
        needs = []
        if self.needs_large_print:
            needs.append("Large print")
        if self.needs_hearing_support:
            needs.append("Hearing support")
        if self.interpreter_language:
            needs.append(f"An interpreter for {self.interpreter_language}")
        if self.helper_name:
            needs.append(f"{self.helper_name} helps them")
        if self.other_needs:
            needs.append(self.other_needs)
        return needs


class MenteeReferral(models.Model):
    """Which referrals brought this person: one mentee, however many referrals."""

    mentee = models.ForeignKey(Mentee, on_delete=models.CASCADE, related_name="registrations")
    referral = models.OneToOneField(Referral, on_delete=models.PROTECT, related_name="registration")
    registered_at = models.DateTimeField(default=timezone.now)
    registered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    class Meta:
        ordering = ["registered_at"]

    def __str__(self) -> str:
        return f"{self.mentee} from referral {self.referral_id}"
