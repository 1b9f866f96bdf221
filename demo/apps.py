from django.apps import AppConfig


class DemoConfig(AppConfig):
    """`manage.py load_demo`: invented people and records, built per area."""

    name = "demo"
    verbose_name = "Demo data"
