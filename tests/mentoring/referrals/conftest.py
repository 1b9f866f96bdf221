import uuid
from datetime import timedelta

import pytest
from django.utils import timezone

from tests.factories import nhs_number


@pytest.fixture
def referral_post():
    """A complete, valid referral as a physiotherapist would type it (invented patient)."""

    def build(**changes):
        today = timezone.localdate()
        data = {
            "submission_key": str(uuid.uuid4()),
            "first_name": "Agnes",
            "last_name": "Testperson",
            "date_of_birth": "1950-04-12",
            "health_number_kind": "nhs",
            "health_number": "943 476 5919",
            "phone": "07700 900123",
            "email": "",
            "address": "1 Example Street\nGlenmore",
            "postcode": "eh3 9dr",
            "preferred_contact_method": "phone",
            "preferred_contact_times": "Weekday mornings",
            "discharge_date": (today - timedelta(days=3)).isoformat(),
            "pain_duration_weeks": "30",
            "plan_exercises": "Pelvic tilts daily",
            "plan_activity_goals": "Walk 20 minutes a day",
            "plan_notes": "",
            "preferred_formats": ["phone", "walking"],
            "availability": ["mon_morning", "wed_afternoon"],
            "mentor_gender_preference": "",
            "interests": "Gardening",
            "needs_hearing": "Hearing aid: speak clearly",
            "needs_sight": "",
            "needs_mobility": "",
            "needs_transport": "No car",
            "safety_information": "",
            "consent_to_contact": "on",
            "consent_to_share_with_mentor": "on",
            "consent_date": today.isoformat(),
            "consent_method": "in_person",
            "eligibility_exception_reason": "",
            "submit": "1",
        }
        for key, value in changes.items():
            if value is None:
                data.pop(key, None)
            else:
                data[key] = value
        return data

    return build


@pytest.fixture
def another_nhs_number():
    return nhs_number(999)
