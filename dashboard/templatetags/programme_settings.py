"""`programme|referral_rules` and `programme|mentoring_plan` in the home page: a programme's
settings, kept with each feature, or the feature's defaults when none are saved. No query
when the overview loaded them with select_related."""

from django import template

from accounts.models import Programme
from mentoring.matching.models import MatchingSettings
from mentoring.referrals.models import ReferralSettings

register = template.Library()


@register.filter
def referral_rules(programme: Programme) -> ReferralSettings:
    return ReferralSettings.for_programme(programme)


@register.filter
def mentoring_plan(programme: Programme) -> MatchingSettings:
    return MatchingSettings.for_programme(programme)
