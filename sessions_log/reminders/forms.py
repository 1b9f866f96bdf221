from __future__ import annotations

from typing import Any

from django import forms

from core.forms import PlainErrorsMixin
from sessions_log.reminders.models import (
    CoordinatorReminderPreferences,
    ManualReminder,
    MenteeReminderPreferences,
    MentorReminderPreferences,
)


class MentorPreferencesForm(PlainErrorsMixin, forms.ModelForm):
    class Meta:
        model = MentorReminderPreferences
        fields = ["channel", "contact_reminders", "log_nudges"]
        widgets = {"channel": forms.RadioSelect}
        labels = {
            "contact_reminders": "Remind me the day before each planned contact",
            "log_nudges": "Remind me to log a contact when I have not logged it",
        }

    def clean_channel(self) -> str:
        channel = self.cleaned_data["channel"]
        if channel == MentorReminderPreferences.Channel.TEXT and not self.instance.mentor.phone:
            raise forms.ValidationError(
                "We do not have a mobile number for you. Ask your coordinator to add one, "
                "or choose email."
            )
        return channel


class CoordinatorPreferencesForm(PlainErrorsMixin, forms.ModelForm):
    class Meta:
        model = CoordinatorReminderPreferences
        fields = ["daily_digest"]
        labels = {
            "daily_digest": "Send me a summary each morning of new flags, referrals and "
            "applicants waiting"
        }


class MenteePreferencesForm(PlainErrorsMixin, forms.ModelForm):
    class Meta:
        model = MenteeReminderPreferences
        fields = ["contact_reminders", "feedback_requests"]
        labels = {
            "contact_reminders": "They would like a reminder the day before each contact",
            "feedback_requests": "They are happy to be asked how the mentoring is going "
            "(after the second and the last session)",
        }


class LettersPrintedForm(PlainErrorsMixin, forms.Form):
    letters = forms.ModelMultipleChoiceField(
        queryset=ManualReminder.objects.none(),
        widget=forms.MultipleHiddenInput,
        error_messages={
            "required": "There are no letters to mark as printed.",
            "invalid_choice": "Some of these letters have already been marked as printed. "
            "Check the list below and try again.",
            "invalid_pk_value": "Some of these letters have already been marked as printed. "
            "Check the list below and try again.",
        },
    )

    def __init__(self, *args: Any, letters: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if letters is not None:
            self.fields["letters"].queryset = letters  # type: ignore[attr-defined]
