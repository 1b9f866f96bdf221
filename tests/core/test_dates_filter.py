"""`short_date` writes what Django's `date:"j M Y"` writes, and `time_since` what its
`timesince` writes, for dates, aware and naive dates and times, and nothing."""

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


SINCE_DJANGO = Template("{{ when|timesince:now }}")
SINCE_OURS = Template("{% load dates %}{{ when|time_since:now }}")


def since(when, now):
    ours = SINCE_OURS.render(Context({"when": when, "now": now}))
    assert ours == SINCE_DJANGO.render(Context({"when": when, "now": now}))
    return ours


# Spans from seconds to decades, so that every part and its singular and plural are met.
SPANS = st.one_of(
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=3)),
    st.timedeltas(min_value=timedelta(0), max_value=timedelta(days=800)),
    st.timedeltas(min_value=-timedelta(days=2), max_value=timedelta(days=20000)),
)


@given(MOMENTS, SPANS)
def test_time_since_an_aware_moment(moment, span):
    now = moment.replace(tzinfo=UTC)
    since(now - span, now)


@given(MOMENTS, SPANS)
def test_time_since_a_naive_moment(moment, span):
    since(moment - span, moment)


@given(DAYS, st.integers(min_value=-3, max_value=4000))
def test_time_since_a_date(day, days):
    since(day, day + timedelta(days=days))


def test_time_since_in_words():
    now = datetime(2026, 11, 27, 12, 0, tzinfo=UTC)
    assert since(now - timedelta(days=23, hours=5), now) == "3\xa0weeks, 2\xa0days"
    assert since(now - timedelta(days=1, minutes=1), now) == "1\xa0day"
    assert since(now - timedelta(hours=1, minutes=1), now) == "1\xa0hour, 1\xa0minute"
    assert since(datetime(2025, 10, 27, 12, 0, tzinfo=UTC), now) == "1\xa0year, 1\xa0month"
    assert since(now + timedelta(hours=2), now) == "0\xa0minutes"  # to come: nothing yet


def test_time_since_nothing_or_nonsense_is_nothing():
    now = timezone.now()
    assert since(None, now) == ""
    assert since("", now) == ""
    assert since(timezone.now(), datetime(2026, 1, 1)) == ""  # aware against naive
