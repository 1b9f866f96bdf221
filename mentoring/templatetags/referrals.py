from datetime import datetime

from django import template
from django.core.exceptions import ValidationError

from mentoring.models import Mentor, Referral
from mentoring.validators import format_health_number, format_uk_phone

register = template.Library()


@register.filter
def waiting_too_long(referral: Referral, now: datetime) -> bool:
    return referral.is_waiting_too_long(now)


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


@register.filter
def applicant_waiting_too_long(mentor: Mentor, now: datetime) -> bool:
    return mentor.is_waiting_too_long(now)
