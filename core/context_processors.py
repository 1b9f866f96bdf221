"""What every page's template may need from core."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from core.middleware import seconds_left


def session_timeout(request: HttpRequest) -> dict[str, Any]:
    """For signed-in people: when their sign-in ends, for the timeout warning in base.html."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    return {
        "session_timeout": {
            **seconds_left(request),
            "keep_alive_url": reverse("account_keep_alive"),
        }
    }
