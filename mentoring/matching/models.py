"""Matching and relationships. Today only the plan a new relationship starts with; mentees,
suggestions and relationships arrive with the matching issue."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q

from core.models import ProgrammeSettings


class PlanDefaults(ProgrammeSettings):
    """The plan a new pair starts with (DESIGN.md: six sessions, two weeks apart, over
    twelve weeks, with a coordinator review after the second). Each pair can change it."""

    planned_sessions = models.PositiveSmallIntegerField(
        "planned sessions", default=6, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    planned_interval_days = models.PositiveSmallIntegerField(
        "days between sessions",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    planned_length_weeks = models.PositiveSmallIntegerField(
        "length of mentoring (weeks)",
        default=12,
        validators=[MinValueValidator(1), MaxValueValidator(104)],
    )
    review_after_session = models.PositiveSmallIntegerField(
        "coordinator review after session", default=2, validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = "plan defaults"
        verbose_name_plural = "plan defaults"
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_sessions__gte=1)
                & Q(planned_interval_days__gte=1)
                & Q(planned_length_weeks__gte=1),
                name="plan_defaults_are_positive",
            ),
            models.CheckConstraint(
                condition=Q(review_after_session__gte=1)
                & Q(review_after_session__lte=models.F("planned_sessions")),
                name="plan_review_within_planned_sessions",
            ),
        ]

    def clean(self) -> None:
        if (
            self.planned_sessions is not None
            and self.review_after_session is not None
            and self.review_after_session > self.planned_sessions
        ):
            raise ValidationError(
                {"review_after_session": "The review must come within the planned sessions."}
            )
