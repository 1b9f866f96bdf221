"""Forms for mentor applications, screening and status. Validation only."""

from __future__ import annotations

from datetime import date
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.utils import timezone

from accounts.models import Programme
from core.choices import AVAILABILITY_CHOICES, Format
from core.forms import DateInput
from core.validators import normalise_uk_phone, postcode_district
from mentoring.recruitment.models import DisclosureCheck, Interview, Mentor, MentorReference


class AvailabilityFields(forms.Form):
    formats = forms.MultipleChoiceField(
        label="Ways of meeting you can offer",
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    availability = forms.MultipleChoiceField(
        label="When you are usually free",
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )


class MentorApplicationForm(forms.ModelForm):
    """The public "Become a peer mentor" form. `website` is a honeypot: people never see
    it, form-filling robots do."""

    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(), label="Which programme?", empty_label=None
    )
    phone = forms.CharField(label="Phone number", max_length=30)
    area = forms.CharField(
        label="Your postcode",
        max_length=10,
        help_text="We keep only the first part (for example EH3) to find mentees near you.",
    )
    formats = AvailabilityFields.base_fields["formats"]
    availability = AvailabilityFields.base_fields["availability"]
    website = forms.CharField(
        required=False,
        label="Leave this empty",
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    class Meta:
        model = Mentor
        fields = [
            "first_name", "last_name", "email", "phone", "lived_experience",
            "lived_experience_summary", "motivation", "formats", "availability", "area",
            "languages", "consent_to_store",
        ]  # fmt: skip
        labels = {
            "lived_experience": "Your experience of back pain",
            "lived_experience_summary": "Tell us a little about it (optional)",
            "motivation": "Why would you like to be a peer mentor? (optional)",
            "languages": "Languages you speak",
            "consent_to_store": (
                "I agree that the programme may keep these details to consider my "
                "application and contact me about it"
            ),
        }
        widgets = {
            "lived_experience": forms.RadioSelect,
            "lived_experience_summary": forms.Textarea(attrs={"rows": 3}),
            "motivation": forms.Textarea(attrs={"rows": 3}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        programmes = Programme.objects.active()
        choice = cast(forms.ModelChoiceField, self.fields["programme"])
        choice.queryset = programmes
        if programmes.count() == 1:
            choice.initial = programmes.get().pk
        cast(
            forms.ChoiceField, self.fields["lived_experience"]
        ).choices = Mentor.LivedExperience.choices
        self.fields["consent_to_store"].required = True
        self.fields["consent_to_store"].error_messages["required"] = (
            "Tick this box so that we can keep your application."
        )
        for name in ("formats", "availability"):
            self.fields[name].label = f"{self.fields[name].label} (optional)"

    def clean_phone(self) -> str:
        return normalise_uk_phone(self.cleaned_data["phone"])

    def clean_area(self) -> str:
        return postcode_district(self.cleaned_data["area"])

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))

    def mentor_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class MentorProfileForm(forms.ModelForm):
    """What a mentor may change about themselves: availability and contact details."""

    phone = forms.CharField(label="Phone number", max_length=30)
    formats = AvailabilityFields.base_fields["formats"]
    availability = AvailabilityFields.base_fields["availability"]

    class Meta:
        model = Mentor
        fields = ["phone", "formats", "availability", "languages"]

    def clean_phone(self) -> str:
        return normalise_uk_phone(self.cleaned_data["phone"])


class StatusForm(forms.Form):
    to_status = forms.ChoiceField(label="New status", widget=forms.RadioSelect)
    reason = forms.CharField(label="Reason", widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, mentor: Mentor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_status"]).choices = [
            (status, Mentor.Status(status).label) for status in mentor.next_statuses()
        ]


class InterviewForm(forms.ModelForm):
    class Meta:
        model = Interview
        fields = ["held_on", "outcome", "notes"]
        widgets = {"held_on": DateInput(), "outcome": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["outcome"]).choices = Interview.Outcome.choices

    def clean_held_on(self) -> date:
        held_on = self.cleaned_data["held_on"]
        if held_on > timezone.localdate():
            raise ValidationError("Record an interview once it has happened.")
        return held_on


class ReferenceForm(forms.ModelForm):
    satisfactory = forms.NullBooleanField(
        label="Is the reference satisfactory?",
        widget=forms.RadioSelect(
            choices=[("unknown", "Not received yet"), ("true", "Yes"), ("false", "No")]
        ),
        required=False,
    )

    class Meta:
        model = MentorReference
        fields = ["referee_name", "referee_contact", "requested_on", "received_on",
                  "satisfactory", "notes"]  # fmt: skip
        widgets = {"requested_on": DateInput(), "received_on": DateInput()}

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if data.get("satisfactory") is not None and not data.get("received_on"):
            self.add_error("received_on", "Enter the date the reference was received.")
        return data


class DisclosureCheckForm(forms.ModelForm):
    class Meta:
        model = DisclosureCheck
        fields = ["scheme", "number", "issued_on", "renewal_due_on", "outcome"]
        widgets = {
            "scheme": forms.RadioSelect,
            "outcome": forms.RadioSelect,
            "issued_on": DateInput(),
            "renewal_due_on": DateInput(),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["scheme"]).choices = DisclosureCheck.Scheme.choices

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        issued, renewal = data.get("issued_on"), data.get("renewal_due_on")
        if data.get("outcome") == DisclosureCheck.Outcome.CLEAR:
            if not issued:
                self.add_error("issued_on", "Enter the issue date of a clear check.")
            if not renewal:
                self.add_error("renewal_due_on", "Enter when the check must be renewed.")
        if issued and renewal and renewal <= issued:
            self.add_error("renewal_due_on", "The renewal date must be after the issue date.")
        return data
