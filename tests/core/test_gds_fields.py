"""`{% gds_field %}` gives the markup crispy-forms-gds gives, for every field of every form
of ours, with and without problems shown: the same elements, attributes, ids and words (the
order of attributes and the spaces between tags aside)."""

from __future__ import annotations

from datetime import date
from html.parser import HTMLParser

import pytest
from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from django import forms
from django.template import Context, Template

from core.forms import DayMonthYearField
from core.templatetags.gds_fields import gds_field, is_select, select_html
from tests.core.test_plain_errors import FORM_CLASSES, form_arguments, make  # noqa: F401

pytestmark = pytest.mark.django_db


class Canonical(HTMLParser):
    """Elements with their attributes as sets of words, and the words between them."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.items: list[tuple[str, ...]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = []
        for name, value in attrs:
            if name == "disabled" and tag == "input":
                continue  # gds_field disables the items of a disabled list; crispy does not
            words = " ".join(sorted((value or "").split())) if value is not None else None
            found.append(f"{name}={words}")
        self.items.append(("start", tag, *sorted(found)))

    def handle_endtag(self, tag: str) -> None:
        self.items.append(("end", tag))

    def handle_data(self, data: str) -> None:
        if data.strip():
            self.items.append(("text", " ".join(data.split())))


def canonical(html: str) -> list[tuple[str, ...]]:
    parser = Canonical()
    parser.feed(html)
    parser.close()
    return parser.items


def rendered_both_ways(cls, arguments, bound: bool):
    def one() -> forms.BaseForm:
        form = make(cls, arguments)
        if not bound:
            form.data, form.is_bound = {}, False
            form._errors = None  # type: ignore[assignment]
        else:
            form.is_valid()
        return form

    ours, theirs = one(), one()
    for name in ours.fields:
        yield name, gds_field(ours[name]), as_crispy_field(theirs[name])


@pytest.mark.parametrize("bound", [False, True], ids=["unbound", "sent empty"])
@pytest.mark.parametrize("cls", FORM_CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_field_of_every_form_is_drawn_as_crispy_draws_it(cls, bound, form_arguments):  # noqa: F811
    for name, ours, theirs in rendered_both_ways(cls, form_arguments, bound):
        assert canonical(ours) == canonical(theirs), name


class Everything(forms.Form):
    text = forms.CharField(label="Your name", help_text="As on your letters", max_length=5)
    area = forms.CharField(label="Notes", widget=forms.Textarea, required=False)
    pick = forms.ChoiceField(label="Status", choices=[("a", "A"), ("b", "B")])
    radios = forms.ChoiceField(
        label="How?", choices=[(1, "Phone"), (2, "Video")], widget=forms.RadioSelect,
        help_text="Choose one",
    )  # fmt: skip
    ticks = forms.MultipleChoiceField(
        label="Which?", choices=[("x", "X"), ("y", "Y"), ("z", "Z")],
        widget=forms.CheckboxSelectMultiple,
    )  # fmt: skip
    tick = forms.BooleanField(label="I agree", help_text="You must")


@pytest.mark.parametrize(
    "data",
    [
        {},
        {"text": "too long", "pick": "c", "radios": "2", "ticks": ["x", "z"], "tick": "on"},
        {"text": "Ann", "area": "<b>", "pick": "b", "radios": "9", "ticks": ["q"]},
    ],
    ids=["empty", "some wrong", "others wrong"],
)
def test_each_kind_of_field_with_values_and_problems(data):
    ours, theirs = Everything(data), Everything(data)
    ours.is_valid(), theirs.is_valid()
    for name in ours.fields:
        assert canonical(gds_field(ours[name])) == canonical(as_crispy_field(theirs[name])), name


def test_chosen_and_ticked_items_are_marked_and_text_is_escaped():
    form = Everything({"text": "<script>", "radios": "2", "ticks": ["y"], "tick": "on"})
    form.is_valid()
    assert 'value="2" checked="checked"' in gds_field(form["radios"])
    assert 'value="1" checked' not in gds_field(form["radios"])
    assert 'value="y" checked="checked"' in gds_field(form["ticks"])
    assert "<script>" not in gds_field(form["text"])
    assert "checked" in gds_field(form["tick"])


def test_a_disabled_list_disables_each_item():
    form = Everything()
    form.fields["ticks"].disabled = True
    assert gds_field(form["ticks"]).count(" disabled") == 3


def test_the_tag_in_a_template():
    html = Template("{% load gds_fields %}{% gds_field form.text %}").render(
        Context({"form": Everything({})})
    )
    assert 'id="div_id_text" class="govuk-form-group govuk-form-group--error"' in html
    assert 'aria-describedby="id_text_hint id_text_1_error"' in html


class Dated(forms.Form):
    when = DayMonthYearField(label="Date of the session")
    born = DayMonthYearField(label="Date of birth", required=False, example="4 7 1950")


@pytest.mark.parametrize(
    "data",
    [
        None,
        {},
        {"when_0": "3", "when_2": "2026", "born_1": "7"},  # a box missing
        {"when_0": "31", "when_1": "2", "when_2": "2026"},  # no such day
        {"when_0": "x", "when_1": "13", "when_2": "26", "born_0": " 4 ", "born_1": "7"},
        {
            "when_0": "1",
            "when_1": "2",
            "when_2": "2026",
            "born_0": "4",
            "born_1": "7",
            "born_2": "1950",
        },
    ],
    ids=["unbound", "empty", "a box missing", "no such day", "letters", "right"],
)
@pytest.mark.parametrize("disabled", [False, True], ids=["open", "disabled"])
def test_a_date_in_three_boxes(data, disabled, monkeypatch):
    def crispy_called(field):
        raise AssertionError("the date went through crispy")

    monkeypatch.setattr("core.templatetags.gds_fields.as_crispy_field", crispy_called)

    def form():
        made = Dated(data, initial={"born": date(1950, 7, 4)})
        for field in made.fields.values():
            field.disabled = disabled
        made.is_valid()
        return made

    ours, theirs = form(), form()
    for name in ours.fields:
        assert canonical(gds_field(ours[name])) == canonical(as_crispy_field(theirs[name])), name


@pytest.mark.parametrize("data", [{}, {"when_0": "3", "when_2": "2026"}], ids=["empty", "part"])
def test_a_date_without_a_hint(data):
    def form():
        made = Dated(data)
        made.fields["when"].help_text = ""
        made.is_valid()
        return made

    ours, theirs = form(), form()
    assert canonical(gds_field(ours["when"])) == canonical(as_crispy_field(theirs["when"]))


def test_a_problem_with_one_box_marks_that_box():
    form = Dated({"when_0": "3", "when_2": "2026"})
    form.is_valid()
    html = gds_field(form["when"])
    assert html.count("govuk-input--error") == 1
    assert 'aria-describedby="id_when_1_error"' in html
    assert "Date of the session must include a month" in html
    whole = Dated({})
    whole.is_valid()
    assert gds_field(whole["when"]).count("govuk-input--error") == 3


# --- Drop-downs written in Python (select_html) ----------------------------------------------

GOVUK_SELECT = {"class": "govuk-select", "aria-describedby": "x_hint"}


def selects_of(form: forms.BaseForm):
    return [form[name] for name, field in form.fields.items() if is_select(field.widget)]


@pytest.mark.parametrize("cls", FORM_CLASSES, ids=lambda cls: f"{cls.__module__}.{cls.__name__}")
def test_every_drop_down_of_every_form_is_the_widget_django_renders(cls, form_arguments):  # noqa: F811
    for bound in (False, True):
        ours, theirs = make(cls, form_arguments), make(cls, form_arguments)
        if bound:
            ours.is_valid(), theirs.is_valid()
        else:
            for form in (ours, theirs):
                form.data, form.is_bound = {}, False
        for mine, django in zip(selects_of(ours), selects_of(theirs), strict=True):
            expected = django.as_widget(attrs=dict(GOVUK_SELECT))
            assert canonical(select_html(mine, dict(GOVUK_SELECT))) == canonical(expected)


FILTERSETS = [
    ("mentoring.referrals.filters", "ReferralInboxFilter", "referrals.Referral"),
    ("mentoring.matching.filters", "RelationshipFilter", "matching.Relationship"),
    ("sessions_log.monitoring.filters", "FlagFilter", "monitoring.Flag"),
]


@pytest.mark.parametrize(("module", "name", "model"), FILTERSETS, ids=[f[1] for f in FILTERSETS])
@pytest.mark.parametrize("data", [{}, {"status": "contacted", "site": "1", "rule": "x"}])
def test_every_drop_down_of_every_list_filter_is_the_widget_django_renders(
    module, name, model, data, coordinator, programme
):
    import importlib

    from django.apps import apps

    from tests.factories import SiteFactory

    SiteFactory(programme=programme)
    SiteFactory(programme=programme, name="Another <site>")
    cls = getattr(importlib.import_module(module), name)
    queryset = apps.get_model(model).objects.all()

    def form():
        filters = cls(data, queryset=queryset, user=coordinator)
        filters.is_valid()
        return filters.form

    for mine, django in zip(selects_of(form()), selects_of(form()), strict=True):
        expected = django.as_widget(attrs=dict(GOVUK_SELECT))
        assert canonical(select_html(mine, dict(GOVUK_SELECT))) == canonical(expected)


class Grouped(forms.Form):
    pick = forms.ChoiceField(
        label="Pick",
        choices=[("", "Choose"), ("Fruit", [("a", "Apple"), ("b", "Banana & co")]), (3, "Three")],
    )


@pytest.mark.parametrize("data", [{}, {"pick": "b"}, {"pick": "3"}, {"pick": "zz"}])
def test_groups_of_options_and_the_chosen_one(data):
    ours, theirs = Grouped(data or None), Grouped(data or None)
    ours.is_valid(), theirs.is_valid()
    expected = theirs["pick"].as_widget(attrs={"class": "govuk-select"})
    html = select_html(ours["pick"], {"class": "govuk-select"})
    assert canonical(html) == canonical(expected)
    assert "Banana &amp; co" in html
