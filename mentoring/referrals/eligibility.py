"""Who the programme takes: plain reasons why a patient falls outside its rules."""

from __future__ import annotations

from datetime import date

from accounts.models import Programme
from core.dates import age_on
from mentoring.referrals.models import ReferralSettings


def eligibility_problems(
    *,
    programme: Programme,
    date_of_birth: date | None,
    pain_duration_weeks: int | None,
    discharge_date: date | None,
    consent_to_contact: bool,
    today: date,
) -> list[str]:
    """Plain reasons why a patient falls outside the programme's rules; empty when none."""
    settings = ReferralSettings.for_programme(programme)
    problems = []
    if date_of_birth is not None:
        age = age_on(date_of_birth, today)
        if age < settings.eligibility_min_age:
            problems.append(
                f"Aged {age}: the programme takes people aged "
                f"{settings.eligibility_min_age} or over."
            )
    if (
        pain_duration_weeks is not None
        and pain_duration_weeks < settings.eligibility_min_pain_weeks
    ):
        problems.append(
            f"Back pain for {pain_duration_weeks} weeks: the programme takes people who have "
            f"had back pain for {settings.eligibility_min_pain_weeks} weeks or more."
        )
    if discharge_date is not None and discharge_date > today:
        problems.append(
            f"Not discharged yet (discharge date {discharge_date:%-d %B %Y}): the programme "
            "takes people once they are discharged from physiotherapy."
        )
    if not consent_to_contact:
        problems.append("The patient has not agreed to be contacted by the programme.")
    return problems
