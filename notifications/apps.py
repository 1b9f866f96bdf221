from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = "Messages"

    def ready(self) -> None:
        from notifications import allauth  # noqa: F401  (registers allauth's message kinds)
