"""The shared date box: sensible bounds, refused beside the field in plain words."""

from datetime import date, timedelta

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.forms import BoundedDateField, check_date, long_date
from tests.support.dates import in_boxes


class Example(forms.Form):
    happened_on = BoundedDateField()
    due_on = BoundedDateField(required=False, days_ahead=30, earliest=date(2000, 1, 1))


def errors(**data):
    form = Example(data=in_boxes({"happened_on": "2020-06-01", **data}, "happened_on", "due_on"))
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
        ("2023-02-30", "Enter a real date"),
        ("", "Enter the date"),
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


def test_the_date_is_three_boxes_not_a_browser_date_picker():
    html = str(Example()["happened_on"])
    assert 'type="date"' not in html
    for i, label in enumerate(("Day", "Month", "Year")):
        assert f'name="happened_on_{i}"' in html
        assert f'for="id_happened_on_{i}">{label}</label>' in html
    assert html.count('inputmode="numeric"') == 3


def test_a_stored_date_comes_back_in_its_three_boxes():
    html = str(Example(initial={"happened_on": date(2024, 3, 7)})["happened_on"])
    assert 'name="happened_on_0" value="7"' in html
    assert 'name="happened_on_1" value="3"' in html
    assert 'name="happened_on_2" value="2024"' in html


def test_the_hint_gives_an_example():
    assert Example().fields["happened_on"].help_text.startswith("For example, 27 3 ")


@pytest.mark.parametrize(
    ("boxes", "message", "box"),
    [
        (("", "3", "2024"), "Date must include a day", 0),
        (("7", "", "2024"), "Date must include a month", 1),
        (("7", "3", ""), "Date must include a year", 2),
        (("", "", "2024"), "Date must include a day and month", 0),
        (("31", "2", "2024"), "Enter a real date", 0),
        (("7", "13", "2024"), "Enter a real date", 1),
        (("7", "March", "2024"), "Enter a real date", 1),
        (("7", "3", "24"), "Enter the year as 4 numbers", 2),
    ],
)
def test_a_wrong_or_partial_date_names_the_box_with_the_problem(boxes, message, box):
    data = {"happened_on_0": boxes[0], "happened_on_1": boxes[1], "happened_on_2": boxes[2]}
    form = Example(data=data)
    assert not form.is_valid()
    assert " ".join(form.errors["happened_on"]).startswith(message)
    sub = form.fields["happened_on"].fields
    assert [bool(f.widget.errors) for f in sub].index(True) == box


def test_check_date_uses_the_messages_it_is_given():
    with pytest.raises(ValidationError, match="Check the year of birth"):
        check_date(date(1850, 1, 1), earliest=date(1900, 1, 1), latest=date(2026, 1, 1),
                   too_early="Check the year of birth.")  # fmt: skip
    check_date(date(1900, 1, 1), earliest=date(1900, 1, 1), latest=date(1900, 1, 1))


def test_long_date_has_no_leading_zero():
    assert long_date(date(1990, 1, 1)) == "1 January 1990"
