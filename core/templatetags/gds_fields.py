"""`{% gds_field form.name %}`: one form field in GOV.UK markup, written in Python.

It gives the markup crispy-forms-gds gives for `{{ form.name|as_crispy_field }}` (label,
hint, each problem in words tied to the box by `aria-describedby`, the box itself), for the
kinds of field the busy forms are made of: text boxes, text areas, drop-downs, a single tick
box, lists of radio buttons or tick boxes, and a day, month and year date. Crispy's field
template is a chain of a dozen included templates, and a form of 15 fields spent most of its
page's time in it; anything else still goes through crispy. tests/core/test_gds_fields.py
holds the two to the same markup.

Two differences, on purpose: a label is escaped (crispy marks it safe), and the items of a
disabled list of radios or tick boxes are disabled too (crispy leaves them enabled).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from crispy_forms.templatetags.crispy_forms_filters import as_crispy_field
from crispy_forms_gds.widgets import DateInputWidget
from django import forms, template
from django.forms.utils import flatatt
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# crispy-forms-gds's classes for each kind of box (CrispyGDSFieldNode), by widget class name.
BOX_CLASSES = {
    "textinput": "govuk-input",
    "emailinput": "govuk-input",
    "passwordinput": "govuk-input",
    "textarea": "govuk-textarea",
    "select": "govuk-select",
}
# The boxes crispy-forms-gds marks as having a problem (it uses the one class for all three).
MARKED_WHEN_WRONG = {"TextInput", "Textarea", "Select"}


@register.simple_tag
def gds_field(field: forms.BoundField) -> SafeString:
    widget = field.field.widget
    if field.is_hidden:
        return SafeString(str(field))
    if isinstance(widget, forms.CheckboxSelectMultiple):
        return _list(field, "checkboxes", _ticked(field.value()))
    if isinstance(widget, forms.RadioSelect):
        chosen = str(field.value())  # as crispy compares: a None value checks a None choice
        return _list(field, "radios", lambda choice: str(choice) == chosen)
    if isinstance(widget, forms.CheckboxInput):
        return _group(field, _problems(field), _tick_box(field))
    if type(widget).__name__.lower() in BOX_CLASSES:
        return _group(field, _label(field), _problems(field), _box(field))
    if isinstance(widget, DateInputWidget) and isinstance(field.field, forms.MultiValueField):
        return _date(field)
    return SafeString(as_crispy_field(field))


def _error_ids(field: forms.BoundField) -> list[str]:
    return [f"{field.auto_id}_{n}_error" for n in range(1, len(field.errors) + 1)]


def _described_by(field: forms.BoundField) -> str:
    hint = [f"{field.auto_id}_hint"] if field.help_text else []
    return " ".join(hint + _error_ids(field))


def _problems(field: forms.BoundField) -> SafeString:
    """The hint, then each problem in words."""
    hint = (
        format_html(
            '<div id="{}_hint" class="govuk-hint">{}</div>',
            field.auto_id,
            mark_safe(field.help_text),  # noqa: S308 - written by us, as crispy takes it
        )
        if field.help_text
        else ""
    )
    errors = format_html_join(
        "",
        '<span id="{}" class="govuk-error-message">'
        '<span class="govuk-visually-hidden">Error:</span> {}</span>',
        zip(_error_ids(field), field.errors, strict=True),
    )
    return format_html("{}{}", hint, errors)


def _group(field: forms.BoundField, *parts: SafeString | str) -> SafeString:
    classes = ["govuk-form-group"]
    if field.errors:
        classes.append("govuk-form-group--error")
    if field.css_classes():
        classes.append(field.css_classes())
    return format_html(
        '<div id="div_{}" class="{}">{}</div>',
        field.auto_id,
        " ".join(classes),
        format_html_join("", "{}", ((part,) for part in parts)),
    )


def _label(field: forms.BoundField) -> SafeString | str:
    if not field.label:
        return ""
    return format_html(
        '<label for="{}" class="govuk-label">{}</label>', field.id_for_label, field.label
    )


def select_html(field: forms.BoundField, attrs: dict[str, Any]) -> SafeString:
    """`field.as_widget(attrs=attrs)` for a drop-down, the same markup written in Python:
    Django builds a dictionary of attributes for every option and renders a template for the
    box, a third of a list page's filters. A model's options are read as one list rather
    than through a server-side cursor (three round trips to the database)."""
    widget = field.field.widget
    built = _widget_attrs(field, attrs)
    chosen = widget.format_value(field.value())
    found = False
    options: list[SafeString] = []
    for value, label in _choices(field.field):
        group = isinstance(label, list | tuple)
        items = []
        for item_value, item_label in label if group else [(value, label)]:
            selected = not found and str("" if item_value is None else item_value) in chosen
            found |= selected
            items.append(
                format_html(
                    '\n  <option value="{}"{}>{}</option>',
                    "" if item_value is None else item_value,
                    " selected" if selected else "",
                    item_label,
                )
            )
        joined = format_html_join("", "{}", ((item,) for item in items))
        options.append(
            format_html('\n  <optgroup label="{}">{}\n  </optgroup>', value, joined)
            if group
            else joined
        )
    return format_html(
        '<select name="{}"{}>{}\n</select>',
        field.html_name,
        flatatt(widget.build_attrs(widget.attrs, built)),
        format_html_join("", "{}", ((option,) for option in options)),
    )


def _widget_attrs(field: forms.BoundField, attrs: dict[str, Any]) -> dict[str, Any]:
    """The attributes `field.as_widget(attrs=attrs)` gives its widget (Django's own for a
    problem or a disabled field, and the id)."""
    widget = field.field.widget
    built = field.build_widget_attrs(dict(attrs), widget)
    if field.auto_id and "id" not in widget.attrs:
        built.setdefault("id", field.auto_id)
    return built


def _classes(kind_class: str, given: str) -> list[str]:
    """crispy-forms-gds's classes for a box: its kind's, then the widget's own, once each."""
    classes = [kind_class]
    classes += [c for c in given.split() if c not in classes]
    return classes


def _choices(field: forms.Field) -> Iterable[tuple[Any, Any]]:
    if isinstance(field, forms.ModelChoiceField):
        first = [("", field.empty_label)] if field.empty_label is not None else []
        return first + [
            (field.prepare_value(obj), field.label_from_instance(obj))
            for obj in field.queryset or ()
        ]
    return field.widget.choices  # type: ignore[attr-defined,no-any-return]


def is_select(widget: forms.Widget) -> bool:
    return isinstance(widget, forms.Select) and not widget.allow_multiple_selected


def _box(field: forms.BoundField) -> SafeString:
    widget = field.field.widget
    kind = type(widget).__name__
    classes = _classes(BOX_CLASSES[kind.lower()], widget.attrs.get("class", ""))
    if field.errors and kind in MARKED_WHEN_WRONG:
        classes.append("govuk-input--error")
    attrs: dict[str, Any] = {"class": " ".join(classes)}
    if described_by := _described_by(field):
        attrs["aria-describedby"] = described_by
    if is_select(widget):
        return select_html(field, attrs)
    return field.as_widget(attrs=attrs)


def _tick_box(field: forms.BoundField) -> SafeString:
    attrs: dict[str, Any] = {"class": "govuk-checkboxes__input"}
    if described_by := _described_by(field):
        attrs["aria-describedby"] = described_by
    return format_html(
        '<div class="govuk-checkboxes"><div class="govuk-checkboxes__item">{}'
        '<label class="govuk-label govuk-checkboxes__label" for="{}">{}</label></div></div>',
        field.as_widget(attrs=attrs),
        field.id_for_label,
        field.label,
    )


def _ticked(values: Any) -> Any:
    given = {str(value) for value in values or ()}
    return lambda value: str(value) in given


def _list(field: forms.BoundField, kind: str, checked: Any) -> SafeString:
    """Radios (kind "radios") or tick boxes ("checkboxes") in a fieldset."""
    name = field.html_name
    disabled = " disabled" if field.field.disabled else ""
    input_type = "radio" if kind == "radios" else "checkbox"
    items: list[SafeString] = []
    choices: Iterable[Any] = field.field.choices  # type: ignore[attr-defined]
    for n, choice in enumerate(choices, start=1):
        value, text = choice[0], choice[1]
        item_id = f"id_{name}_{n}"
        hint = getattr(choice, "hint", None)
        items.append(
            format_html(
                '<div class="govuk-{}__item"><input type="{}" name="{}" class="govuk-{}__input" '
                'id="{}" value="{}"{}{}{}><label class="govuk-label govuk-{}__label" for="{}">{}'
                "</label>{}</div>{}",
                kind,
                input_type,
                name,
                kind,
                item_id,
                value,
                mark_safe(' checked="checked"') if checked(value) else "",
                format_html(' aria-describedby="{}_hint"', item_id) if hint else "",
                disabled,
                kind,
                item_id,
                text,
                format_html(
                    '<span id="{}_hint" class="govuk-hint govuk-{}__hint">{}</span>',
                    item_id,
                    kind,
                    hint,
                )
                if hint
                else "",
                format_html('<div class="govuk-{}__divider">{}</div>', kind, choice.divider)
                if getattr(choice, "divider", None)
                else "",
            )
        )
    return _fieldset(
        field,
        format_html(
            '<div class="govuk-{}">{}</div>',
            kind,
            format_html_join("", "{}", ((item,) for item in items)),
        ),
    )


def _fieldset(field: forms.BoundField, inputs: SafeString) -> SafeString:
    """A field of several inputs: the label as the legend, the hint and each problem, then
    the inputs, in a fieldset that the hint and the problems describe."""
    described_by = _described_by(field)
    legend = (
        format_html('<legend class="govuk-fieldset__legend">{}</legend>', field.label)
        if field.label
        else ""
    )
    return _group(
        field,
        format_html(
            '<fieldset class="govuk-fieldset"{}>{}{}{}</fieldset>',
            format_html(' aria-describedby="{}"', described_by) if described_by else "",
            legend,
            _problems(field),
            inputs,
        ),
    )


def _date(field: forms.BoundField) -> SafeString:
    """A day, month and year (crispy-forms-gds's DateInputWidget): three labelled boxes in a
    fieldset. A problem about one box (core.forms.DayMonthYearField puts it on that box's
    field) marks that box and is tied to it; a problem about the whole date marks all three.
    Django works out each box's name, value, id and attributes (MultiWidget.get_context)."""
    widget = field.field.widget
    parts = field.field.fields  # type: ignore[attr-defined]
    part_errors = [getattr(part.widget, "errors", None) or [] for part in parts]
    drawn = widget.get_context(field.html_name, field.value(), _widget_attrs(field, {}))["widget"]
    wrong_ids = list(zip(_error_ids(field), field.errors, strict=True))
    boxes = []
    for box, errors in zip(drawn["subwidgets"], part_errors, strict=True):
        box_attrs = dict(box["attrs"])
        label = box_attrs.pop("label", "")
        classes = _classes("govuk-input", box_attrs.get("class", ""))
        if field.errors:
            if errors or not any(part_errors):
                classes.append("govuk-input--error")
            tied = [error_id for error_id, error in wrong_ids if error in errors]
            if tied or not field.help_text:
                box_attrs["aria-describedby"] = " ".join(tied)
        box_attrs["class"] = " ".join(classes)
        boxes.append(
            format_html(
                '<div class="govuk-date-input__item"><div class="govuk-form-group">'
                '<label class="govuk-label govuk-date-input__label" for="{}">{}</label>'
                '<input type="{}" name="{}"{}{}></div></div>',
                box_attrs.get("id", ""),
                label,
                box["type"],
                box["name"],
                format_html(' value="{}"', box["value"]) if box["value"] is not None else "",
                flatatt(box_attrs),
            )
        )
    return _fieldset(
        field,
        format_html(
            '<div class="govuk-date-input" id="{}">{}</div>',
            drawn["attrs"].get("id", ""),
            format_html_join("", "{}", ((box,) for box in boxes)),
        ),
    )
