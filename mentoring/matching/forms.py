"""The small forms behind the matching pages' buttons and the mentor look-up."""

from __future__ import annotations

from django import forms

from core.forms import PlainErrorsMixin


class ProposeForm(PlainErrorsMixin, forms.Form):
    """ "Propose this match" for one mentor in the suggestions list."""

    mentor = forms.IntegerField(min_value=1, max_value=2**31 - 1, widget=forms.HiddenInput)
    plain_errors = {"mentor": "Choose a mentor from the list."}


class LookUpForm(PlainErrorsMixin, forms.Form):
    q = forms.CharField(label="Mentor's name", max_length=100, required=False, strip=True)


class PairForm(PlainErrorsMixin, forms.Form):
    """Accept or reject one pair of the proposed assignment, or offer rejected pairs again."""

    ACCEPT, REJECT, RESET = "accept", "reject", "reset"
    action = forms.ChoiceField(
        choices=[(ACCEPT, "Accept"), (REJECT, "Reject"), (RESET, "Offer rejected pairs again")]
    )
    mentee = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)
    mentor = forms.IntegerField(min_value=1, max_value=2**31 - 1, required=False)

    def clean(self) -> dict:
        data = super().clean() or {}
        if data.get("action") in (self.ACCEPT, self.REJECT) and not (
            data.get("mentee") and data.get("mentor")
        ):
            raise forms.ValidationError("Choose a pair from the proposal.")
        return data
