"""Navigation for the base layout, chosen by role."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [("Home", reverse("home"))]
    if user.is_superuser:
        items.append(("Administration", reverse("admin:index")))
    items.append(("Change password", reverse("account_change_password")))
    current = request.path
    return {
        "nav_items": [
            {"label": label, "url": url, "current": url == current} for label, url in items
        ]
    }
