"""What every rule shares: the run's context (today, the programmes and their thresholds,
read once) and small helpers to put a per-programme threshold into one SQL expression.

A rule is one module with `RULE = Rule(...)`: its `find(context)` returns the relationships
that meet the condition now, each with what the page shows (`Match`), in a constant number
of queries however many relationships there are (set-based: annotations, Exists,
Subquery; never a query per row)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, time
from functools import cached_property
from typing import Any

from django.db import models
from django.db.models import Case, Value, When
from django.utils import timezone

from mentoring.matching.models import Relationship
from mentoring.training.models import TrainingSettings
from sessions_log.monitoring.models import MonitoringSettings, Severity


@dataclass(frozen=True)
class Match:
    programme_id: int
    details: dict[str, Any] = field(default_factory=dict)
    severity: str | None = None  # None: the rule's own


Matches = dict[int, Match]  # relationship id -> what the page shows


@dataclass
class Context:
    now: datetime
    programme_ids: list[int]

    @cached_property
    def today(self) -> date:
        return timezone.localdate(self.now)

    @cached_property
    def monitoring(self) -> dict[int, MonitoringSettings]:
        return MonitoringSettings.for_programmes(self.programme_ids)

    @cached_property
    def training(self) -> dict[int, TrainingSettings]:
        return TrainingSettings.for_programmes(self.programme_ids)

    def active(self) -> models.QuerySet[Relationship]:
        return Relationship.objects.filter(
            status=Relationship.Status.ACTIVE, programme_id__in=self.programme_ids
        )

    def per_programme(
        self,
        settings: dict[int, Any],
        value: Callable[[Any], Any],
        output_field: models.Field,  # type: ignore[type-arg]
    ) -> models.Expression:
        """The threshold of each relationship's programme as one SQL expression: a plain
        value when every programme has the same (the usual case), else a CASE over the
        groups of programmes that share one."""
        groups: dict[Any, list[int]] = defaultdict(list)
        for programme_id, row in settings.items():
            groups[value(row)].append(programme_id)
        if len(groups) <= 1:
            only = next(iter(groups), None)
            return Value(only, output_field=output_field)
        return Case(
            *[When(programme_id__in=ids, then=Value(v)) for v, ids in groups.items()],
            output_field=output_field,
        )


def start_of(day: date) -> datetime:
    """Midnight at the start of a local day, as an aware datetime."""
    return timezone.make_aware(datetime.combine(day, time.min))


@dataclass(frozen=True)
class Rule:
    name: str
    label: str  # the filter's words
    severity: Severity
    find: Callable[[Context], Matches]
    describe: Callable[[dict[str, Any]], str]  # the page's line, from the details only


class AddDays(models.Func):
    """A date plus a whole number of days, in SQL (PostgreSQL: date + integer)."""

    arg_joiner = " + "
    template = "(%(expressions)s)"
    output_field = models.DateField()

    def as_sqlite(self, compiler: Any, connection: Any, **extra: Any) -> Any:
        return self.as_sql(
            compiler,
            connection,
            template="date(%(expressions)s || ' days')",
            arg_joiner=", '+' || ",
            **extra,
        )
