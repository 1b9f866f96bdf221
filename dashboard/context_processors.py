"""Navigation for the base layout, chosen by role."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse


def _items_for(user: Any) -> list[tuple[str, str]]:
    items = [("Home", reverse("home"))]
    if user.is_coordinator or user.is_superuser:
        items += [
            ("Referral inbox", reverse("mentoring:referral_inbox")),
            ("Enter a paper referral", reverse("mentoring:referral_new")),
            ("Mentors", reverse("mentoring:mentor_list")),
            ("Training", reverse("mentoring:training_matrix")),
        ]
    if user.is_physiotherapist:
        items += [
            ("Refer a patient", reverse("mentoring:referral_new")),
            ("My referrals", reverse("mentoring:my_referrals")),
        ]
    if user.is_mentor:
        items += [
            ("My profile", reverse("mentoring:my_profile")),
            ("My training", reverse("mentoring:my_training")),
        ]
    if user.is_superuser:
        items.append(("Administration", reverse("admin:index")))
    items.append(("Change password", reverse("account_change_password")))
    return items


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    return {
        "nav_items": [
            {"label": label, "url": url, "current": url == request.path}
            for label, url in _items_for(user)
        ]
    }
