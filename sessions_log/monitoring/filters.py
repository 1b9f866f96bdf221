"""The monitoring page's filters: by rule, how soon, referring site and mentor's name."""

from __future__ import annotations

from typing import Any

import django_filters

from accounts.models import Site, User
from core.search import name_has_every
from mentoring.recruitment.models import Mentor
from sessions_log.monitoring.models import Flag, Severity
from sessions_log.monitoring.rules import RULES


class FlagFilter(django_filters.FilterSet):
    rule = django_filters.ChoiceFilter(
        label="Why",
        choices=[(rule.name, rule.label) for rule in RULES.values()],
        empty_label="Every reason",
    )
    severity = django_filters.ChoiceFilter(
        label="How soon", choices=Severity.choices, empty_label="Any"
    )
    site = django_filters.ModelChoiceFilter(
        label="Referring site",
        field_name="relationship__referral__site",
        queryset=Site.objects.none(),
        empty_label="All sites",
    )
    # A name to type, not a list to choose from: a national programme has thousands of
    # mentors, too many for a drop-down to be usable (or quick to send).
    mentor = django_filters.CharFilter(label="Mentor's name", method="mentor_named", max_length=100)

    class Meta:
        model = Flag
        fields = ["rule", "severity", "site", "mentor"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["site"].queryset = Site.objects.visible_to(user)
        self.user = user

    def mentor_named(self, queryset: Any, name: str, value: str) -> Any:
        mentors = Mentor.objects.visible_to(self.user).filter(name_has_every(value, limit=4))
        return queryset.filter(relationship__mentor__in=mentors.values("pk"))
