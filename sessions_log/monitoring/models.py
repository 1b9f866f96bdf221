"""Monitoring: the thresholds that decide when a pair is flagged for a coordinator, the
flags themselves (one small rule module each, under rules/), and mentees' feedback."""

from __future__ import annotations

from datetime import datetime
from typing import Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Programme, User
from core.access import VisibleQuerySet
from core.models import REASON_LENGTH, ProgrammeSettings


class MonitoringSettings(ProgrammeSettings):
    """DESIGN.md's defaults. How early to warn of expiring training or checks is training's
    setting (`TrainingSettings.expiry_warning_days`), read by the expiry rule."""

    first_contact_within_days = models.PositiveSmallIntegerField(
        "first contact expected within (days)",
        default=7,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )
    no_contact_after_days = models.PositiveSmallIntegerField(
        "flag when no contact held for (days)",
        default=28,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    missed_contacts_in_a_row = models.PositiveSmallIntegerField(
        "flag after cancelled or missed contacts in a row",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(20)],
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
    low_feedback_rating = models.PositiveSmallIntegerField(
        "flag feedback rated at or below (out of 5)",
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(5)],
    )
    feedback_link_days = models.PositiveSmallIntegerField(
        "a mentee's feedback link works for (days)",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(90)],
    )

    class Meta:
        verbose_name = "monitoring thresholds"
        verbose_name_plural = "monitoring thresholds"
        constraints = [
            models.CheckConstraint(
                condition=Q(pain_rise_points__range=(1, 10))
                & Q(confidence_drop_points__range=(1, 10))
                & Q(low_feedback_rating__range=(1, 5))
                & Q(first_contact_within_days__gte=1)
                & Q(no_contact_after_days__gte=1)
                & Q(missed_contacts_in_a_row__gte=1),
                name="monitoring_thresholds_in_range",
            ),
        ]


class Severity(models.TextChoices):
    """How soon a coordinator should look; the page lists the most pressing first."""

    URGENT = "urgent", "Urgent"
    SOON = "soon", "Look this week"
    ROUTINE = "routine", "When you can"


SEVERITY_ORDER = {Severity.URGENT: 0, Severity.SOON: 1, Severity.ROUTINE: 2}


class FlagQuerySet(VisibleQuerySet):
    def visible_to_member(self, user: User) -> Self:
        """Coordinators: their programmes' flags. Nobody else (mentors never see them)."""
        if user.is_coordinator:
            return self.filter(programme__in=Programme.objects.visible_to(user))
        return self.none()

    def open(self) -> Self:
        return self.filter(resolved_at__isnull=True, closed_by_itself_at__isnull=True)

    def most_pressing_first(self) -> Self:
        return self.annotate(
            severity_rank=models.Case(
                *[models.When(severity=s, then=models.Value(r)) for s, r in SEVERITY_ORDER.items()],
                output_field=models.IntegerField(),
            )
        ).order_by("severity_rank", "opened_at", "pk")


class Flag(models.Model):
    """A relationship that needs a coordinator's eye, by one rule (monitoring/rules/).

    Opened by the monitoring run when the rule's condition starts to hold; acknowledged
    ("I have seen this") and resolved with a note by a coordinator, or closed by itself when
    the run finds the condition gone. A flag stays *live* until the run sees its condition
    clear (`cleared_at`), even after a coordinator resolved it, so a resolved flag is not
    opened again every night while the same condition lasts; once it clears, the next time
    it holds opens a new flag. One live (so at most one open) flag per relationship and rule,
    a constraint in the database. Rows are never deleted: they are the history."""

    relationship = models.ForeignKey(
        "matching.Relationship", on_delete=models.CASCADE, related_name="flags"
    )
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="flags")
    rule = models.CharField(max_length=30, db_index=False)
    severity = models.CharField(max_length=10, choices=Severity.choices)
    opened_at = models.DateTimeField(default=timezone.now)
    # Only what the page shows (dates, counts, scores, a kind of concern): never free text.
    details = models.JSONField(default=dict, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    resolved_at = models.DateTimeField(null=True, blank=True)
    resolved_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    resolution_note = models.TextField(blank=True, max_length=REASON_LENGTH)
    closed_by_itself_at = models.DateTimeField(null=True, blank=True)
    cleared_at = models.DateTimeField(null=True, blank=True)

    objects = FlagQuerySet.as_manager()

    class Meta:
        ordering = ["-opened_at", "-pk"]
        indexes = [
            # The open flags of a programme, most pressing first; with the rule, the
            # monitoring page counts them by rule and severity, and picks a page of one
            # rule's, from the index alone.
            models.Index(
                fields=["programme", "severity", "opened_at"],
                include=["rule", "id"],
                condition=Q(resolved_at__isnull=True, closed_by_itself_at__isnull=True),
                name="flag_open_queue",
            ),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["relationship", "rule"],
                condition=Q(cleared_at__isnull=True),
                name="flag_one_live_per_relationship_and_rule",
            ),
            models.CheckConstraint(
                condition=Q(resolved_at__isnull=True) | ~Q(resolution_note=""),
                name="flag_resolved_with_a_note",
            ),
            models.CheckConstraint(
                condition=Q(closed_by_itself_at__isnull=True) | Q(cleared_at__isnull=False),
                name="flag_closed_by_itself_when_cleared",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} flag on relationship {self.relationship_id}"

    @property
    def is_open(self) -> bool:
        return self.resolved_at is None and self.closed_by_itself_at is None

    def state(self) -> str:
        if self.closed_by_itself_at:
            return "Closed itself: the condition cleared"
        if self.resolved_at:
            return "Resolved"
        if self.acknowledged_at:
            return "Seen"
        return "New"


class FeedbackQuerySet(VisibleQuerySet):
    def visible_to_member(self, user: User) -> Self:
        """Coordinators: their programmes' feedback. The mentee answers through the link."""
        if user.is_coordinator:
            return self.filter(programme__in=Programme.objects.visible_to(user))
        return self.none()

    def answered(self) -> Self:
        return self.filter(answered_at__isnull=False)


class Feedback(models.Model):
    """A mentee's short check-in after a point of their plan (the second session, the last):
    how it is going (1 to 5) and an optional comment. Asked by email through a single-use
    link that expires, or entered by a coordinator after a phone call."""

    class Point(models.TextChoices):
        SECOND = "second", "After the second session"
        LAST = "last", "After the last planned session"

    RATINGS = [
        (5, "Very well"),
        (4, "Well"),
        (3, "All right"),
        (2, "Not very well"),
        (1, "Badly"),
    ]

    relationship = models.ForeignKey(
        "matching.Relationship", on_delete=models.CASCADE, related_name="feedback"
    )
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="+")
    point = models.CharField(max_length=10, choices=Point.choices)
    requested_at = models.DateTimeField(default=timezone.now)
    link_expires_at = models.DateTimeField(null=True, blank=True)
    rating = models.PositiveSmallIntegerField(
        "how is it going", null=True, blank=True, choices=RATINGS
    )
    comment = models.TextField(blank=True, max_length=REASON_LENGTH)
    answered_at = models.DateTimeField(null=True, blank=True)
    entered_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    objects = FeedbackQuerySet.as_manager()

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name_plural = "feedback"
        constraints = [
            models.UniqueConstraint(fields=["relationship", "point"], name="feedback_once_a_point"),
            models.CheckConstraint(
                condition=Q(rating__isnull=True) | Q(rating__range=(1, 5)),
                name="feedback_rating_1_5",
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | Q(rating__isnull=False),
                name="feedback_answered_has_a_rating",
            ),
        ]

    def __str__(self) -> str:
        return f"Feedback {self.get_point_display().lower()}"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None

    def link_expired(self, now: datetime) -> bool:
        return self.link_expires_at is None or now >= self.link_expires_at
