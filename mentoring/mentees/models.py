"""A mentee: one person in a programme, registered by a coordinator from a consented
referral (and linked to any later referral of the same person), with what matching and
reminders need: preferences, communication needs and how they want to be reached.

Clinical details (NHS/CHI number, date of birth, the physiotherapy plan) stay on the
referral; a mentee carries only what the programme needs to match and reach them."""

from __future__ import annotations

from datetime import datetime
from typing import Self

from django.db import models
from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from accounts.models import Programme, User
from core.access import VisibleQuerySet
from core.choices import AVAILABILITY_CHOICES, HOLDS_PLACE, Format, Interest, labels_for
from core.links import url_with_key
from core.models import NOTES_LENGTH, REASON_LENGTH
from core.search import name_has_every
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

    def named(self, text: str) -> Self:
        """Every word (the first five) in the first or the last name."""
        return self.filter(name_has_every(text, limit=5))

    def same_person_as(self, referral: Referral) -> Self:
        """Mentees of the referral's programme brought by a referral of the same person:
        the same NHS/CHI number, or the same name and date of birth (closed referrals
        count too: a mentee stays one person whatever became of an earlier referral)."""
        same_person = (
            Q(health_number=referral.health_number) if referral.health_number else Q(pk__in=[])
        )
        if referral.date_of_birth:
            same_person |= Q(
                first_name__iexact=referral.first_name.strip(),
                last_name__iexact=referral.last_name.strip(),
                date_of_birth=referral.date_of_birth,
            )
        referrals = (
            Referral.objects.filter(same_person, programme_id=referral.programme_id)
            .exclude(pk=referral.pk)
            .values("pk")
        )
        return self.filter(
            programme_id=referral.programme_id,
            pk__in=MenteeReferral.objects.filter(referral__in=referrals).values("mentee_id"),
        )

    def in_current_relationship(self) -> Self:
        """Mentees with a relationship that holds a mentor's place (proposed, active or
        paused). Through the reverse relation, so mentees never import matching; one row
        each, as a mentee holds one such relationship at most (a unique constraint)."""
        return self.filter(relationships__status__in=HOLDS_PLACE)

    def with_site_name(self) -> Self:
        """Each mentee with `site_name`, the site of the latest referral that brought them:
        a subquery, so a list of mentees stays one query."""
        latest = MenteeReferral.objects.filter(mentee=OuterRef("pk")).order_by(
            "-registered_at", "-pk"
        )
        return self.annotate(site_name=Subquery(latest.values("referral__site__name")[:1]))


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
        indexes = [
            # The waiting list; with updated_at and id, the matching cache's fingerprint
            # (matching.kept) reads the waiting mentees from the index alone.
            models.Index(
                fields=["programme", "waiting_since"],
                include=["updated_at", "id"],
                name="mentee_programme_waiting",
            )
        ]
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
        return url_with_key("mentees:detail", self.pk)

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def formats_display(self) -> list[str]:
        return labels_for(self.preferred_formats, Format.choices)

    def waiting_days(self, now: datetime) -> int | None:
        """Whole days on the waiting list, or None when not waiting."""
        if self.waiting_since is None:
            return None
        return (timezone.localdate(now) - timezone.localdate(self.waiting_since)).days

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
