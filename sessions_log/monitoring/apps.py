from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Monitoring flags on relationships. Today: the thresholds (a programme setting)."""

    name = "sessions_log.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"
