from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register(deploy=True)
def secret_key_is_not_the_development_one(app_configs: Any, **kwargs: Any) -> list[Error]:
    """`manage.py check --deploy` fails while the development secret key is in use."""
    if settings.SECRET_KEY == settings.INSECURE_DEV_SECRET_KEY:
        return [
            Error(
                "DJANGO_SECRET_KEY is not set: the development key is in use.",
                hint="Set DJANGO_SECRET_KEY to a long random value.",
                id="accounts.E001",
            )
        ]
    return []
