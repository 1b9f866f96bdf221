from django.apps import AppConfig


class MentoringConfig(AppConfig):
    """Referrals, mentors, training, matching and relationships (later issues)."""

    name = "mentoring"
    verbose_name = "Mentoring"
