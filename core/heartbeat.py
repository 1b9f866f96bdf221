"""The worker heartbeat: beat asks a worker to note the time every minute; the
dashboards say "Stopped" when it goes quiet."""

from datetime import datetime

from core.models import Heartbeat

WORKER = "worker"


def record_heartbeat(*, now: datetime, name: str = WORKER) -> Heartbeat:
    """Note that `name` is alive. Running it twice just moves the time on."""
    heartbeat, _ = Heartbeat.objects.update_or_create(name=name, defaults={"last_seen_at": now})
    return heartbeat
