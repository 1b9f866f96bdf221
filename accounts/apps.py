from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = "Accounts and programmes"

    def ready(self) -> None:
        from django.contrib.auth.signals import user_logged_in

        from accounts import checks  # noqa: F401  (registers system checks)
        from core.middleware import record_sign_in_time

        # Every way in (sign-in page, admin, tests' force_login) starts the absolute limit.
        user_logged_in.connect(record_sign_in_time, dispatch_uid="record_sign_in_time")
