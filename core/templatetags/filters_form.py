"""A list page's filter box (a drop-down or a text box), written in Python.

A list's filters are on every view of the list, and crispy-forms' field template (a dozen
nested includes for each box) took a fifth of a list page's time. This writes the same
GOV.UK markup as crispy-forms-gds does for a select or a text input, label first, and the
problem in words beside the box when there is one."""

from __future__ import annotations

from django import forms, template
from django.utils.html import format_html
from django.utils.safestring import SafeString

from core.templatetags.gds_fields import is_select, select_html

register = template.Library()


@register.simple_tag
def filter_field(field: forms.BoundField) -> SafeString:
    widget = field.field.widget
    base = "govuk-select" if isinstance(widget, forms.Select) else "govuk-input"
    attrs: dict[str, str | bool] = {"class": f"{base} {base}--error" if field.errors else base}
    error = SafeString("")
    if field.errors:
        attrs["aria-describedby"] = f"{field.auto_id}-error"
        error = format_html(
            '<p id="{}-error" class="govuk-error-message">'
            '<span class="govuk-visually-hidden">Error:</span> {}</p>',
            field.auto_id,
            field.errors[0],
        )
    return format_html(
        '<div id="div_{}" class="govuk-form-group{}"><label for="{}" class="govuk-label">{}'
        "</label>{}{}</div>",
        field.auto_id,
        " govuk-form-group--error" if field.errors else "",
        field.id_for_label,
        field.label,
        error,
        select_html(field, attrs) if is_select(widget) else field.as_widget(attrs=attrs),
    )
