from django.apps import AppConfig


class MenteesConfig(AppConfig):
    """Mentees: the people a consented referral brings to the programme, their preferences,
    communication needs and how they want to be reached."""

    name = "mentoring.mentees"
    label = "mentees"
    verbose_name = "Mentees"

    def ready(self) -> None:
        from mentoring.mentees import messages  # noqa: F401  (registers message kinds)
