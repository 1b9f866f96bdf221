"""Forms for a relationship's steps after the proposal: agreements, the plan and start,
pause, completion and ending. Validation only; the services take the steps."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django import forms
from django.utils import timezone

from core.choices import Format
from core.forms import BoundedDateField, PlainErrorsMixin
from core.models import REASON_LENGTH
from mentoring.matching.models import Relationship
from mentoring.matching.services import Plan

# A start can be recorded a little late, or booked a few months ahead.
START_DAYS_BACK = 60
START_DAYS_AHEAD = 120


def _note(label: str = "Note (optional)") -> forms.CharField:
    return forms.CharField(
        label=label, required=False, max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )  # fmt: skip


def _number(label: str, most: int, **kwargs: Any) -> forms.IntegerField:
    # A plain text box (GOV.UK's advice for numbers): a number box's arrows and scroll-wheel
    # changes trip people up.
    return forms.IntegerField(
        label=label, min_value=1, max_value=most,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}),
        **kwargs,
    )  # fmt: skip


class AgreementForm(PlainErrorsMixin, forms.Form):
    """Sent by the "Record that ... agreed" buttons."""

    party = forms.ChoiceField(choices=[("mentee", "The mentee"), ("mentor", "The mentor")])


class PlanForm(PlainErrorsMixin, forms.Form):
    plain_errors = {
        "formats": "Choose at least one way of meeting",
        "planned_sessions": "Enter how many sessions are planned, like 6",
        "planned_interval_days": "Enter how many days apart the sessions are, like 14",
        "planned_length_weeks": "Enter how many weeks the mentoring lasts, like 12",
        "review_after_session": "Enter after which session the coordinator reviews, like 2",
    }

    formats = forms.MultipleChoiceField(
        label="Ways of meeting",
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    planned_sessions = _number("Planned sessions", 52)
    planned_interval_days = _number("Days between sessions", 365)
    planned_length_weeks = _number("Length of the mentoring (weeks)", 104)
    review_after_session = _number(
        "Coordinator review after session",
        52,
        help_text="The coordinator checks in with both after this session.",
    )

    def __init__(self, *args: Any, relationship: Relationship, **kwargs: Any) -> None:
        kwargs.setdefault("initial", {name: getattr(relationship, name) for name in Plan.FIELDS})
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        sessions, review = data.get("planned_sessions"), data.get("review_after_session")
        if sessions and review and review > sessions:
            self.add_error(
                "review_after_session",
                f"The review must come within the planned sessions (1 to {sessions})",
            )
        return data

    def plan(self) -> Plan:
        return Plan(**{name: self.cleaned_data[name] for name in Plan.FIELDS})


class StartForm(PlanForm):
    started_on = BoundedDateField(
        label="Start date",
        days_ahead=START_DAYS_AHEAD,
        too_late=f"The start must be within {START_DAYS_AHEAD} days from today.",
    )

    field_order = ["started_on", *Plan.FIELDS]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["started_on"].initial = today
        self.fields["started_on"].earliest = today - timedelta(  # type: ignore[attr-defined]
            days=START_DAYS_BACK
        )
        self.fields["started_on"].too_early = (  # type: ignore[attr-defined]
            f"The start can be at most {START_DAYS_BACK} days ago."
        )


class PauseForm(PlainErrorsMixin, forms.Form):
    plain_errors = {"reason": "Enter why the mentoring is paused"}

    reason = forms.CharField(
        label="Why is the mentoring paused?",
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    expected_resume_on = BoundedDateField(
        label="When do you expect it to start again? (optional)",
        required=False,
        days_ahead=365,
        too_late="Enter a date within a year from today.",
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["expected_resume_on"]
        field.earliest = timezone.localdate()  # type: ignore[attr-defined]
        field.too_early = "The date to start again cannot be in the past."  # type: ignore[attr-defined]


class CompleteForm(PlainErrorsMixin, forms.Form):
    ended_on = BoundedDateField(label="Date it finished")
    note = _note()

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["ended_on"].initial = timezone.localdate()


class EndEarlyForm(CompleteForm):
    plain_errors = {"reason": "Choose why the mentoring ended early"}

    reason = forms.ChoiceField(
        label="Why did it end early?",
        choices=Relationship.EndReason.choices,
        widget=forms.RadioSelect,
    )
    ended_on = BoundedDateField(label="Date it ended")
    note = _note()

    field_order = ["reason", "ended_on", "note"]


class NotStartedForm(PlainErrorsMixin, forms.Form):
    plain_errors = {"reason": "Choose why the mentoring did not go ahead"}

    reason = forms.ChoiceField(
        label="Why did it not go ahead?",
        choices=Relationship.EndReason.choices,
        widget=forms.RadioSelect,
    )
    note = _note()
