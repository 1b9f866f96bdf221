from datetime import datetime, timedelta

from django.db import models


class Heartbeat(models.Model):
    """When a background process last proved it was alive (the worker, via beat)."""

    name = models.CharField(max_length=50, unique=True)
    last_seen_at = models.DateTimeField()

    def __str__(self) -> str:
        return f"{self.name} at {self.last_seen_at:%Y-%m-%d %H:%M}"

    def is_stale(self, *, now: datetime, after: timedelta) -> bool:
        return now - self.last_seen_at > after
