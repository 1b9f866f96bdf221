"""Filters for showing people's details and waiting times in templates."""

from datetime import datetime
from typing import Any

from django import template
from django.core.exceptions import ValidationError

from core.validators import format_health_number, format_uk_phone

register = template.Library()


@register.filter
def waiting_too_long(record: Any, now: datetime) -> bool:
    """A referral or applicant past its programme's limit (their `is_waiting_too_long`)."""
    return bool(record.is_waiting_too_long(now))


applicant_waiting_too_long = register.filter("applicant_waiting_too_long", waiting_too_long)


@register.filter
def uk_phone(value: str) -> str:
    """+447700900123 -> 07700 900123 for reading aloud or dialling."""
    if not value:
        return ""
    try:
        return format_uk_phone(value)
    except ValidationError:
        return value


@register.filter
def health_number(value: str) -> str:
    """9434765919 -> 943 476 5919."""
    if not value:
        return ""
    try:
        return format_health_number(value)
    except ValidationError:
        return value
