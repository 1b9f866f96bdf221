from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The home page of each role, navigation, the health check and error pages. It only
    reads from the other apps, and nothing imports it."""

    name = "dashboard"
    verbose_name = "Dashboard"
