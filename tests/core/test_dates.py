from datetime import date

from hypothesis import assume, given
from hypothesis import strategies as st

from core.dates import add_working_days, age_on, working_days_between

days = st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31))


def test_five_working_days_after_a_friday_is_the_next_friday():
    assert add_working_days(date(2026, 11, 27), 5) == date(2026, 12, 4)


def test_one_working_day_after_a_saturday_is_monday():
    assert add_working_days(date(2026, 11, 28), 1) == date(2026, 11, 30)


@given(days, st.integers(min_value=0, max_value=400))
def test_adding_working_days_lands_on_a_weekday_and_counts_back_the_same(start, n):
    end = add_working_days(start, n)
    if n:
        assert end.weekday() < 5
    assert working_days_between(start, end) == n


@given(days, st.integers(min_value=0, max_value=400))
def test_going_back_undoes_going_forward_from_a_weekday(start, n):
    if start.weekday() < 5:
        assert add_working_days(add_working_days(start, n), -n) == start


@given(days, days)
def test_working_days_never_exceed_calendar_days(a, b):
    assert 0 <= working_days_between(a, b) <= max((b - a).days, 0)


def anniversary(born: date, years: int) -> date:
    """A 29 February birthday falls on 1 March in other years."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2000, 12, 31)), days)
def test_age_is_the_number_of_birthdays_passed(born, day):
    assume(day >= born)
    age = age_on(born, day)
    assert anniversary(born, age) <= day < anniversary(born, age + 1)


def test_age_on_the_day_before_and_of_a_birthday():
    born = date(1950, 6, 15)
    assert age_on(born, date(2026, 6, 14)) == 75
    assert age_on(born, date(2026, 6, 15)) == 76
