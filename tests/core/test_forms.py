"""The shared date box: sensible bounds, refused beside the field in plain words."""

from datetime import date, timedelta

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import BoundedDateField, check_date, long_date


class Example(forms.Form):
    happened_on = BoundedDateField()
    due_on = BoundedDateField(required=False, days_ahead=30, earliest=date(2000, 1, 1))


def errors(**data):
    form = Example(data={"happened_on": "2020-06-01", **data})
    form.is_valid()
    return {name: " ".join(messages) for name, messages in form.errors.items()}


def test_a_date_between_1990_and_today_is_accepted():
    today = timezone.localdate()
    assert errors(happened_on="1990-01-01") == {}
    assert errors(happened_on=today.isoformat()) == {}


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("0001-01-01", "Enter a date on or after 1 January 1990."),
        ("1989-12-31", "Enter a date on or after 1 January 1990."),
        ("9999-12-31", "The date cannot be in the future."),
        ("2023-02-30", "Enter a valid date."),
        ("", "This field is required."),
    ],
)
def test_a_date_outside_the_bounds_is_refused_in_words(typed, message):
    assert errors(happened_on=typed) == {"happened_on": message}


def test_days_ahead_allows_that_many_days_after_today_and_no_more():
    today = timezone.localdate()
    assert errors(due_on=(today + timedelta(days=30)).isoformat()) == {}
    latest = long_date(today + timedelta(days=30))
    assert errors(due_on=(today + timedelta(days=31)).isoformat()) == {
        "due_on": f"Enter a date on or before {latest}."
    }
    assert errors(due_on="1999-12-31") == {"due_on": "Enter a date on or after 1 January 2000."}


def test_the_date_box_is_a_browser_date_input():
    assert 'type="date"' in str(Example()["happened_on"])


def test_check_date_uses_the_messages_it_is_given():
    with pytest.raises(ValidationError, match="Check the year of birth"):
        check_date(date(1850, 1, 1), earliest=date(1900, 1, 1), latest=date(2026, 1, 1),
                   too_early="Check the year of birth.")  # fmt: skip
    check_date(date(1900, 1, 1), earliest=date(1900, 1, 1), latest=date(1900, 1, 1))


def test_long_date_has_no_leading_zero():
    assert long_date(date(1990, 1, 1)) == "1 January 1990"
