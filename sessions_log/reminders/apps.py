from django.apps import AppConfig


class RemindersConfig(AppConfig):
    """Reminders before contacts, nudges to log them, the coordinators' daily digest; the
    letters to print and the call list for people reached by post or phone."""

    name = "sessions_log.reminders"
    label = "reminders"
    verbose_name = "Reminders"

    def ready(self) -> None:
        from sessions_log.reminders import messages  # noqa: F401  (registers message kinds)
