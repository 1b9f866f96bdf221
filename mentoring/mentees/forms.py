"""Forms for registering and editing a mentee. Validation only: the services save."""

from __future__ import annotations

from typing import Any, cast

import phonenumbers
from django import forms

from core.choices import AVAILABILITY_CHOICES, Format, Interest
from core.forms import PhoneField, PlainErrorsMixin
from core.validators import normalise_uk_phone, normalise_uk_postcode, postcode_district
from mentoring.mentees.models import Mentee
from mentoring.referrals.models import Referral

EMAIL_NEEDED = (
    "Enter an email address to send reminders by email, or choose another way to remind them"
)
MOBILE_NEEDED = (
    "Enter a mobile phone number to send reminders by text message, like 07700 900123, "
    "or choose another way to remind them"
)
NOT_A_MOBILE = (
    "Text messages need a mobile phone number, like 07700 900123. Enter a mobile number, "
    "or choose another way to remind them"
)


def is_mobile(e164: str) -> bool:
    """Whether a stored (E.164) number can receive text messages: a UK mobile (07...)
    or another country's mobile."""
    if e164.startswith("+447"):
        return True
    try:
        number = phonenumbers.parse(e164, "GB")
    except phonenumbers.NumberParseException:
        return False
    return phonenumbers.number_type(number) in (
        phonenumbers.PhoneNumberType.MOBILE,
        phonenumbers.PhoneNumberType.FIXED_LINE_OR_MOBILE,
    )


class MenteeDetailsForm(PlainErrorsMixin, forms.ModelForm):
    """What a referral does not hold, or may need correcting: interests, languages,
    communication needs, how to send reminders (with the email address or mobile that
    needs), and the goals to share with the mentor."""

    plain_errors = {
        "reminder_channel": "Choose how they would like to be reminded",
        "languages": "Enter the languages they speak, like English",
    }

    email = forms.EmailField(label="Email address (optional)", required=False)
    phone = PhoneField(label="Phone number (optional)", required=False)
    interests = forms.MultipleChoiceField(
        label="What do they enjoy? (optional)",
        choices=Interest.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text="A mentor who shares an interest has something to talk about.",
    )
    helper_phone = PhoneField(label="Their phone number (optional)", required=False)

    class Meta:
        model = Mentee
        fields = [
            "email", "phone", "interests", "languages", "needs_large_print",
            "needs_hearing_support", "interpreter_language", "helper_name", "helper_phone",
            "other_needs", "reminder_channel", "shared_goals",
        ]  # fmt: skip
        labels = {
            "languages": "Languages they speak",
            "needs_large_print": "Large print for letters",
            "needs_hearing_support": "Hearing support (for example, speak clearly, face them)",
            "interpreter_language": "An interpreter is needed for (optional)",
            "helper_name": "A relative or friend who helps them with their phone (optional)",
            "other_needs": "Anything else that helps (optional)",
            "reminder_channel": "How would they like to be reminded of a meeting?",
            "shared_goals": "Goals to share with the mentor (optional)",
        }
        help_texts = {
            "interpreter_language": "The language, for example Polish or British Sign Language.",
            "helper_name": "Their name, so the mentor knows who may answer.",
            "reminder_channel": (
                "Email needs an email address; a text message needs a mobile number."
            ),
            "shared_goals": "The mentor sees these. Write nothing clinical.",
        }
        widgets = {
            "reminder_channel": forms.RadioSelect,
            "other_needs": forms.Textarea(attrs={"rows": 2}),
            "shared_goals": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["reminder_channel"]).choices = Mentee.Channel.choices

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"]
        return normalise_uk_phone(phone) if phone else ""

    def clean_helper_phone(self) -> str:
        phone = self.cleaned_data["helper_phone"]
        return normalise_uk_phone(phone) if phone else ""

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        channel = data.get("reminder_channel")
        if channel == Mentee.Channel.EMAIL and not data.get("email") and "email" not in self.errors:
            self.add_error("email", EMAIL_NEEDED)
        if channel == Mentee.Channel.TEXT and "phone" not in self.errors:
            phone = data.get("phone", "")
            if not phone:
                self.add_error("phone", MOBILE_NEEDED)
            elif not is_mobile(phone):
                self.add_error("phone", NOT_A_MOBILE)
        return data

    def mentee_fields(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.Meta.fields}


class RegistrationForm(MenteeDetailsForm):
    """Registering from a consented referral: contact details start as the referral's,
    the goals as its activity goals where the patient agreed to share them."""

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        initial = {
            "email": referral.email,
            "phone": referral.phone,
            "reminder_channel": _channel_from(referral),
            "shared_goals": referral.plan_activity_goals
            if referral.consent_to_share_with_mentor
            else "",
            **kwargs.pop("initial", {}),
        }
        super().__init__(*args, initial=initial, **kwargs)
        if referral.interests:
            self.fields["interests"].help_text = f"The referral says: {referral.interests}"
        if not referral.consent_to_share_with_mentor:
            self.fields["shared_goals"].help_text = (
                "The patient did not agree to share their referral with a mentor, so nothing "
                "is copied from it. Write only what they are happy for a mentor to read."
            )


def _channel_from(referral: Referral) -> str:
    """The reminder channel that follows from how the patient prefers to be contacted,
    where their details allow it."""
    method = referral.preferred_contact_method
    if method == Referral.ContactMethod.EMAIL and referral.email:
        return Mentee.Channel.EMAIL
    if method == Referral.ContactMethod.TEXT and referral.phone and is_mobile(referral.phone):
        return Mentee.Channel.TEXT
    if method == Referral.ContactMethod.LETTER:
        return Mentee.Channel.LETTER
    return Mentee.Channel.PHONE


class MenteeForm(MenteeDetailsForm):
    """Changing a mentee: everything registration asked, and their name, postcode and
    preferences (which came from the referral)."""

    plain_errors = {
        **MenteeDetailsForm.plain_errors,
        "first_name": "Enter their first name",
        "last_name": "Enter their last name",
    }

    postcode = forms.CharField(
        label="Postcode (optional)",
        max_length=10,
        required=False,
        help_text="For example EH3 9DR. Matching uses the first part to find mentors nearby.",
    )
    preferred_formats = forms.MultipleChoiceField(
        label="Ways of meeting they would like (optional)",
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    availability = forms.MultipleChoiceField(
        label="When they are usually free (optional)",
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    class Meta(MenteeDetailsForm.Meta):
        fields = [
            "first_name", "last_name", "postcode", "preferred_formats", "availability",
            "mentor_gender_preference", *MenteeDetailsForm.Meta.fields,
        ]  # fmt: skip
        labels = {
            **MenteeDetailsForm.Meta.labels,
            "mentor_gender_preference": "Would they like their mentor to be a man or a woman?",
        }
        widgets = {**MenteeDetailsForm.Meta.widgets, "mentor_gender_preference": forms.RadioSelect}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(
            forms.ChoiceField, self.fields["mentor_gender_preference"]
        ).choices = Mentee.GenderPreference.choices
        self.fields["mentor_gender_preference"].required = False

    def clean_postcode(self) -> str:
        postcode = self.cleaned_data["postcode"]
        return normalise_uk_postcode(postcode) if postcode else ""

    def mentee_fields(self) -> dict[str, Any]:
        fields = super().mentee_fields()
        fields["area"] = postcode_district(fields["postcode"]) if fields["postcode"] else ""
        return fields
