from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The role-aware home pages, health check and error pages. Uses every other app."""

    name = "dashboard"
    verbose_name = "Dashboards"
