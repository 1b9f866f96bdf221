"""The contact log form (phone-first: the questions a contact that did not happen does not
need are not asked), the concern's steps and the session plan. Validation only; the
services store."""

from __future__ import annotations

import re
import uuid
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.choices import Format
from core.forms import BoundedDateField, PlainErrorsMixin, long_date
from core.models import NOTES_LENGTH, REASON_LENGTH
from mentoring.matching.models import Relationship
from sessions_log.logs.models import (
    Barrier,
    ConcernKind,
    Outcome,
    SessionLog,
    SessionPlanStep,
    Topic,
)
from sessions_log.logs.services import HELD_ONLY, LOG_FIELDS

SCALE_CHOICES = [(str(n), str(n)) for n in range(11)]
# A contact is logged soon after it happens; a next contact is planned weeks ahead.
NEXT_CONTACT_DAYS_AHEAD = 180
# A phone's clock and the server's may differ a little.
CLOCK_SLACK = timedelta(minutes=15)

_TIME = re.compile(r"^(\d{1,2})(?:[:.h ]?(\d{2}))?\s*(am|pm|a\.m\.|p\.m\.)?$")
TIME_MESSAGE = "Enter the time like 14:30 or 2:30pm"


def parse_time(text: str) -> time:
    """'14:30', '14.30', '1430', '2:30pm', '2pm', '9' -> a time; anything else is refused
    in words."""
    match = _TIME.match(text.strip().lower().replace(" ", ""))
    if not match:
        raise ValidationError(TIME_MESSAGE, code="invalid")
    hours, minutes, half = int(match[1]), int(match[2] or 0), (match[3] or "").replace(".", "")
    if half:
        if not 1 <= hours <= 12:
            raise ValidationError(TIME_MESSAGE, code="invalid")
        hours = hours % 12 + (12 if half == "pm" else 0)
    if hours > 23 or minutes > 59:
        raise ValidationError(TIME_MESSAGE, code="invalid")
    return time(hours, minutes)


class TimeField(forms.Field):
    """A time typed the way people write it, in a short box."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", "For example, 14:30 or 2:30pm")
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={"class": "govuk-input--width-5", "autocomplete": "off", "maxlength": 12}
            ),
        )
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        return value.strftime("%H:%M") if isinstance(value, time) else value

    def to_python(self, value: Any) -> time | None:
        if isinstance(value, time):
            return value
        text = str(value or "").strip()
        return parse_time(text) if text else None


def _text(label: str, *, help_text: str = "", rows: int = 3) -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=NOTES_LENGTH, help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
    )  # fmt: skip


class SessionLogForm(PlainErrorsMixin, forms.Form):
    """One contact. `values()` gives what the services store."""

    plain_errors = {
        "occurred_on": "Enter the date of the contact",
        "occurred_time": "Enter the time of the contact, like 14:30",
        "outcome": "Say whether the contact went ahead",
        "format": "Say how you were in touch",
        "minutes": "Enter how long it was, in minutes, like 45",
        "concern": "Say whether you are worried about anything",
    }

    key = forms.UUIDField(widget=forms.HiddenInput)
    occurred_on = BoundedDateField(
        label="Date of the contact", too_late="The date cannot be in the future."
    )
    occurred_time = TimeField(label="Time")
    outcome = forms.ChoiceField(
        label="Did it go ahead?", choices=Outcome.choices, widget=forms.RadioSelect
    )
    format = forms.ChoiceField(
        label="How were you in touch, or how did you plan to be?",
        choices=Format.choices,
        widget=forms.RadioSelect,
    )
    minutes = forms.IntegerField(
        label="How long was it, in minutes?", required=False, min_value=1, max_value=600,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
    )  # fmt: skip
    topics = forms.MultipleChoiceField(
        label="What did you talk about?",
        help_text="Tick all that apply.",
        choices=Topic.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    pain = forms.ChoiceField(
        label="Their pain today",
        help_text="0 means no pain. 10 means the worst pain they can imagine.",
        choices=SCALE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    confidence = forms.ChoiceField(
        label="How sure they feel about managing their pain",
        help_text="0 means not at all sure. 10 means completely sure.",
        choices=SCALE_CHOICES,
        required=False,
        widget=forms.RadioSelect,
    )
    goal_progress = _text("How are they getting on with their goals?")
    barriers = forms.MultipleChoiceField(
        label="Did anything get in the way?",
        help_text="Tick all that apply.",
        choices=Barrier.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    solutions = _text("What got in the way, and what did they try?")
    action_plan = _text(
        "What did you agree they will do before the next contact?",
        help_text="The action plan: for example, walk to the shop and back 3 times this week.",
    )
    private_notes = _text(
        "Private notes", help_text="Only you and the coordinators can see these.", rows=4
    )
    concern = forms.ChoiceField(
        label="Are you worried about anything?",
        choices=ConcernKind.choices,
        required=False,
        widget=forms.RadioSelect,
    )
    concern_details = _text(
        "What did you notice?",
        help_text="Say what they told you or what you saw. The coordinator will read this.",
    )
    red_flag_signs = forms.MultipleChoiceField(
        label="Which of these signs did they mention?",
        help_text="Tick all that apply.",
        choices=[],
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    next_on = BoundedDateField(
        label="Date of the next contact", required=False, days_ahead=NEXT_CONTACT_DAYS_AHEAD,
        help_text="If you have agreed one. For example, 11 12 2026",
        too_late=f"Enter a date in the next {NEXT_CONTACT_DAYS_AHEAD // 30} months",
    )  # fmt: skip
    next_time = TimeField(label="Time of the next contact", required=False)

    def __init__(
        self,
        *args: Any,
        relationship: Relationship,
        signs: list[str],
        log: SessionLog | None = None,
        concern_locked: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.relationship = relationship
        sign_field = cast(forms.MultipleChoiceField, self.fields["red_flag_signs"])
        sign_field.choices = [(sign, sign) for sign in signs]
        started = relationship.started_on or timezone.localdate(relationship.proposed_at)
        self.fields["occurred_on"].earliest = started  # type: ignore[attr-defined]
        self.fields["occurred_on"].too_early = (  # type: ignore[attr-defined]
            f"The date cannot be before the mentoring started ({long_date(started)})."
        )
        if log is not None:
            sign_field.choices = [
                *sign_field.choices,
                *[(sign, sign) for sign in log.red_flag_signs if sign not in signs],
            ]
        self.concern_locked = concern_locked
        if concern_locked:
            for name in ("concern", "concern_details", "red_flag_signs"):
                self.fields[name].disabled = True

    @classmethod
    def initial_for(cls, relationship: Relationship, *, now: datetime) -> dict[str, Any]:
        local = timezone.localtime(now)
        formats = relationship.formats or [Format.PHONE]
        return {
            "key": uuid.uuid4(),
            "occurred_on": local.date(),
            "occurred_time": local.time().replace(second=0, microsecond=0),
            "format": formats[0] if len(formats) == 1 else None,
            "concern": ConcernKind.NONE,
        }

    @classmethod
    def initial_from(cls, log: SessionLog) -> dict[str, Any]:
        when = timezone.localtime(log.occurred_at)
        following = timezone.localtime(log.next_contact_at) if log.next_contact_at else None
        initial: dict[str, Any] = {name: getattr(log, name) for name in LOG_FIELDS}
        initial.update(
            key=log.key,
            occurred_on=when.date(),
            occurred_time=when.time(),
            pain="" if log.pain is None else str(log.pain),
            confidence="" if log.confidence is None else str(log.confidence),
            next_on=following.date() if following else None,
            next_time=following.time() if following else None,
        )
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        held = data.get("outcome") == Outcome.HELD
        if held and data.get("minutes") is None and "minutes" not in self.errors:
            self.add_error("minutes", self.plain_errors["minutes"])
        concern = "" if self.concern_locked else data.get("concern") or ""
        if concern and not (data.get("concern_details") or "").strip():
            self.add_error("concern_details", "Say what you noticed, in a few words")
        if concern == ConcernKind.RED_FLAG and not data.get("red_flag_signs"):
            self.add_error("red_flag_signs", "Tick the signs they mentioned")
        occurred = self._when(data.get("occurred_on"), data.get("occurred_time"))
        if occurred is not None and occurred > timezone.now() + CLOCK_SLACK:
            self.add_error("occurred_time", "The time cannot be later than now")
        next_on, next_time = data.get("next_on"), data.get("next_time")
        if next_time and not next_on and "next_on" not in self.errors:
            self.add_error("next_on", "Enter the date of the next contact, or leave the time empty")
        following = self._when(next_on, next_time or time(12, 0))
        if following and occurred and following <= occurred:
            self.add_error("next_on", "The next contact must be after this one")
        data["occurred_at"], data["next_contact_at"] = occurred, following
        return data

    @staticmethod
    def _when(day: date | None, at: time | None) -> datetime | None:
        if day is None or at is None:
            return None
        return timezone.make_aware(datetime.combine(day, at))

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        values = {name: data.get(name) for name in LOG_FIELDS}
        for scale in ("pain", "confidence"):
            values[scale] = int(data[scale]) if data.get(scale) not in (None, "") else None
        for text in ("goal_progress", "solutions", "action_plan", "private_notes"):
            values[text] = (values[text] or "").strip()
        values["concern_details"] = (values["concern_details"] or "").strip()
        values["concern"] = values["concern"] or ""
        for many in ("topics", "barriers", "red_flag_signs"):
            values[many] = list(values[many] or [])
        return values

    def held_only_fields(self) -> list[forms.BoundField]:
        return [self[name] for name in HELD_ONLY if name not in ("pain", "confidence")]


class CloseConcernForm(PlainErrorsMixin, forms.Form):
    plain_errors = {"note": "Say what was done about the concern"}

    note = forms.CharField(
        label="What was done?",
        help_text="For example: spoke to the mentee; their GP is seeing them today.",
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class SessionPlanStepForm(PlainErrorsMixin, forms.ModelForm):
    plain_errors = {"topic": "Enter the suggested topic for this session"}

    class Meta:
        model = SessionPlanStep
        fields = ["topic", "aims", "target_outcomes"]
        labels = {"topic": "Suggested topic", "target_outcomes": "Target outcomes"}
        widgets = {
            "aims": forms.Textarea(attrs={"rows": 3}),
            "target_outcomes": forms.Textarea(attrs={"rows": 3}),
        }
