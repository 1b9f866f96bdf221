"""`field|problem_links`: where each error in the error summary should take the person.

A group of radios or checkboxes has no element with the field's own id: the link goes to
its first option (crispy-forms-gds names them id_<name>_1, id_<name>_2...). Other fields
go to the field itself, or for a day/month/year date to the box with the problem."""

from typing import Any

from crispy_forms_gds.templatetags.crispy_forms_gds import field_errors
from django import forms, template

from core.forms import DayMonthYearField

register = template.Library()


@register.filter
def problem_links(bound_field: forms.BoundField) -> list[tuple[str, Any]]:
    widget = bound_field.field.widget
    if isinstance(widget, forms.RadioSelect | forms.CheckboxSelectMultiple):
        return [(f"id_{bound_field.html_name}_1", error) for error in bound_field.errors]
    if isinstance(bound_field.field, DayMonthYearField):
        # Each problem once, linked to the first box that has it: the day box when the
        # problem is with the whole date (too early, too late, missing).
        boxes = [getattr(f.widget, "errors", []) for f in bound_field.field.fields]
        links = []
        for error in bound_field.errors:
            index = next((i for i, errors in enumerate(boxes) if error in errors), 0)
            links.append((f"{bound_field.auto_id}_{index}", error))
        return links
    return [(field_id, error) for field_id, errors in field_errors(bound_field) for error in errors]
