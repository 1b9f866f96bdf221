from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    """Referrals from physiotherapists: lifecycle, eligibility, duplicates, the inbox."""

    name = "mentoring.referrals"
    label = "referrals"
    verbose_name = "Referrals"

    def ready(self) -> None:
        from mentoring.referrals import messages  # noqa: F401  (registers message kinds)
