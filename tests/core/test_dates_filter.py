"""`short_date` writes what Django's `date:"j M Y"` writes, for dates, aware and naive
dates and times, and nothing."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from django.template import Context, Template
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

DJANGO = Template('{{ when|date:"j M Y" }}')
OURS = Template("{% load dates %}{{ when|short_date }}")


def django_date(when, _format):
    return DJANGO.render(Context({"when": when}))


def short_date(when):
    return OURS.render(Context({"when": when}))


DAYS = st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31))
MOMENTS = st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2090, 12, 31))


@given(DAYS)
def test_a_date(day):
    assert short_date(day) == django_date(day, "j M Y")


@given(MOMENTS)
def test_an_aware_moment_in_the_local_time_zone(moment):
    aware = moment.replace(tzinfo=UTC)
    assert short_date(aware) == django_date(aware, "j M Y")


@given(MOMENTS)
def test_a_naive_moment(moment):
    assert short_date(moment) == django_date(moment, "j M Y")


def test_around_midnight_in_summer_time():
    late = datetime(2026, 6, 30, 23, 30, tzinfo=UTC)  # 00:30 on 1 July in London
    assert short_date(late) == django_date(late, "j M Y") == "1 Jul 2026"
    assert short_date(timezone.now() - timedelta(days=1)) == django_date(
        timezone.now() - timedelta(days=1), "j M Y"
    )


def test_nothing_is_nothing():
    assert short_date(None) == django_date(None, "j M Y") == ""
    assert short_date("") == django_date("", "j M Y") == ""
