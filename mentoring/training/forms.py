"""Forms for training modules and sessions. Validation only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import ErrorDict

from accounts.models import Programme
from core.forms import BoundedDateField, PlainErrorsMixin
from core.models import NOTES_LENGTH
from mentoring.training.models import TrainingModule, TrainingRecord

if TYPE_CHECKING:
    from mentoring.recruitment.models import Mentor


class TrainingModuleForm(PlainErrorsMixin, forms.ModelForm):
    plain_errors = {"name": "Enter the name of the module"}

    class Meta:
        model = TrainingModule
        fields = ["programme", "name", "description", "required", "validity_months",
                  "pass_mark", "is_active", "position"]  # fmt: skip
        labels = {"is_active": "In use", "position": "Order in lists"}
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, programmes: Any, **kwargs: Any) -> None:
        """`programmes`: those the coordinator may add modules to (a choice only if several)."""
        super().__init__(*args, **kwargs)
        choice = cast(forms.ModelChoiceField, self.fields["programme"])
        choice.queryset = Programme.objects.filter(pk__in=[p.pk for p in programmes])
        choice.empty_label = None
        if self.instance.pk or len(programmes) == 1:
            choice.initial = self.instance.programme_id if self.instance.pk else programmes[0].pk
            choice.disabled = True
            choice.widget = forms.HiddenInput()


# How many people one "Record training" form takes. A session is usually 10 to 20 people;
# the page never shows more than this plus one page of search results, so its form stays
# far below Django's limit on the number of fields (DATA_UPLOAD_MAX_NUMBER_FIELDS).
MOST_ATTENDEES = 100


class TrainingSessionForm(PlainErrorsMixin, forms.Form):
    """One training session recorded for several mentors at once: a tick and, where the
    module has a quiz, a score for each person who attended. `mentors` are the people the
    page shows: those already ticked, then one page of search results. `not_found` counts
    ticked people who may not be recorded here (gone from the list, or not visible);
    `too_many` says more than MOST_ATTENDEES were ticked."""

    plain_errors = {
        "module": "Choose the module",
        "completed_on": "Enter the date of the training",
        "delivered_by": "Enter who delivered the training",
        "method": "Choose how the training was delivered",
    }

    module = forms.ModelChoiceField(queryset=TrainingModule.objects.none(), label="Module")
    completed_on = BoundedDateField(label="Date", too_late="Record training once it has happened.")
    delivered_by = forms.CharField(label="Delivered by", max_length=200)
    method = forms.ChoiceField(
        label="How it was delivered",
        choices=TrainingRecord.Method.choices,
        widget=forms.RadioSelect,
    )
    notes = forms.CharField(
        label="Notes (optional)",
        required=False,
        max_length=NOTES_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(
        self,
        *args: Any,
        modules: Any,
        mentors: list[Mentor],
        not_found: int = 0,
        too_many: bool = False,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["module"]).queryset = modules
        self.mentors = mentors
        self.not_found = not_found
        self.too_many = too_many
        for mentor in mentors:
            self.fields[f"attended_{mentor.pk}"] = forms.BooleanField(
                label=f"{mentor.full_name} attended", required=False
            )
            self.fields[f"score_{mentor.pk}"] = forms.IntegerField(
                label=f"Quiz score for {mentor.full_name} (%)",
                required=False,
                min_value=0,
                max_value=100,
                # A plain text box (GOV.UK's advice for numbers): a number box's arrows and
                # scroll-wheel changes trip people up.
                widget=forms.TextInput(
                    attrs={"inputmode": "numeric", "class": "govuk-input--width-3"}
                ),
            )

    def rows(
        self, mentors: list[Mentor] | None = None
    ) -> list[tuple[Mentor, forms.BoundField, forms.BoundField]]:
        return [
            (m, self[f"attended_{m.pk}"], self[f"score_{m.pk}"])
            for m in (self.mentors if mentors is None else mentors)
        ]

    def hold(self) -> None:
        """Keep what was typed without judging it: the person is still finding attendees
        (a search or another page of results), not saving yet."""
        self._errors = ErrorDict()
        self.cleaned_data = {}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        module = data.get("module")
        if self.too_many:
            raise ValidationError(
                f"Tick at most {MOST_ATTENDEES} people at a time. Record a bigger session "
                "in parts: save these, then record the rest."
            )
        if self.not_found:
            people = "person" if self.not_found == 1 else "people"
            raise ValidationError(
                f"{self.not_found} {people} you ticked can no longer have training recorded "
                "here. Check who is ticked and save again."
            )
        attended = [m for m in self.mentors if data.get(f"attended_{m.pk}")]
        if not attended:
            raise ValidationError("Tick at least one person who attended.")
        data["attended"] = attended
        outside = [
            m.full_name for m in attended if module and m.programme_id != module.programme_id
        ]
        if outside:
            self.add_error(
                "module", f"This module belongs to another programme than {', '.join(outside)}."
            )
        data["scores"] = {}
        for mentor in attended:
            score = data.get(f"score_{mentor.pk}")
            if module is not None and module.has_quiz and score is None:
                self.add_error(
                    f"score_{mentor.pk}",
                    f"This module has a quiz: enter {mentor.full_name}'s score.",
                )
            data["scores"][mentor.pk] = score if module is not None and module.has_quiz else None
        return data


class AttendeeSearchForm(PlainErrorsMixin, forms.Form):
    """Finding the people who attended, a page at a time: by name, by status, and (once a
    module is chosen) only those who still need it. Shown inside the session form with the
    prefix "find"; anything it cannot read is ignored rather than refused."""

    NEEDED, EVERYONE = "needed", "everyone"

    name = forms.CharField(label="Name", required=False, max_length=100)
    status = forms.ChoiceField(label="Status", required=False)
    show = forms.ChoiceField(
        label="Show",
        required=False,
        help_text="Once you have chosen the module.",
        choices=[
            (NEEDED, "Only people who still need this module"),
            (EVERYONE, "Everyone, including people already trained"),
        ],
    )

    def __init__(
        self, *args: Any, statuses: list[tuple[str, str]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["status"]).choices = [
            ("", "Any of these"),
            *(statuses or []),
        ]

    def wanted(self) -> dict[str, str]:
        """What to search for: each answer that could be read, else its default."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {
            "name": data.get("name", "").strip(),
            "status": data.get("status", ""),
            "show": self.EVERYONE if data.get("show") == self.EVERYONE else self.NEEDED,
        }
