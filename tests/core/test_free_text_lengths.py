"""Every box a person types free text into has a limit, shown and checked by its form."""

import pytest
from django.apps import apps
from django.db import models

from mentoring.recruitment.forms import StatusForm
from mentoring.referrals.forms import AdvanceForm, CloseForm, WithdrawForm
from mentoring.training.forms import TrainingSessionForm

OUR_APPS = {"core", "accounts", "notifications", "referrals", "recruitment", "training",
            "matching", "monitoring"}  # fmt: skip


def test_every_text_field_of_our_models_has_a_maximum_length():
    unlimited = [
        f"{model.__name__}.{field.name}"
        for model in apps.get_models()
        if model._meta.app_label in OUR_APPS
        for field in model._meta.get_fields()
        if isinstance(field, models.TextField) and field.max_length is None
    ]
    assert unlimited == []


@pytest.mark.parametrize(
    ("form_class", "name", "limit"),
    [
        (AdvanceForm, "note", 1000),
        (CloseForm, "note", 1000),
        (WithdrawForm, "note", 1000),
        (StatusForm, "reason", 1000),
        (TrainingSessionForm, "notes", 2000),
    ],
)
def test_the_notes_and_reasons_of_forms_without_a_model_have_a_limit(form_class, name, limit):
    field = form_class.base_fields[name]
    assert field.max_length == limit
    assert field.widget_attrs(field.widget)["maxlength"] == str(limit)
