"""Monitoring: the thresholds that decide when a pair is flagged for a coordinator.
The flags themselves (one small rule module each) arrive with the monitoring issue."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.models import ProgrammeSettings


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
