"""Navigation for the base layout, from the capabilities table."""

from typing import Any

from django.http import HttpRequest
from django.urls import reverse

from accounts.capabilities import ROLE_CAPABILITIES, Capability, capabilities_of
from accounts.models import Role

# (label, url name, capability that shows it), in the order people see them.
NAVIGATION: list[tuple[str, str, Capability]] = [
    ("Referral inbox", "referrals:inbox", Capability.TRIAGE_REFERRALS),
    ("Refer a patient", "referrals:new", Capability.FOLLOW_OWN_REFERRALS),
    ("My referrals", "referrals:mine", Capability.FOLLOW_OWN_REFERRALS),
    ("Mentors", "recruitment:mentor_list", Capability.MANAGE_MENTORS),
    ("Waiting list", "mentees:waiting", Capability.MANAGE_MENTEES),
    ("Training", "training:training_matrix", Capability.MANAGE_TRAINING),
    ("Relationships", "matching:relationships", Capability.MATCH),
    ("Monitoring", "monitoring:flags", Capability.MONITOR),
    ("Concerns", "logs:concerns", Capability.SEE_CONCERNS),
    ("My mentees", "matching:my_mentees", Capability.SEE_OWN_MENTEES),
    ("My profile", "recruitment:my_profile", Capability.KEEP_OWN_MENTOR_PROFILE),
    ("My training", "training:my_training", Capability.KEEP_OWN_MENTOR_PROFILE),
]


# Pages a role reaches from another page rather than the menu, so the menu stays on one line:
# coordinators find concerns first on their home and beside their flags on Monitoring.
FOLDED = {"logs:concerns": Capability.MONITOR}


def _folded(name: str, granted: frozenset[Capability]) -> bool:
    return FOLDED.get(name) in granted


def _items_for(user: Any) -> list[tuple[str, str]]:
    # Administrators may open everything, but their menu is a coordinator's.
    role = Role.COORDINATOR if user.is_superuser else user.role
    granted = capabilities_of(user) & ROLE_CAPABILITIES.get(role, frozenset())
    items = [("Home", reverse("home"))]
    seen: set[str] = set()
    for label, name, capability in NAVIGATION:
        url = reverse(name)
        if capability in granted and url not in seen and not _folded(name, granted):
            items.append((label, url))
            seen.add(url)
    return items  # an administrator's way to the Django admin is on their home page


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
