from django.apps import AppConfig


class CoreConfig(AppConfig):
    """Shared pieces; its only models are abstract bases and the worker heartbeat."""

    name = "core"
    verbose_name = "Core"
