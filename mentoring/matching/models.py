"""Matching and relationships: the plan a new pair starts with, how suggestions are
weighed, where postcode districts are, and the mentoring relationship itself."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Self

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Programme, User
from core.access import VisibleQuerySet, VisibleThroughParentQuerySet
from core.choices import HOLDS_PLACE, Format, RelationshipStatus, labels_for
from core.lifecycle import Lifecycle
from core.links import url_with_key
from core.models import REASON_LENGTH, ProgrammeSettings, StatusHistory
from mentoring.mentees.models import Mentee
from mentoring.recruitment.models import Mentor
from mentoring.referrals.models import Referral


class MatchingSettings(ProgrammeSettings):
    """The plan a new pair starts with (DESIGN.md: six sessions, two weeks apart, over
    twelve weeks, with a coordinator review after the second; each pair can change it),
    how much each part of a suggestion's score weighs (0 leaves a part out), and how far
    is near enough to meet."""

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

    weight_formats = models.PositiveSmallIntegerField(
        "shared ways of meeting", default=30, validators=[MaxValueValidator(100)]
    )
    weight_availability = models.PositiveSmallIntegerField(
        "times both are free", default=25, validators=[MaxValueValidator(100)]
    )
    weight_distance = models.PositiveSmallIntegerField(
        "living near each other", default=20, validators=[MaxValueValidator(100)]
    )
    weight_gender = models.PositiveSmallIntegerField(
        "mentor's gender as asked", default=20, validators=[MaxValueValidator(100)]
    )
    weight_interests = models.PositiveSmallIntegerField(
        "shared interests", default=10, validators=[MaxValueValidator(100)]
    )
    weight_languages = models.PositiveSmallIntegerField(
        "a shared language", default=15, validators=[MaxValueValidator(100)]
    )
    weight_load = models.PositiveSmallIntegerField(
        "mentor has few mentees now", default=10, validators=[MaxValueValidator(100)]
    )
    near_km = models.PositiveSmallIntegerField(
        "near enough to meet (km)",
        default=15,
        validators=[MinValueValidator(1), MaxValueValidator(500)],
    )

    class Meta:
        verbose_name = "matching settings"
        verbose_name_plural = "matching settings"
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


class PostcodeDistrict(models.Model):
    """The centre of a postcode district (the part before the space: "EH3"), loaded from a
    CSV by `manage.py load_postcode_districts`. Approximate: distances between districts,
    never between homes."""

    district = models.CharField(max_length=4, unique=True)
    latitude = models.DecimalField(max_digits=8, decimal_places=5)
    longitude = models.DecimalField(max_digits=8, decimal_places=5)
    source = models.CharField(max_length=100, blank=True)

    class Meta:
        ordering = ["district"]
        constraints = [
            models.CheckConstraint(
                condition=Q(latitude__gte=-90, latitude__lte=90)
                & Q(longitude__gte=-180, longitude__lte=180),
                name="postcode_district_on_earth",
            ),
        ]

    def __str__(self) -> str:
        return self.district


class RelationshipQuerySet(VisibleQuerySet):
    def visible_to_member(self, user: User) -> Self:
        """Coordinators see their programmes' relationships; a mentor sees their current
        ones only (active or paused: nothing after it ends, nothing before both agreed);
        a mentee sees their own; physiotherapists see none (a referral's status tells
        them it is matched)."""
        if user.is_coordinator:
            return self.filter(programme__in=Programme.objects.ids_visible_to(user))
        if user.is_mentor:
            return self.filter(mentor__user=user, status__in=Relationship.CURRENT)
        if user.is_mentee:
            return self.filter(mentee__user=user).exclude(
                status__in=[Relationship.Status.PROPOSED, Relationship.Status.NOT_STARTED]
            )
        return self.none()

    def holding_place(self) -> Self:
        return self.filter(status__in=HOLDS_PLACE)


class Relationship(Lifecycle, models.Model):
    """A mentor and a mentee, from the coordinator's proposal to its end, with the plan
    they agreed."""

    Status = RelationshipStatus

    class EndReason(models.TextChoices):
        MENTEE_WITHDREW = "mentee_withdrew", "The mentee chose to stop"
        MENTOR_WITHDREW = "mentor_withdrew", "The mentor had to stop"
        HEALTH = "health", "Health got in the way"
        NOT_A_GOOD_MATCH = "not_a_good_match", "Not a good match"
        LOST_CONTACT = "lost_contact", "Lost contact"
        MOVED = "moved", "Moved away"
        OTHER = "other", "Another reason"

    TRANSITIONS = {
        Status.PROPOSED: (Status.ACTIVE, Status.NOT_STARTED),
        Status.ACTIVE: (Status.PAUSED, Status.COMPLETED, Status.ENDED_EARLY),
        Status.PAUSED: (Status.ACTIVE, Status.COMPLETED, Status.ENDED_EARLY),
        Status.COMPLETED: (),
        Status.ENDED_EARLY: (),
        Status.NOT_STARTED: (),
    }
    CURRENT = (Status.ACTIVE, Status.PAUSED)
    ENDED = (Status.COMPLETED, Status.ENDED_EARLY, Status.NOT_STARTED)

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="relationships")
    mentee = models.ForeignKey(Mentee, on_delete=models.PROTECT, related_name="relationships")
    mentor = models.ForeignKey(Mentor, on_delete=models.PROTECT, related_name="relationships")
    referral = models.ForeignKey(
        Referral, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    status = models.CharField(
        max_length=12, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    status_changed_at = models.DateTimeField(default=timezone.now)

    # The suggestion's score when proposed, and its parts in words.
    score = models.PositiveSmallIntegerField(null=True, blank=True)
    score_reasons = models.JSONField(default=list, blank=True)
    proposed_at = models.DateTimeField(default=timezone.now)
    proposed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    mentee_agreed_at = models.DateTimeField(null=True, blank=True)
    mentee_agreement_recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    mentor_agreed_at = models.DateTimeField(null=True, blank=True)
    mentor_agreement_recorded_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )

    # The agreed plan, from the programme's PlanDefaults, changed per pair.
    formats = models.JSONField(default=list, blank=True)
    planned_sessions = models.PositiveSmallIntegerField(
        "planned sessions", default=6, validators=[MinValueValidator(1), MaxValueValidator(52)]
    )
    planned_interval_days = models.PositiveSmallIntegerField(
        "days between sessions",
        default=14,
        validators=[MinValueValidator(1), MaxValueValidator(365)],
    )
    planned_length_weeks = models.PositiveSmallIntegerField(
        "length (weeks)", default=12, validators=[MinValueValidator(1), MaxValueValidator(104)]
    )
    review_after_session = models.PositiveSmallIntegerField(
        "coordinator review after session", default=2, validators=[MinValueValidator(1)]
    )

    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    # The next contact the pair agreed, as the latest session log says (set by the session
    # log services); without one, the plan's dates are the guide.
    next_contact_at = models.DateTimeField("next planned contact", null=True, blank=True)
    pause_reason = models.TextField(blank=True, max_length=REASON_LENGTH)
    expected_resume_on = models.DateField(null=True, blank=True)
    end_reason = models.CharField(max_length=20, choices=EndReason.choices, blank=True)
    end_note = models.TextField(blank=True, max_length=REASON_LENGTH)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RelationshipQuerySet.as_manager()

    class Meta:
        ordering = ["-proposed_at"]
        indexes = [
            # The coordinator's list, newest change first, all or by status.
            models.Index(
                fields=["programme", "-status_changed_at", "-id"], name="relationship_list"
            ),
            models.Index(
                fields=["programme", "status", "-status_changed_at", "-id"],
                name="relationship_list_status",
            ),
            models.Index(fields=["mentor", "status"]),
            # The pairs that hold a place, with their last change: the matching pages'
            # fingerprint (kept.py) reads them from the index alone.
            models.Index(
                fields=["programme"],
                include=["updated_at", "id"],
                condition=Q(status__in=HOLDS_PLACE),
                name="relationship_holding_place",
            ),
        ]
        constraints = [
            # One current (or proposed) relationship per mentee.
            models.UniqueConstraint(
                fields=["mentee"],
                condition=Q(status__in=HOLDS_PLACE),
                name="one_current_relationship_per_mentee",
            ),
            models.CheckConstraint(
                condition=~Q(
                    status__in=[
                        RelationshipStatus.ACTIVE,
                        RelationshipStatus.PAUSED,
                        RelationshipStatus.COMPLETED,
                        RelationshipStatus.ENDED_EARLY,
                    ]
                )
                | (
                    Q(started_on__isnull=False)
                    & Q(mentee_agreed_at__isnull=False)
                    & Q(mentor_agreed_at__isnull=False)
                ),
                name="relationship_started_after_both_agreed",
            ),
            models.CheckConstraint(
                condition=~Q(status=RelationshipStatus.ENDED_EARLY) | ~Q(end_reason=""),
                name="relationship_ended_early_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status=RelationshipStatus.PAUSED) | ~Q(pause_reason=""),
                name="relationship_paused_has_reason",
            ),
            models.CheckConstraint(
                condition=Q(planned_sessions__gte=1)
                & Q(planned_interval_days__gte=1)
                & Q(planned_length_weeks__gte=1)
                & Q(review_after_session__gte=1)
                & Q(review_after_session__lte=models.F("planned_sessions")),
                name="relationship_plan_is_sensible",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.mentor} and {self.mentee}"

    def get_absolute_url(self) -> str:
        return url_with_key("matching:relationship", self.pk)

    def formats_display(self) -> list[str]:
        return labels_for(self.formats, Format.choices)

    @property
    def planned_end_on(self) -> date | None:
        if self.started_on is None:
            return None
        return self.started_on + timedelta(weeks=self.planned_length_weeks)

    @property
    def review_due_on(self) -> date | None:
        """When the coordinator's review falls, if the sessions keep to the plan."""
        if self.started_on is None:
            return None
        return self.started_on + timedelta(
            days=self.planned_interval_days * (self.review_after_session - 1)
        )


class RelationshipEventQuerySet(VisibleThroughParentQuerySet):
    parent_field = "relationship"


class RelationshipEvent(StatusHistory):
    subject_field = "relationship"

    relationship = models.ForeignKey(Relationship, on_delete=models.CASCADE, related_name="events")

    objects = RelationshipEventQuerySet.as_manager()

    class Meta(StatusHistory.Meta):
        pass
