from django.apps import AppConfig


class MatchingConfig(AppConfig):
    """Matching mentees with mentors and the relationships that follow. Today: the plan
    every new relationship starts with (a programme setting)."""

    name = "mentoring.matching"
    label = "matching"
    verbose_name = "Matching and relationships"

    def ready(self) -> None:
        from mentoring.matching import messages  # noqa: F401  (registers message kinds)
