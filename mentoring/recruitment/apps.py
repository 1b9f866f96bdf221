from django.apps import AppConfig


class RecruitmentConfig(AppConfig):
    """Volunteer mentors: application, screening, status, invitations, matchable()."""

    name = "mentoring.recruitment"
    label = "recruitment"
    verbose_name = "Recruitment and screening"

    def ready(self) -> None:
        from mentoring.recruitment import messages  # noqa: F401  (registers message kinds)
