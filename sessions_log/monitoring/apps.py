from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    """Flags on relationships that need a coordinator's eye (one module per rule under
    rules/), the nightly run that opens and closes them, and mentees' feedback."""

    name = "sessions_log.monitoring"
    label = "monitoring"
    verbose_name = "Monitoring"

    def ready(self) -> None:
        from sessions_log.logs.hooks import on_concern_changed
        from sessions_log.monitoring import messages  # noqa: F401  (registers the message kind)
        from sessions_log.monitoring.services import digest_lines, flag_concern_at_once
        from sessions_log.reminders import digest

        on_concern_changed(flag_concern_at_once)
        digest.register(digest_lines)
