"""Form pieces every app uses."""

from datetime import date, timedelta
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.validators import format_uk_phone

# Nothing the programme records (training, interviews, references, checks, consent)
# happened before this; an earlier date is a typing slip, such as 0001 for 2001.
EARLIEST_DATE = date(1990, 1, 1)


class PhoneField(forms.CharField):
    """A phone number box that shows a stored number the way people write it
    ("+447700900123" appears as "07700 900123"). Wider than the stored E.164 form, because
    people type spaces, brackets and hyphens; the form's clean_* method normalises it."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 30)
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        if isinstance(value, str) and value.startswith("+"):
            try:
                return format_uk_phone(value)
            except ValidationError:
                return value
        return value


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(format="%Y-%m-%d", **kwargs)


def long_date(day: date) -> str:
    """'1 January 1990': how dates are written in messages."""
    return f"{day.day} {day:%B %Y}"


def check_date(
    value: date,
    *,
    earliest: date = EARLIEST_DATE,
    latest: date,
    too_early: str = "",
    too_late: str = "",
) -> None:
    """Refuse, in words, a date before `earliest` or after `latest` (both allowed)."""
    if value < earliest:
        raise ValidationError(
            too_early or f"Enter a date on or after {long_date(earliest)}.", code="too_early"
        )
    if value > latest:
        raise ValidationError(
            too_late or f"Enter a date on or before {long_date(latest)}.", code="too_late"
        )


class BoundedDateField(forms.DateField):
    """A date box that refuses, beside the field, a date before `earliest` (1 January 1990
    unless given) or more than `days_ahead` days after today (0, the default: a date that
    has not happened yet). `too_late` replaces the message for a date that is too late."""

    widget = DateInput

    def __init__(
        self,
        *,
        earliest: date = EARLIEST_DATE,
        days_ahead: int = 0,
        too_early: str = "",
        too_late: str = "",
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.earliest = earliest
        self.days_ahead = days_ahead
        self.too_early = too_early
        self.too_late = too_late or ("The date cannot be in the future." if not days_ahead else "")

    def validate(self, value: date | None) -> None:
        super().validate(value)
        if value is not None:
            check_date(
                value,
                earliest=self.earliest,
                latest=timezone.localdate() + timedelta(days=self.days_ahead),
                too_early=self.too_early,
                too_late=self.too_late,
            )
