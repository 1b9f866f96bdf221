from datetime import datetime

from django import template

from mentoring.models import Referral

register = template.Library()


@register.filter
def waiting_too_long(referral: Referral, now: datetime) -> bool:
    return referral.is_waiting_too_long(now)
