"""Forms for referrals. Validation only: saving happens in mentoring.referrals.services."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, cast

from django import forms
from django.core.exceptions import ValidationError
from django.db import models

from accounts.models import Programme, Site, User
from core.choices import AVAILABILITY_CHOICES, Format
from core.forms import (
    DateOfBirthField,
    DayMonthYearField,
    PhoneField,
    PlainErrorsMixin,
    check_date,
)
from core.models import REASON_LENGTH
from core.validators import (
    normalise_uk_phone,
    normalise_uk_postcode,
    validate_chi_number,
    validate_nhs_number,
)
from mentoring.referrals.eligibility import eligibility_problems
from mentoring.referrals.models import Referral

# What a referral must have before it can be sent (a draft needs only a name).
REQUIRED_TO_SUBMIT = {
    "date_of_birth": "Enter the patient's date of birth.",
    "health_number": "Enter the patient's NHS or CHI number.",
    "phone": "Enter a phone number for the patient.",
    "address": "Enter the patient's address.",
    "postcode": "Enter the patient's postcode.",
    "discharge_date": "Enter the discharge date.",
    "pain_duration_weeks": "Enter how many weeks the back pain has lasted.",
}

# Also needed to send, checked with consent, so never labelled "(optional)".
NEEDED_TO_SEND = {*REQUIRED_TO_SUBMIT, "consent_date", "consent_method", "consent_to_contact"}

# The form in the order it is asked: first what is needed to send, then what may be left
# blank, each of those folded away (a GOV.UK details component) until it is wanted.
# (legend, fields, folded)
FIELDSETS = [
    (
        "The patient",
        ["first_name", "last_name", "date_of_birth", "health_number_kind", "health_number"],
        False,
    ),
    (
        "How to contact them",
        [
            "phone",
            "address",
            "postcode",
            "preferred_contact_method",
            "email",
            "preferred_contact_times",
        ],
        False,
    ),
    (
        "Discharge and back pain",
        ["programme", "site", "discharge_date", "pain_duration_weeks"],
        False,
    ),
    (
        "Consent",
        ["consent_to_contact", "consent_to_share_with_mentor", "consent_date", "consent_method"],
        False,
    ),
    # Shown only when the patient is outside the programme's rules (or a reason is saved).
    ("Referring someone outside the programme's rules", ["eligibility_exception_reason"], False),
    (
        "Self-management plan given at discharge",
        ["plan_exercises", "plan_activity_goals", "plan_notes"],
        True,
    ),
    (
        "What they would like from mentoring",
        ["preferred_formats", "availability", "mentor_gender_preference", "interests"],
        True,
    ),
    (
        "Communication and access needs",
        ["needs_hearing", "needs_sight", "needs_mobility", "needs_transport"],
        True,
    ),
    ("For the coordinator only", ["safety_information"], True),
    # Shown only when duplicates were found.
    ("Possible duplicate", ["confirm_not_duplicate"], False),
]


@dataclass(frozen=True)
class Section:
    legend: str
    fields: list[forms.BoundField]
    folded: bool  # in a <details> that may be closed
    open: bool  # a folded section that holds an error or an answer opens by itself


def _blank(value: Any) -> bool:
    return value in (None, "", [], (), False)


class ReferralForm(PlainErrorsMixin, forms.ModelForm):
    plain_errors = {
        "first_name": "Enter the patient's first name",
        "last_name": "Enter the patient's last name",
        "programme": "Choose the programme you are referring the patient to",
        "source": "Choose how the referral reached you",
    }

    submission_key = forms.UUIDField(widget=forms.HiddenInput)
    # Wider than the stored values: people type spaces, brackets and hyphens.
    health_number = forms.CharField(label="NHS or CHI number", max_length=20, required=False)
    phone = PhoneField(label="Phone number", required=False)
    postcode = forms.CharField(max_length=12, required=False)
    programme = forms.ModelChoiceField(queryset=Programme.objects.none(), empty_label=None)
    preferred_formats = forms.MultipleChoiceField(
        label="Ways of meeting they would like",
        choices=Format.choices,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    availability = forms.MultipleChoiceField(
        label="When they are usually free",
        choices=AVAILABILITY_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    confirm_not_duplicate = forms.BooleanField(
        label="I have checked: this is a different person, or they need a new referral",
        required=False,
    )

    class Meta:
        model = Referral
        fields = [
            "first_name", "last_name", "date_of_birth", "health_number_kind", "health_number",
            "phone", "email", "address", "postcode", "preferred_contact_method",
            "preferred_contact_times", "site", "discharge_date", "pain_duration_weeks",
            "plan_exercises", "plan_activity_goals", "plan_notes", "preferred_formats",
            "availability", "mentor_gender_preference", "interests", "needs_hearing",
            "needs_sight", "needs_mobility", "needs_transport", "safety_information",
            "consent_to_contact", "consent_to_share_with_mentor", "consent_date",
            "consent_method", "eligibility_exception_reason",
        ]  # fmt: skip
        labels = {
            "health_number_kind": "Type of number",
            "health_number": "NHS or CHI number",
            "phone": "Phone number",
            "email": "Email address",
            "preferred_contact_method": "Best way to contact them",
            "preferred_contact_times": "Best times to contact them",
            "site": "Physiotherapy department or venue",
            "pain_duration_weeks": "How long has the back pain lasted, in weeks?",
            "mentor_gender_preference": "Would they prefer a mentor who is",
            "interests": "Interests and hobbies",
            "consent_to_contact": "The patient agrees to be contacted by the programme",
            "consent_to_share_with_mentor": (
                "The patient agrees that their first name, contact details and preferences "
                "may be shared with their peer mentor"
            ),
            "consent_date": "Date consent was given",
            "consent_method": "How consent was given",
            "eligibility_exception_reason": "Why refer them anyway?",
            "safety_information": "Health and safety information the coordinator should know",
        }
        help_texts = {
            "pain_duration_weeks": "For example 26 for six months, 52 for a year.",
            "safety_information": "Seen by the coordinator only, never by the mentor.",
            "needs_hearing": "Leave blank if none.",
            "eligibility_exception_reason": (
                "Only needed when the patient is outside the programme's rules, listed above."
            ),
        }
        # Dates as three boxes (day, month, year); the model fields stay DateFields.
        field_classes = {
            "date_of_birth": DateOfBirthField,
            "discharge_date": DayMonthYearField,
            "consent_date": DayMonthYearField,
        }
        widgets = {
            "address": forms.Textarea(attrs={"rows": 3}),
            "plan_exercises": forms.Textarea(attrs={"rows": 3}),
            "plan_activity_goals": forms.Textarea(attrs={"rows": 3}),
            "plan_notes": forms.Textarea(attrs={"rows": 3}),
            "interests": forms.Textarea(attrs={"rows": 2}),
            "safety_information": forms.Textarea(attrs={"rows": 3}),
            "eligibility_exception_reason": forms.Textarea(attrs={"rows": 2}),
            "health_number_kind": forms.RadioSelect,
            "preferred_contact_method": forms.RadioSelect,
            "mentor_gender_preference": forms.RadioSelect,
            "consent_method": forms.RadioSelect,
        }

    def __init__(
        self, *args: Any, user: User, today: date, submitting: bool, **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        self.today = today
        self.submitting = submitting
        self.eligibility: list[str] = []
        self.duplicates: list[tuple[Referral, bool]] = []
        programmes = list(Programme.objects.visible_to(user).active())
        # With one programme there is nothing to choose; with several, the user picks.
        self.only_programme = programmes[0] if len(programmes) == 1 else None
        if self.only_programme:
            del self.fields["programme"]
        else:
            choice = cast(forms.ModelChoiceField, self.fields["programme"])
            choice.queryset = Programme.objects.filter(pk__in=[p.pk for p in programmes])
            if self.instance.pk:
                self.fields["programme"].initial = self.instance.programme_id
        self.fields["health_number"].help_text = "10 digits. Spaces are fine."
        site = cast(forms.ModelChoiceField, self.fields["site"])
        site.queryset = Site.objects.visible_to(user).active()
        site.empty_label = "Not given"
        if not self.instance.pk and not self.is_bound:
            self._suggest_programme_and_site(programmes, site.queryset)
        # Radio buttons without the empty "---------" choice.
        for name, choices in (
            ("consent_method", Referral.ConsentMethod.choices),
            ("health_number_kind", Referral.NumberKind.choices),
            ("preferred_contact_method", Referral.ContactMethod.choices),
        ):
            cast(forms.ChoiceField, self.fields[name]).choices = choices
        for name in ("phone", "email"):
            self.fields[name].widget.attrs["autocomplete"] = "off"
        for name, field in self.fields.items():
            optional = not field.required and name not in NEEDED_TO_SEND
            label = str(field.label or "")
            if (
                optional
                and "optional" not in label
                and not isinstance(field.widget, forms.CheckboxInput | forms.HiddenInput)
            ):
                field.label = f"{label} (optional)"

    def _suggest_programme_and_site(
        self, programmes: list[Programme], sites: models.QuerySet[Site]
    ) -> None:
        """A new referral starts at the site the physiotherapist last referred from, or at
        their programme's physiotherapy department when it has only one. Still a choice."""
        last = (
            Referral.objects.filter(referred_by=self.user, programme__in=programmes)
            .order_by("-created_at", "-pk")
            .values("programme_id", "site_id")
            .first()
        )
        if last and "programme" in self.fields:
            self.initial["programme"] = last["programme_id"]
        site_id = last["site_id"] if last else None
        if site_id is None or not sites.filter(pk=site_id).exists():
            programme_id = last["programme_id"] if last else None
            if programme_id is None and len(programmes) == 1:
                programme_id = programmes[0].pk
            site_id = None
            if programme_id is not None:
                departments = list(
                    sites.filter(
                        programme_id=programme_id, kind=Site.Kind.PHYSIOTHERAPY
                    ).values_list("pk", flat=True)[:2]
                )
                site_id = departments[0] if len(departments) == 1 else None
        if site_id is not None:
            self.initial["site"] = site_id

    # --- one field at a time --------------------------------------------------------------

    def clean_date_of_birth(self) -> date | None:
        value = self.cleaned_data.get("date_of_birth")
        if value:
            check_date(
                value,
                earliest=date(1900, 1, 1),
                latest=self.today,
                too_early="Check the year of birth.",
                too_late="The date of birth cannot be in the future.",
            )
        return value

    def clean_discharge_date(self) -> date | None:
        value = self.cleaned_data.get("discharge_date")
        if value:
            check_date(
                value,
                earliest=self.today - timedelta(days=5 * 365),
                latest=self.today + timedelta(days=365),
                too_early="Check the discharge date: it is more than five years ago.",
                too_late="The discharge date must be within the next year.",
            )
        return value

    def clean_phone(self) -> str:
        value = self.cleaned_data.get("phone", "").strip()
        return normalise_uk_phone(value) if value else ""

    def clean_postcode(self) -> str:
        value = self.cleaned_data.get("postcode", "").strip()
        return normalise_uk_postcode(value) if value else ""

    def clean_pain_duration_weeks(self) -> int | None:
        value = self.cleaned_data.get("pain_duration_weeks")
        if value is not None and value > 52 * 80:
            raise ValidationError("Check the number of weeks.")
        return value

    def clean_consent_date(self) -> date | None:
        value = self.cleaned_data.get("consent_date")
        if value:
            check_date(
                value,
                latest=self.today,
                too_late="The date consent was given cannot be in the future.",
            )
        return value

    # --- the whole form ------------------------------------------------------------------

    def clean(self) -> dict[str, Any]:
        data = super().clean() or self.cleaned_data
        if self.only_programme:
            data["programme"] = self.only_programme
        self._clean_health_number(data)
        self._clean_consent(data)
        if self.submitting:
            for name, message in REQUIRED_TO_SUBMIT.items():
                if not data.get(name) and name not in self.errors:
                    self.add_error(name, message)
            self._clean_eligibility(data)
        self._find_duplicates(data)
        return data

    def _clean_health_number(self, data: dict[str, Any]) -> None:
        value = data.get("health_number", "")
        if not value or "health_number" in self.errors:
            return
        try:
            if data.get("health_number_kind") == Referral.NumberKind.CHI:
                data["health_number"] = validate_chi_number(value, data.get("date_of_birth"))
            else:
                data["health_number"] = validate_nhs_number(value)
        except ValidationError as error:
            self.add_error("health_number", error)

    def _clean_consent(self, data: dict[str, Any]) -> None:
        consented = data.get("consent_to_contact") or data.get("consent_to_share_with_mentor")
        if self.submitting and not data.get("consent_to_contact"):
            self.add_error(
                "consent_to_contact",
                "The patient must agree to be contacted before the referral can be sent. "
                "You can save it as a draft until they do.",
            )
        if consented or self.submitting:
            if not data.get("consent_date") and "consent_date" not in self.errors:
                self.add_error("consent_date", "Enter the date consent was given.")
            if not data.get("consent_method"):
                self.add_error("consent_method", "Choose how consent was given.")

    def _clean_eligibility(self, data: dict[str, Any]) -> None:
        programme = data.get("programme")
        if programme is None:
            return
        self.eligibility = eligibility_problems(
            programme=programme,
            date_of_birth=data.get("date_of_birth"),
            pain_duration_weeks=data.get("pain_duration_weeks"),
            discharge_date=data.get("discharge_date"),
            consent_to_contact=True,  # consent is a hard requirement, checked above
            today=self.today,
        )
        if self.eligibility and not data.get("eligibility_exception_reason", "").strip():
            self.add_error(
                "eligibility_exception_reason",
                "This patient is outside the programme's rules (see the list at the top). "
                "To refer them anyway, say why.",
            )

    def _find_duplicates(self, data: dict[str, Any]) -> None:
        programme = data.get("programme")
        if programme is None or data.get("confirm_not_duplicate"):
            return
        matches = Referral.objects.likely_duplicates_of(
            programme=programme,
            health_number="" if "health_number" in self.errors else data.get("health_number", ""),
            first_name=data.get("first_name", ""),
            last_name=data.get("last_name", ""),
            date_of_birth=data.get("date_of_birth"),
        )
        if self.instance.pk:
            matches = matches.exclude(pk=self.instance.pk)
        found = list(matches.order_by("-created_at")[:5])
        if not found:
            return
        visible = set(
            Referral.objects.visible_to(self.user)
            .filter(pk__in=[r.pk for r in found])
            .values_list("pk", flat=True)
        )
        self.duplicates = [(referral, referral.pk in visible) for referral in found]
        self.add_error(
            "confirm_not_duplicate",
            "This patient may already have been referred (see the list at the top). Check, "
            "then tick this box if you still want to save.",
        )

    def referral_fields(self) -> dict[str, Any]:
        """The cleaned values that belong on the Referral itself."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields}

    def fieldsets(self) -> list[Section]:
        shown = []
        for legend, names, folded in FIELDSETS:
            fields = [self[name] for name in names if name in self.fields]
            if all(field.is_hidden for field in fields):
                continue
            if names == ["confirm_not_duplicate"] and not self.duplicates:
                continue
            if names == ["eligibility_exception_reason"] and not (
                self.eligibility or self._answered(fields[0]) or fields[0].errors
            ):
                continue
            opened = any(field.errors or self._answered(field) for field in fields)
            shown.append(Section(legend, fields, folded, opened))
        return shown

    def _answered(self, field: forms.BoundField) -> bool:
        value = field.value()
        if isinstance(value, str):
            value = value.strip()
        return not _blank(value)


class PaperReferralForm(ReferralForm):
    """A coordinator types in a referral that came on paper or by phone."""

    source = forms.ChoiceField(
        label="How did this referral reach you?",
        choices=[(Referral.Source.PAPER, "On paper"), (Referral.Source.PHONE, "By phone")],
        widget=forms.RadioSelect,
    )


class AdvanceForm(PlainErrorsMixin, forms.Form):
    to_status = forms.ChoiceField(label="Next step", choices=[], widget=forms.HiddenInput)
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )

    def __init__(self, *args: Any, referral: Referral, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["to_status"]).choices = [
            (status, referral.status_label(status)) for status in referral.next_steps()
        ]
        self.fields["to_status"].error_messages["invalid_choice"] = (
            "This referral cannot be moved to that step. Reload the page to see where it is now."
        )
        self.fields["to_status"].error_messages["required"] = "Choose the next step."


class CloseForm(PlainErrorsMixin, forms.Form):
    plain_errors = {"reason": "Choose why the referral is being closed"}

    reason = forms.ChoiceField(
        label="Why is the referral being closed?",
        choices=[
            (value, label)
            for value, label in Referral.CloseReason.choices
            if value != Referral.CloseReason.WITHDRAWN
        ],
        widget=forms.RadioSelect,
    )
    note = forms.CharField(
        label="Note (optional)",
        required=False,
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class WithdrawForm(PlainErrorsMixin, forms.Form):
    plain_errors = {"note": "Enter why you are withdrawing this referral"}

    note = forms.CharField(
        label="Why are you withdrawing this referral?",
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
