"""Forms for mentor applications, screening and status. Validation only."""

from __future__ import annotations

from typing import Any, cast

from django import forms

from accounts.models import Programme
from core.choices import AVAILABILITY_CHOICES, Format, Gender, Interest
from core.dates import add_months
from core.forms import BoundedDateField, PhoneField, PlainErrorsMixin
from core.models import REASON_LENGTH
from core.validators import normalise_uk_phone, postcode_district
from mentoring.recruitment.models import DisclosureCheck, Interview, Mentor, MentorReference

# PVG, DBS and AccessNI checks are renewed every three to five years at most; ten leaves
# room for any scheme while refusing a typing slip such as 9999.
RENEWAL_YEARS = 10


class AvailabilityFields(PlainErrorsMixin, forms.Form):
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


class MentorApplicationForm(PlainErrorsMixin, forms.ModelForm):
    """The public "Become a peer mentor" form. `website` is a honeypot: people never see
    it, form-filling robots do."""

    plain_errors = {
        "first_name": "Enter your first name",
        "last_name": "Enter your last name",
        "email": "Enter your email address, like name@example.com",
        "phone": "Enter your phone number, like 07700 900123",
        "area": "Enter your postcode, like EH3 9AB",
        "programme": "Choose which programme you would like to volunteer with",
        "lived_experience": "Choose your experience of back pain",
    }

    programme = forms.ModelChoiceField(
        queryset=Programme.objects.none(), label="Which programme?", empty_label=None
    )
    phone = PhoneField(label="Phone number")
    area = forms.CharField(
        label="Your postcode",
        max_length=10,
        help_text="We keep only the first part (for example EH3) to find mentees near you.",
    )
    formats = AvailabilityFields.base_fields["formats"]
    availability = AvailabilityFields.base_fields["availability"]
    gender = forms.ChoiceField(
        label="How do you describe yourself? (optional)",
        choices=Gender.choices,
        widget=forms.RadioSelect,
        required=False,
        help_text="We ask so we can meet a mentee's wish for a man or a woman as their mentor.",
    )
    interests = forms.MultipleChoiceField(
        label="What do you enjoy? (optional)",
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="A mentee who shares an interest with you has something to talk about.",
    )
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
            "languages", "gender", "interests", "consent_to_store",
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


class MentorProfileForm(PlainErrorsMixin, forms.ModelForm):
    """What a mentor may change about themselves: availability and contact details."""

    plain_errors = {"phone": "Enter your phone number, like 07700 900123"}

    phone = PhoneField(label="Phone number")
    formats = AvailabilityFields.base_fields["formats"]
    availability = AvailabilityFields.base_fields["availability"]

    class Meta:
        model = Mentor
        fields = ["phone", "formats", "availability", "languages"]

    def clean_phone(self) -> str:
        return normalise_uk_phone(self.cleaned_data["phone"])


class StatusForm(PlainErrorsMixin, forms.Form):
    plain_errors = {
        "to_status": "Choose the new status",
        "reason": "Enter the reason for the change",
    }

    to_status = forms.ChoiceField(label="New status", widget=forms.RadioSelect)
    reason = forms.CharField(
        label="Reason", max_length=REASON_LENGTH, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args: Any, mentor: Mentor, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_status"]).choices = [
            (status, Mentor.Status(status).label) for status in mentor.next_statuses()
        ]


class InterviewForm(PlainErrorsMixin, forms.ModelForm):
    plain_errors = {
        "held_on": "Enter the date of the interview",
        "outcome": "Choose the outcome of the interview",
    }

    held_on = BoundedDateField(label="Date", too_late="Record an interview once it has happened.")

    class Meta:
        model = Interview
        fields = ["held_on", "outcome", "notes"]
        widgets = {"outcome": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["outcome"]).choices = Interview.Outcome.choices


# The GOV.UK radios draw the field's own choices, and tick the one whose value reads like
# the field's ("True", "False", "None"); NullBooleanField reads each of these back.
SATISFACTORY_CHOICES = [("None", "Not received yet"), ("True", "Yes"), ("False", "No")]


class ReferenceForm(PlainErrorsMixin, forms.ModelForm):
    plain_errors = {
        "referee_name": "Enter the referee's name",
        "referee_contact": "Enter how to contact the referee",
    }

    requested_on = BoundedDateField(label="Requested on", required=False)
    received_on = BoundedDateField(label="Received on", required=False)
    satisfactory = forms.NullBooleanField(
        label="Is the reference satisfactory?",
        widget=forms.RadioSelect(choices=SATISFACTORY_CHOICES),
        required=False,
    )

    class Meta:
        model = MentorReference
        fields = ["referee_name", "referee_contact", "requested_on", "received_on",
                  "satisfactory", "notes"]  # fmt: skip

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["satisfactory"].choices = SATISFACTORY_CHOICES  # type: ignore[attr-defined]

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        requested, received = data.get("requested_on"), data.get("received_on")
        answered = data.get("satisfactory") is not None
        if answered and not received and "received_on" not in self.errors:
            self.add_error("received_on", "Enter the date the reference was received.")
        if requested and received and received < requested:
            self.add_error(
                "received_on", "The date received cannot be before the date it was requested."
            )
        return data


class DisclosureCheckForm(PlainErrorsMixin, forms.ModelForm):
    plain_errors = {
        "scheme": "Choose the type of check",
        "number": "Enter the certificate number",
        "outcome": "Choose the outcome of the check",
    }

    issued_on = BoundedDateField(label="Issue date", required=False)
    # No renewal is more than RENEWAL_YEARS after an issue date that is today at the latest.
    renewal_due_on = BoundedDateField(
        label="Renewal date",
        required=False,
        days_ahead=RENEWAL_YEARS * 366,
        too_late=f"Enter a renewal date within the next {RENEWAL_YEARS} years.",
    )

    class Meta:
        model = DisclosureCheck
        fields = ["scheme", "number", "issued_on", "renewal_due_on", "outcome"]
        widgets = {"scheme": forms.RadioSelect, "outcome": forms.RadioSelect}

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
        elif issued and renewal and renewal > add_months(issued, 12 * RENEWAL_YEARS):
            self.add_error(
                "renewal_due_on",
                f"The renewal date must be within {RENEWAL_YEARS} years of the issue date.",
            )
        return data
