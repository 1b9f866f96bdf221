"""Abstract bases shared by the apps, and the worker heartbeat."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any, Self

from django.conf import settings
from django.db import models
from django.utils import timezone

# How much a person may type into a free-text box (the form says so beside the field):
# an address, a reason or short note, and longer notes or plans.
ADDRESS_LENGTH = 500
REASON_LENGTH = 1_000
NOTES_LENGTH = 2_000


class ProgrammeSettings(models.Model):
    """One row of a feature's settings per programme, kept with the feature.

    Each feature (eligibility with referrals, plan defaults with matching, thresholds with
    monitoring...) subclasses this; the defaults on its fields are DESIGN.md's. A programme
    without a row uses the defaults, so reading settings never writes.
    """

    programme = models.OneToOneField(
        "accounts.Programme", on_delete=models.CASCADE, related_name="%(app_label)s_settings"
    )

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return f"{self._meta.verbose_name} of {self.programme}"

    @classmethod
    def accessor(cls) -> str:
        return f"{cls._meta.app_label}_settings"

    @classmethod
    def for_programme(cls, programme: Any) -> Self:
        """The programme's row, or an unsaved one holding the defaults."""
        try:
            return getattr(programme, cls.accessor())
        except cls.DoesNotExist:  # type: ignore[attr-defined]
            return cls(programme=programme)

    @classmethod
    def for_programmes(cls, programme_ids: list[int]) -> dict[int, Self]:
        """Settings for several programmes in one query, defaults where there is no row."""
        found = {
            row.programme_id: row
            for row in cls._default_manager.filter(  # type: ignore[attr-defined]
                programme_id__in=programme_ids
            )
        }
        return {pk: found.get(pk) or cls(programme_id=pk) for pk in programme_ids}


class StatusHistory(models.Model):
    """One step of a record's lifecycle: who moved it, when, from what to what, and why.
    Written only by `core.lifecycle`. Concrete subclasses add the foreign key named by
    `subject_field`."""

    subject_field = ""

    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    at = models.DateTimeField(default=timezone.now)
    note = models.TextField(blank=True, max_length=REASON_LENGTH)

    class Meta:
        abstract = True
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.from_status or 'new'} -> {self.to_status}"


class Heartbeat(models.Model):
    """When a background process last proved it was alive (the worker, via beat)."""

    name = models.CharField(max_length=50, unique=True)
    last_seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_seen_at:%Y-%m-%d %H:%M}"

    def is_stale(self, *, now: datetime, after: timedelta) -> bool:
        return now - self.last_seen_at > after
