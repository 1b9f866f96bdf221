""" "Waiting too long" is written twice: in SQL (ReferralQuerySet.waiting_too_long, for the
inbox and the dashboard) and in Python (Referral.is_waiting_too_long, for one referral's
page). For any referrals, limits and moment, the two must agree."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.db import transaction
from django.utils import timezone
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from accounts.models import Programme
from core.dates import add_working_days
from mentoring.referrals.models import Referral, ReferralSettings

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")  # settings.TIME_ZONE: the rule counts local dates
DEFAULT_LIMIT = ReferralSettings._meta.get_field("wait_working_days").get_default()

# Often just either side of midnight, where the date in UTC is another day.
times_of_day = st.one_of(
    st.sampled_from([time(0, 0), time(0, 30), time(23, 30), time(23, 59)]), st.times()
)
moments = st.builds(  # as a task (UTC) or a request (local time) would pass it
    datetime.combine,
    st.dates(min_value=date(2025, 1, 1), max_value=date(2028, 12, 31)),
    times_of_day,
    tzinfo=st.sampled_from([LONDON, UTC]),
)
# When it was sent: never, some days before now, or within two days of its programme's
# limit, where the rule can go wrong.
near_the_limit = st.tuples(st.just("from the limit"), st.sampled_from(range(-2, 3)))
sent = st.one_of(
    st.none(), st.tuples(st.just("days ago"), st.sampled_from(range(10))), near_the_limit
)
referral_rows = st.lists(
    st.tuples(
        st.sampled_from([0, 1]),  # which programme
        st.one_of(st.just(Referral.Status.SUBMITTED), st.sampled_from(Referral.Status.values)),
        st.one_of(sent, near_the_limit),
        times_of_day,
    ),
    min_size=1,
    max_size=8,
)
limits = st.sampled_from([None, None, 1, 2, 3])  # None: no settings row, the default applies


def sent_on(when, *, today: date, limit: int) -> date | None:
    if when is None:
        return None
    kind, days = when
    if kind == "days ago":
        return today - timedelta(days=days)
    return add_working_days(today, -limit) + timedelta(days=days)


def make_referral(*, programme, by, status, submitted_at):
    if submitted_at is None and status not in (Referral.Status.DRAFT, Referral.Status.CLOSED):
        status = Referral.Status.DRAFT  # the database requires a date once sent
    return Referral.objects.create(
        programme=programme,
        referred_by=by,
        first_name="Agnes",
        last_name="Testperson",
        date_of_birth=date(1950, 4, 12),
        health_number="9434765919",
        phone="+447700900123",
        postcode="EH3 9DR",
        discharge_date=date(2025, 1, 1),
        pain_duration_weeks=26,
        consent_to_contact=True,
        status=status,
        close_reason="declined" if status == Referral.Status.CLOSED else "",
        submitted_at=submitted_at,
    )


@given(now=moments, rows=referral_rows, programme_limits=st.tuples(limits, limits))
@settings(
    max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
def test_the_query_and_the_property_agree_on_who_is_waiting_too_long(
    physiotherapist, now, rows, programme_limits
):
    with transaction.atomic():
        programmes = [Programme.objects.create(name=f"P{i}", region="R") for i in range(2)]
        for programme, limit in zip(programmes, programme_limits, strict=True):
            if limit is not None:
                ReferralSettings.objects.create(programme=programme, wait_working_days=limit)
        for which, status, when, at in rows:
            limit = programme_limits[which] or DEFAULT_LIMIT
            day = sent_on(when, today=timezone.localdate(now), limit=limit)
            make_referral(
                programme=programmes[which],
                by=physiotherapist,
                status=status,
                submitted_at=day and datetime.combine(day, at, tzinfo=LONDON),
            )
        everyone = Referral.objects.filter(programme__in=programmes)

        by_query = set(everyone.waiting_too_long(now=now).values_list("pk", flat=True))
        by_property = {
            referral.pk
            for referral in everyone.select_related("programme__referrals_settings")
            if referral.is_waiting_too_long(now)
        }

        assert by_query == by_property
        transaction.set_rollback(True)
