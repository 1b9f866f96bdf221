"""Forms for training modules and sessions. Validation only."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.core.exceptions import ValidationError

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


class TrainingSessionForm(PlainErrorsMixin, forms.Form):
    """One training session recorded for several mentors at once: a tick and, where the
    module has a quiz, a score for each person who attended."""

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

    def __init__(self, *args: Any, modules: Any, mentors: list[Mentor], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ModelChoiceField, self.fields["module"]).queryset = modules
        self.mentors = mentors
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

    def rows(self) -> list[tuple[Mentor, forms.BoundField, forms.BoundField]]:
        return [(m, self[f"attended_{m.pk}"], self[f"score_{m.pk}"]) for m in self.mentors]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        module = data.get("module")
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
