"""Every form of ours says what to do when an answer is missing or wrong: 'Enter your phone
number, like 07700 900123', never Django's 'This field is required.'."""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from datetime import date
from typing import Any

import pytest
from django import forms
from django.conf import settings
from django.test import RequestFactory
from django.utils import timezone

from core.forms import (
    EMAIL_MESSAGE,
    NUMBER_MESSAGE,
    REAL_DATE_MESSAGE,
    BoundedDateField,
    PlainErrorsMixin,
    django_default_messages,
)
from mentoring.training.models import TrainingModule
from tests.factories import (
    MentorFactory,
    ReferralFactory,
    RelationshipFactory,
    TrainingModuleFactory,
)
from tests.support.dates import date_boxes

pytestmark = pytest.mark.django_db

OUR_ROOTS = {"core", "accounts", "notifications", "mentoring", "sessions_log", "dashboard", "demo"}
OUR_PACKAGES = [app for app in settings.INSTALLED_APPS if app.split(".")[0] in OUR_ROOTS]


def our_modules() -> list[str]:
    names = set()
    for app in OUR_PACKAGES:
        package = importlib.import_module(app)
        names.add(app)
        for info in pkgutil.walk_packages(package.__path__, prefix=f"{app}."):
            if ".migrations" in info.name or ".management" in info.name:
                continue
            names.add(info.name)
    return sorted(names)


def our_form_classes() -> list[type[forms.BaseForm]]:
    found: dict[str, type[forms.BaseForm]] = {}
    for name in our_modules():
        module = importlib.import_module(name)
        for value in vars(module).values():
            if (
                inspect.isclass(value)
                and issubclass(value, forms.BaseForm)
                and value.__module__.split(".")[0] in OUR_ROOTS
                and "admin" not in value.__module__.split(".")
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    # allauth's forms as this site uses them (settings.ACCOUNT_FORMS)
    for path in settings.ACCOUNT_FORMS.values():
        module, _, cls = path.rpartition(".")
        found[path] = getattr(importlib.import_module(module), cls)
    return [found[key] for key in sorted(found)]


FORM_CLASSES = our_form_classes()


def test_the_walk_finds_the_forms_people_use():
    names = {cls.__name__ for cls in FORM_CLASSES}
    assert {
        "LoginForm", "ResetPasswordForm", "ResetPasswordKeyForm", "ChangePasswordForm",
        "SetPasswordForm", "MentorProfileForm", "CloseForm", "WithdrawForm", "ReferralForm",
        "MentorApplicationForm", "TrainingSessionForm",
    } <= names  # fmt: skip


@pytest.fixture
def form_arguments(programme, coordinator, mentor) -> dict[str, Any]:
    module = TrainingModuleFactory(programme=programme, pass_mark=80)
    volunteer = MentorFactory(programme=programme)
    return {
        "user": coordinator,
        "today": timezone.localdate(),
        "submitting": True,
        "mentor": volunteer,
        "referral": ReferralFactory(programme=programme),
        "programmes": [programme],
        "modules": TrainingModule.objects.filter(pk=module.pk),
        "mentors": [volunteer],
        "request": RequestFactory().post("/"),
        "temp_key": "x",
        "relationship": RelationshipFactory(programme=programme),
        "signs": ["A red-flag sign"],
    }


# allauth's forms take theirs from **kwargs
ALLAUTH_ARGUMENTS = {
    "LoginForm": {"request"},
    "ResetPasswordKeyForm": {"user", "temp_key"},
    "ChangePasswordForm": {"user"},
    "SetPasswordForm": {"user"},
    "ReauthenticateForm": {"user"},
}


def make(cls: type[forms.BaseForm], arguments: dict[str, Any]) -> forms.BaseForm:
    wanted = {
        name
        for klass in cls.__mro__
        if "__init__" in vars(klass)
        for name, parameter in inspect.signature(klass.__init__).parameters.items()
        if parameter.kind is inspect.Parameter.KEYWORD_ONLY
    }
    wanted |= (
        ALLAUTH_ARGUMENTS.get(cls.__name__, set()) if cls.__module__ == "accounts.forms" else set()
    )
    return cls(data={}, **{name: arguments[name] for name in wanted if name in arguments})


@pytest.mark.parametrize("cls", FORM_CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_no_field_says_only_that_it_is_required(cls, form_arguments):
    form = make(cls, form_arguments)
    assert isinstance(form, PlainErrorsMixin), "put PlainErrorsMixin first among its bases"
    form.is_valid()
    for name, field in form.fields.items():
        defaults = django_default_messages(field)
        for key in ("required", "invalid", "invalid_choice"):
            if key in field.error_messages:
                assert str(field.error_messages[key]) != defaults.get(key), (name, key)
        assert "This field is required." not in str(field.error_messages.get("required"))
    for name, messages in form.errors.items():
        for message in messages:
            assert message != "This field is required.", name


class Example(PlainErrorsMixin, forms.Form):
    plain_errors = {"phone": "Enter your phone number, like 07700 900123"}

    phone = forms.CharField(label="Phone number")
    name = forms.CharField(label="Full name")
    health_number = forms.CharField(label="NHS or CHI number")
    email = forms.EmailField(label="Email address")
    held_on = BoundedDateField(label="Date")
    weeks = forms.IntegerField(label="Number of weeks", min_value=1)
    outcome = forms.ChoiceField(label="Outcome", choices=[("a", "A")], widget=forms.RadioSelect)
    reason = forms.ChoiceField(label="Why is it closed?", choices=[("a", "A")])
    agree = forms.BooleanField(label="I agree")
    chosen = forms.CharField(label="Note", error_messages={"required": "Write a note."})

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["added_later"] = forms.IntegerField(label="Score")


def errors(**data: str) -> dict[str, str]:
    form = Example(data=data)
    form.is_valid()
    return {name: " ".join(messages) for name, messages in form.errors.items()}


def test_missing_answers_are_asked_for_by_name_and_kind():
    assert errors() == {
        "phone": "Enter your phone number, like 07700 900123",
        "name": "Enter full name",
        "health_number": "Enter NHS or CHI number",
        "email": "Enter email address",
        "held_on": "Enter the date",
        "weeks": "Enter number of weeks",
        "outcome": "Choose outcome",
        "reason": "Answer the question: Why is it closed?",
        "agree": "Tick the box to confirm: I agree",
        "chosen": "Write a note.",
        "added_later": "Enter score",
    }


def test_wrong_answers_say_what_a_right_one_looks_like():
    found = errors(email="not-an-email", held_on_0="27", held_on_1="March", held_on_2="2026",
                   weeks="twelve", outcome="z")  # fmt: skip
    assert found["email"] == EMAIL_MESSAGE
    assert found["held_on"] == REAL_DATE_MESSAGE
    assert found["weeks"] == NUMBER_MESSAGE
    assert found["outcome"] == "Choose one of the options shown"
    assert errors(weeks="0")["weeks"] == "Enter a number of 1 or more"


def test_a_date_too_early_keeps_its_own_message():
    assert errors(**date_boxes("held_on", date(1980, 1, 1)))["held_on"] == (
        "Enter a date on or after 1 January 1990."
    )
