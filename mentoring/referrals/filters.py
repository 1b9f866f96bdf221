"""The coordinator's referral inbox: filter by status, site and waiting time; search."""

from __future__ import annotations

import re
from typing import Any

import django_filters
from django import forms
from django.db.models import QuerySet
from django.utils import timezone

from accounts.models import Site, User
from core.search import name_has_every
from mentoring.referrals.models import Referral

OPEN = "open"


class ReferralInboxFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[
            (OPEN, "All open referrals"),
            *[(s.value, s.label) for s in Referral.Status if s != Referral.Status.DRAFT],
        ],
        empty_label="Everything",
        method="filter_status",
    )
    site = django_filters.ModelChoiceFilter(
        label="Site", queryset=Site.objects.none(), empty_label="All sites"
    )
    waiting = django_filters.ChoiceFilter(
        label="Waiting time",
        choices=[("overdue", "Waiting too long for first contact")],
        empty_label="Any",
        method="filter_waiting",
    )
    q = django_filters.CharFilter(
        label="Name or NHS/CHI number", method="filter_search", widget=forms.TextInput()
    )

    class Meta:
        model = Referral
        fields = ["status", "site", "waiting", "q"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["site"].queryset = Site.objects.visible_to(user)

    def filter_status(self, queryset: QuerySet[Referral], name: str, value: str) -> QuerySet:
        if value == OPEN:
            return queryset.open()  # type: ignore[attr-defined]
        return queryset.filter(status=value)

    def filter_waiting(self, queryset: QuerySet[Referral], name: str, value: str) -> QuerySet:
        return queryset.waiting_too_long(now=timezone.now())  # type: ignore[attr-defined]

    def filter_search(self, queryset: QuerySet[Referral], name: str, value: str) -> QuerySet:
        value = value.strip()
        digits = re.sub(r"[\s-]", "", value)
        if digits.isdigit():
            return queryset.filter(health_number__startswith=digits)
        return queryset.filter(name_has_every(value))
