from __future__ import annotations

from django import forms

from core.forms import PlainErrorsMixin
from core.models import REASON_LENGTH
from sessions_log.monitoring.models import Feedback


class ResolveFlagForm(PlainErrorsMixin, forms.Form):
    plain_errors = {"note": "Say what was done, so other coordinators know"}

    note = forms.CharField(
        label="What was done?",
        help_text="For example: phoned the mentor; they meet again on Friday.",
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class FeedbackForm(PlainErrorsMixin, forms.Form):
    """The mentee's check-in: large radio buttons from 5 to 1, each with words."""

    plain_errors = {"rating": "Choose how your mentoring is going, from 1 to 5"}

    rating = forms.TypedChoiceField(
        label="How is your peer mentoring going?",
        choices=[(value, f"{value}: {words}") for value, words in Feedback.RATINGS],
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label="Anything you would like to tell us? (you do not have to)",
        required=False,
        max_length=REASON_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class EnterFeedbackForm(FeedbackForm):
    """A coordinator writing down what a mentee said on the phone."""

    plain_errors = {
        "rating": "Choose what the mentee said, from 1 to 5",
        "point": "Choose when the feedback is about",
    }

    point = forms.ChoiceField(
        label="When is it about?", choices=Feedback.Point.choices, widget=forms.RadioSelect
    )

    field_order = ["point", "rating", "comment"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["rating"].label = "What did the mentee say: how is it going?"
        self.fields["comment"].label = "What else did they say? (optional)"
