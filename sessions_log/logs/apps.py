from django.apps import AppConfig


class LogsConfig(AppConfig):
    """Session logs: what a mentor records after each contact, the concerns it raises, the
    programme's session plan, and each relationship's story for coordinators."""

    name = "sessions_log.logs"
    label = "logs"
    verbose_name = "Session logs"

    def ready(self) -> None:
        from sessions_log.logs import messages  # noqa: F401  (registers the message kinds)
