"""Form pieces every app uses."""

import copy
import re
from datetime import date, timedelta
from typing import Any, cast

from crispy_forms_gds.widgets import DateInputWidget
from django import forms
from django.core import validators
from django.core.exceptions import ValidationError
from django.forms.utils import pretty_name
from django.utils import timezone, translation

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


class DayMonthYearWidget(DateInputWidget):
    """The GOV.UK date input: three boxes labelled Day, Month and Year that bring up the
    number keypad on phones (names <name>_0, <name>_1, <name>_2)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for widget in self.widgets:
            widget.attrs["inputmode"] = "numeric"

    def decompress(self, value: Any) -> tuple[Any, Any, Any]:
        if isinstance(value, str) and value:
            try:
                value = date.fromisoformat(value)
            except ValueError:
                return None, None, None
        if isinstance(value, date):
            return value.day, value.month, value.year
        return None, None, None


_PARTS = ("day", "month", "year")
_DIGITS = re.compile(r"[0-9]+")
REAL_DATE_MESSAGE = "Enter a real date"


class DayMonthYearField(forms.MultiValueField):
    """A date typed into three boxes (day, month, year) with an example in the hint.
    Each problem names what is wrong ("Date of birth must include a month", "Enter a real
    date") and is tied to the box that has it, so the error summary links there."""

    widget = DayMonthYearWidget

    def __init__(self, *, example: str = "", **kwargs: Any) -> None:
        self.example = example or f"27 3 {timezone.localdate().year}"
        if not kwargs.get("help_text"):
            kwargs["help_text"] = f"For example, {self.example}"
        fields = (
            forms.CharField(label="Day", required=False),
            forms.CharField(label="Month", required=False),
            forms.CharField(label="Year", required=False),
        )
        super().__init__(fields=fields, require_all_fields=False, **kwargs)

    def _name(self) -> str:
        name = _plain_label(str(self.label or "Date")) or "Date"
        return name[:1].upper() + name[1:]

    def _message(self, key: str) -> str:
        """The field's message for `key`, or a plain one where Django's generic one is set."""
        message = str(self.error_messages[key])
        if message == django_default_messages(self).get(key):
            return plain_messages(self, str(self.label or "Date"))[key]
        return message

    def _problem(self, message: str, boxes: list[int], code: str) -> ValidationError:
        for index in boxes:
            self.fields[index].widget.errors = [message]  # type: ignore[attr-defined]
        return ValidationError(message, code=code)

    def clean(self, value: Any) -> date | None:
        for field in self.fields:
            field.widget.errors = []  # type: ignore[attr-defined]
        if self.disabled and not isinstance(value, list | tuple):
            value = cast(DayMonthYearWidget, self.widget).decompress(value)
        if not isinstance(value, list | tuple):
            value = []
        parts = [str(v).strip() if v is not None else "" for v in [*value, "", "", ""][:3]]
        if not any(parts):
            if self.required:
                raise ValidationError(self._message("required"), code="required")
            return None
        missing = [i for i, part in enumerate(parts) if not part]
        if missing:
            what = " and ".join(_PARTS[i] for i in missing)
            raise self._problem(f"{self._name()} must include a {what}", missing, "incomplete")
        real = self._message("invalid")
        wrong = [i for i, part in enumerate(parts) if not _DIGITS.fullmatch(part)]
        if wrong:
            raise self._problem(real, wrong, "invalid")
        day, month, year = (int(part) for part in parts)
        if len(parts[2]) != 4:
            example_year = self.example.split()[-1]
            raise self._problem(
                f"Enter the year as 4 numbers, like {example_year}", [2], "invalid_year"
            )
        if not 1 <= month <= 12:
            raise self._problem(real, [1], "invalid")
        try:
            out = date(year, month, day)
        except ValueError:
            raise self._problem(real, [0], "invalid") from None
        self.validate(out)
        self.run_validators(out)
        return out

    def compress(self, data_list: Any) -> date | None:  # pragma: no cover - clean() builds it
        day, month, year = data_list
        return date(int(year), int(month), int(day)) if day and month and year else None


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


class DateOfBirthField(DayMonthYearField):
    """A date of birth in three boxes, with an example an older adult's birthday."""

    def __init__(self, *, example: str = "27 3 1948", **kwargs: Any) -> None:
        super().__init__(example=example, **kwargs)


class BoundedDateField(DayMonthYearField):
    """A day/month/year date that refuses, beside the field, a date before `earliest`
    (1 January 1990 unless given) or more than `days_ahead` days after today (0, the
    default: a date that has not happened yet). `too_late` replaces the message for a
    date that is too late."""

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

    def validate(self, value: Any) -> None:
        super().validate(value)
        if value is not None:
            check_date(
                value,
                earliest=self.earliest,
                latest=timezone.localdate() + timedelta(days=self.days_ahead),
                too_early=self.too_early,
                too_late=self.too_late,
            )


# --- Error messages that say what to do ---------------------------------------------------

EMAIL_MESSAGE = "Enter an email address in the correct format, like name@example.com"
DATE_MESSAGE = "Enter the date as day, month and year, like 27 3 2026"
NUMBER_MESSAGE = "Enter a whole number, like 12"
CHOICE_MESSAGE = "Choose one of the options shown"
HIDDEN_MESSAGE = "Something went wrong with this form. Reload the page and try again."


def django_default_messages(field: forms.Field) -> dict[str, str]:
    """The messages Django (or allauth) gives this kind of field when nobody chose better."""
    key = (type(field), translation.get_language())
    if key not in _DEFAULT_MESSAGES:  # read once per kind of field: every form asks
        messages: dict[str, str] = {}
        for cls in reversed(type(field).__mro__):
            defaults = getattr(cls, "default_error_messages", {})
            messages.update({k: str(v) for k, v in defaults.items()})
        _DEFAULT_MESSAGES[key] = messages
    return _DEFAULT_MESSAGES[key]


_DEFAULT_MESSAGES: dict[tuple[type, str | None], dict[str, str]] = {}


def _lower_first(label: str) -> str:
    """'Phone number' -> 'phone number'; 'NHS or CHI number' stays as it is."""
    if len(label) > 1 and label[1].isupper():
        return label
    return label[:1].lower() + label[1:]


def _plain_label(label: str) -> str:
    return label.replace("(optional)", "").strip().rstrip(":").strip()


def plain_messages(field: forms.Field, label: str) -> dict[str, str]:
    """Messages built from the field's label and kind: 'Enter phone number', 'Choose ...'."""
    name = _plain_label(label)
    lower = _lower_first(name)
    question = name.endswith("?")
    if isinstance(field.widget, forms.HiddenInput):
        return {"required": HIDDEN_MESSAGE, "invalid": HIDDEN_MESSAGE,
                "invalid_choice": HIDDEN_MESSAGE}  # fmt: skip
    if isinstance(field, forms.BooleanField | forms.NullBooleanField):
        if isinstance(field.widget, forms.CheckboxInput):
            return {"required": f"Tick the box to confirm: {name}"}
        return {"required": f"Answer the question: {name}" if question else f"Choose {lower}"}
    if isinstance(field, forms.MultipleChoiceField | forms.ModelMultipleChoiceField):
        return {
            "required": f"Choose at least one: {name}" if question else f"Choose {lower}",
            "invalid_choice": CHOICE_MESSAGE,
            "invalid_pk_value": CHOICE_MESSAGE,
            "invalid_list": CHOICE_MESSAGE,
        }
    if isinstance(field, forms.ChoiceField | forms.ModelChoiceField):
        return {
            "required": f"Answer the question: {name}" if question else f"Choose {lower}",
            "invalid_choice": CHOICE_MESSAGE,
        }
    if isinstance(field, forms.DateField | DayMonthYearField):
        the = "" if lower.split(" ")[0] in {"the", "your", "their", "a", "an"} else "the "
        invalid = REAL_DATE_MESSAGE if isinstance(field, DayMonthYearField) else DATE_MESSAGE
        return {"required": f"Enter {the}{lower}", "invalid": invalid}
    if isinstance(field, forms.IntegerField):
        return {
            "required": f"Answer the question: {name}" if question else f"Enter {lower}",
            "invalid": NUMBER_MESSAGE,
            "min_value": "Enter a number of %(limit_value)s or more",
            "max_value": "Enter a number of %(limit_value)s or less",
        }
    if isinstance(field, forms.EmailField):
        return {
            "required": f"Enter {lower}" if "email" in lower else "Enter an email address",
            "invalid": EMAIL_MESSAGE,
        }
    return {"required": f"Answer the question: {name}" if question else f"Enter {lower}"}


PLAIN_VALIDATOR_MESSAGES: dict[type[validators.BaseValidator | validators.EmailValidator], str] = {
    validators.EmailValidator: EMAIL_MESSAGE,
    validators.MinValueValidator: "Enter a number of %(limit_value)s or more",
    validators.MaxValueValidator: "Enter a number of %(limit_value)s or less",
    validators.MaxLengthValidator: (
        "Enter %(limit_value)d characters or fewer (you entered %(show_value)d)"
    ),
}


def _plain_validators(field: forms.Field) -> None:
    """Validators Django adds itself (email format, smallest and largest number, longest
    answer) carry their messages; copies of them say what to do instead."""
    plain: list[Any] = []
    for validator in field.validators:
        kind: Any = type(validator)
        message = PLAIN_VALIDATOR_MESSAGES.get(kind)
        if message and str(getattr(validator, "message", "")) == str(kind.message):
            validator = copy.copy(validator)
            validator.message = message  # type: ignore[attr-defined]
        plain.append(validator)
    field.validators = plain


def use_plain_errors(form: forms.BaseForm, overrides: dict[str, str] | None = None) -> None:
    """Replace Django's generic messages ('This field is required.') on every field of
    `form` with plain ones. A message someone already chose for a field is kept; `overrides`
    gives a field's 'required' message outright."""
    overrides = overrides or {}
    for name, field in form.fields.items():
        if getattr(field, "_plain_errors_done", False):
            continue  # done when the form was made; only fields added since are new
        field._plain_errors_done = True  # type: ignore[attr-defined]
        defaults = django_default_messages(field)
        label = str(field.label) if field.label else pretty_name(name)
        for key, message in plain_messages(field, label).items():
            if key in field.error_messages and str(field.error_messages[key]) != defaults.get(key):
                continue  # someone chose this one: keep it
            if key in defaults or key in field.error_messages:
                field.error_messages[key] = message
        if name in overrides:
            field.error_messages["required"] = overrides[name]
        _plain_validators(field)


class PlainErrorsMixin:
    """Put first among a form's bases. Every field's messages say what to do, built from
    its label and kind; `plain_errors` gives a better 'required' message for a field.
    Fields added after __init__ are covered too: the messages are set again before
    validation."""

    plain_errors: dict[str, str] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        use_plain_errors(self, self.plain_errors)  # type: ignore[arg-type]

    def full_clean(self) -> None:
        use_plain_errors(self, self.plain_errors)  # type: ignore[arg-type]
        super().full_clean()  # type: ignore[misc]


def posted(request: Any) -> Any:
    """A form's data: what was sent with a POST, else None (an unbound form). Not
    `request.POST or None`: a form whose only field is a checkbox, sent unticked, posts
    nothing, and that would show the form again instead of saving "no"."""
    return request.POST if request.method == "POST" else None
