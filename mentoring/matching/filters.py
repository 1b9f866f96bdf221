"""The coordinator's list of relationships: filter by status and site; search by name."""

from __future__ import annotations

from typing import Any

import django_filters
from django import forms
from django.db.models import Q, QuerySet

from accounts.models import Site, User
from core.search import name_has
from mentoring.matching.models import Relationship
from mentoring.mentees.models import Mentee
from mentoring.recruitment.models import Mentor

CURRENT = "current"


class RelationshipFilter(django_filters.FilterSet):
    status = django_filters.ChoiceFilter(
        label="Status",
        choices=[
            (CURRENT, "Active or paused"),
            *[(s.value, s.label) for s in Relationship.Status],
        ],
        empty_label="Every status",
        method="filter_status",
    )
    site = django_filters.ModelChoiceFilter(
        label="Referring site",
        field_name="referral__site",
        queryset=Site.objects.none(),
        empty_label="All sites",
    )
    q = django_filters.CharFilter(
        label="Mentee's or mentor's name", method="filter_search", widget=forms.TextInput()
    )

    class Meta:
        model = Relationship
        fields = ["status", "site", "q"]

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.filters["site"].queryset = Site.objects.visible_to(user)

    def filter_status(self, queryset: QuerySet[Relationship], name: str, value: str) -> QuerySet:
        if value == CURRENT:
            return queryset.filter(status__in=Relationship.CURRENT)
        return queryset.filter(status=value)

    def filter_search(self, queryset: QuerySet[Relationship], name: str, value: str) -> QuerySet:
        """Every word in the mentee's or the mentor's name. Each side is found on its own
        table (where a trigram index serves "contains"), then the pairs are picked by id:
        one OR across two joined tables would read every relationship."""
        condition = Q()
        for word in value.split():
            condition &= Q(mentee__in=Mentee.objects.filter(name_has(word)).values("pk")) | Q(
                mentor__in=Mentor.objects.filter(name_has(word)).values("pk")
            )
        return queryset.filter(condition)
