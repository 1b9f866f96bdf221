"""Training: modules with a validity and an optional quiz, a record per completion with a
derived expiry, and the rule for which records count today. The programme's training
settings (how early to warn of expiry) live here too."""

from __future__ import annotations

from datetime import date
from typing import Self

from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Count, F, Max, Q
from django.utils import timezone

from accounts.models import Programme, User
from core.access import VisibleQuerySet, VisibleThroughParentQuerySet
from core.models import NOTES_LENGTH, ProgrammeSettings


class TrainingSettings(ProgrammeSettings):
    expiry_warning_days = models.PositiveSmallIntegerField(
        "warn before training or checks expire (days)",
        default=30,
        validators=[MaxValueValidator(365)],
    )

    class Meta:
        verbose_name = "training settings"
        verbose_name_plural = "training settings"


class TrainingModuleQuerySet(VisibleQuerySet):
    def visible_to_member(self, user: User) -> Self:
        """Coordinators see their programmes' modules; a mentor those of their programme."""
        if user.is_coordinator or user.is_mentor:
            return self.filter(programme__in=Programme.objects.visible_to(user))
        return self.none()


class TrainingModule(models.Model):
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="training_modules"
    )
    name = models.CharField(max_length=200)
    description = models.TextField(blank=True, max_length=NOTES_LENGTH)
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

    objects = TrainingModuleQuerySet.as_manager()

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


def passed_condition(prefix: str = "") -> Q:
    """No quiz, or a quiz score at or above the pass mark (as TrainingRecord.passed), for
    records reached through `prefix` ("" on TrainingRecord itself)."""
    return Q(**{f"{prefix}module__pass_mark__isnull": True}) | Q(
        **{f"{prefix}quiz_score__gte": F(f"{prefix}module__pass_mark")}
    )


def standing_aggregates(prefix: str = "", *, of: Q | None = None) -> dict[str, models.Aggregate]:
    """What a mentor's standing on a module depends on, as aggregates over their records of
    it (grouped by mentor and module, or grouped by mentor with `of` choosing the module's
    records): how many, how many passed, how many passed and never expire, and the latest
    expiry among those passed. services.Standing holds the result and its status() reads it
    (services.standing_words, in SQL); the same figures come from records in Python."""
    passed = passed_condition(prefix)
    never_expires = Q(**{f"{prefix}expires_on": None})
    if of is not None:
        passed = of & passed  # `of` first: most records fail it, and the rest is not tested
    return {
        "records": Count(f"{prefix}pk", filter=of),
        "passed": Count(f"{prefix}pk", filter=passed),
        "passed_for_good": Count(f"{prefix}pk", filter=passed & never_expires),
        "latest_expiry": Max(f"{prefix}expires_on", filter=passed),
    }


class TrainingRecordQuerySet(VisibleThroughParentQuerySet):
    """A record is visible when its mentor is."""

    parent_field = "mentor"

    def passed(self) -> Self:
        """No quiz, or a quiz score at or above the pass mark (as TrainingRecord.passed)."""
        return self.filter(passed_condition())

    def counting_on(self, *, today: date) -> Self:
        """Records that count today: passed and not expired (as TrainingRecord.counts_on)."""
        return self.passed().filter(Q(expires_on__isnull=True) | Q(expires_on__gte=today))


class TrainingRecord(models.Model):
    """One completion of a module by a mentor. The expiry is derived from the completion
    date and the module's validity, never typed (mentoring.training.services keeps it so)."""

    class Method(models.TextChoices):
        FACE_TO_FACE = "face_to_face", "Face to face"
        ONLINE = "online", "Online"
        BLENDED = "blended", "Blended (face to face and online)"

    mentor = models.ForeignKey(
        "recruitment.Mentor", on_delete=models.CASCADE, related_name="training_records"
    )
    module = models.ForeignKey(TrainingModule, on_delete=models.PROTECT, related_name="records")
    completed_on = models.DateField("date")
    delivered_by = models.CharField(max_length=200)
    method = models.CharField(max_length=12, choices=Method.choices)
    quiz_score = models.PositiveSmallIntegerField(
        "quiz score (%)", null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    notes = models.TextField(blank=True, max_length=NOTES_LENGTH)
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

    def counts_on(self, today: date) -> bool:
        return self.passed and (self.expires_on is None or self.expires_on >= today)
