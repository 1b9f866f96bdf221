"""Who wants which reminder, by which way; and the reminders a coordinator delivers by hand.

A person with no preferences row has the defaults: a mentor gets contact reminders and
nudges to log by email; a mentee gets no reminder until they ask for one (then by their
`Mentee.reminder_channel`). Reminders are not essential, so each can be switched off.

Letters and phone calls are not sent by a worker: the daily planning run writes one
`ManualReminder` per (way, relationship, contact day), a unique key like a delivery's, and a
coordinator prints the letters and makes the calls from their pages.
"""

from __future__ import annotations

from datetime import date
from typing import Self

from django.db import models
from django.utils import timezone

from accounts.models import Programme, User
from core.access import VisibleQuerySet, VisibleThroughParentQuerySet
from mentoring.matching.models import Relationship
from mentoring.mentees.models import Mentee
from mentoring.recruitment.models import Mentor


class MentorPreferencesQuerySet(VisibleThroughParentQuerySet):
    parent_field = "mentor"


class MentorReminderPreferences(models.Model):
    class Channel(models.TextChoices):
        EMAIL = "email", "Email"
        TEXT = "text", "Text message"

    mentor = models.OneToOneField(
        Mentor, on_delete=models.CASCADE, primary_key=True, related_name="reminder_preferences"
    )
    channel = models.CharField(
        "how to remind you", max_length=10, choices=Channel.choices, default=Channel.EMAIL
    )
    contact_reminders = models.BooleanField(
        "a reminder the day before each planned contact", default=True
    )
    log_nudges = models.BooleanField(
        "a reminder to log a contact when it has not been logged", default=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = MentorPreferencesQuerySet.as_manager()

    class Meta:
        verbose_name = "mentor's reminder preferences"
        verbose_name_plural = "mentors' reminder preferences"

    def __str__(self) -> str:
        return f"Reminder preferences of mentor {self.mentor_id}"


class CoordinatorPreferencesQuerySet(VisibleQuerySet):
    def visible_to_member(self, user: User) -> Self:
        """Each coordinator their own: nobody changes another's email."""
        return self.filter(user=user) if user.is_coordinator else self.none()


class CoordinatorReminderPreferences(models.Model):
    """A coordinator with no row gets the daily summary: it is not essential (their home page
    says the same), so they may switch it off."""

    user = models.OneToOneField(
        User, on_delete=models.CASCADE, primary_key=True, related_name="reminder_preferences"
    )
    daily_digest = models.BooleanField("a summary email each morning", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = CoordinatorPreferencesQuerySet.as_manager()

    class Meta:
        verbose_name = "coordinator's email preferences"
        verbose_name_plural = "coordinators' email preferences"

    def __str__(self) -> str:
        return f"Email preferences of user {self.user_id}"


class MenteePreferencesQuerySet(VisibleThroughParentQuerySet):
    parent_field = "mentee"


class MenteeReminderPreferences(models.Model):
    mentee = models.OneToOneField(
        Mentee, on_delete=models.CASCADE, primary_key=True, related_name="reminder_preferences"
    )
    contact_reminders = models.BooleanField(
        "a reminder the day before each planned contact", default=False
    )
    # Asking how the mentoring is going is not essential either (monitoring.request_feedback)
    feedback_requests = models.BooleanField(
        "asked how the mentoring is going, after the second and the last session", default=True
    )
    updated_at = models.DateTimeField(auto_now=True)

    objects = MenteePreferencesQuerySet.as_manager()

    class Meta:
        verbose_name = "mentee's reminder preferences"
        verbose_name_plural = "mentees' reminder preferences"

    def __str__(self) -> str:
        return f"Reminder preferences of mentee {self.mentee_id}"


class ManualReminderQuerySet(VisibleQuerySet):
    def visible_to_member(self, user: User) -> Self:
        """Coordinators see their programmes' letters and calls; nobody else sees any."""
        if not user.is_coordinator:
            return self.none()
        return self.filter(programme__in=Programme.objects.visible_to(user))

    def letters_to_print(self, today: date) -> Self:
        """Not printed yet, for a pair still meeting and a contact still to come."""
        return self.filter(
            how=ManualReminder.How.LETTER,
            done_at__isnull=True,
            contact_on__gt=today,
            relationship__status=Relationship.Status.ACTIVE,
        )

    def calls_for(self, day: date) -> Self:
        """Calls due by `day` for contacts still to come and not yet made, and those made
        today (ticked off), for pairs still meeting."""
        return self.filter(
            how=ManualReminder.How.PHONE,
            due_on__lte=day,
            contact_on__gte=day,
            relationship__status=Relationship.Status.ACTIVE,
        ).filter(models.Q(done_at__isnull=True) | models.Q(due_on=day))


class ManualReminder(models.Model):
    class How(models.TextChoices):
        LETTER = "letter", "A letter"
        PHONE = "phone", "A phone call"

    how = models.CharField(max_length=10, choices=How.choices)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    relationship = models.ForeignKey(
        Relationship, on_delete=models.CASCADE, related_name="manual_reminders"
    )
    mentee = models.ForeignKey(Mentee, on_delete=models.CASCADE, related_name="manual_reminders")
    contact_on = models.DateField("contact day")
    due_on = models.DateField("to do on")
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, related_name="+", null=True, blank=True
    )
    created_at = models.DateTimeField(default=timezone.now)

    objects = ManualReminderQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "contact_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["how", "relationship", "contact_on"],
                name="manual_reminder_once_per_contact",
            )
        ]
        indexes = [
            models.Index(
                fields=["programme", "how", "due_on"],
                condition=models.Q(done_at__isnull=True),
                name="manual_reminder_to_do",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_how_display()} about the contact on {self.contact_on}"
