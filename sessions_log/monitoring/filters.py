"""The monitoring page's filters: by rule, referring site and mentor."""

from __future__ import annotations

from typing import Any

import django_filters

from accounts.models import Site, User
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
    mentor = django_filters.ModelChoiceFilter(
        label="Mentor",
        field_name="relationship__mentor",
        queryset=Mentor.objects.none(),
        empty_label="All mentors",
    )

    class Meta:
        model = Flag
        fields = ["rule", "severity", "site", "mentor"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["site"].queryset = Site.objects.visible_to(user)
        self.filters["mentor"].queryset = (
            Mentor.objects.visible_to(user)
            .filter(status__in=[Mentor.Status.ACTIVE, Mentor.Status.PAUSED])
            .order_by("first_name", "last_name")
        )
