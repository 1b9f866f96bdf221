from django.apps import AppConfig


class SessionsLogConfig(AppConfig):
    """Session logs, concerns, reminders and monitoring flags (later issues)."""

    name = "sessions_log"
    verbose_name = "Session logs"
