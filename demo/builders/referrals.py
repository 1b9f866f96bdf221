"""Demo referrals: one in every state, made through the same services people use."""

from __future__ import annotations

import uuid
from datetime import date, datetime, timedelta

from django.utils import timezone

from accounts.models import Programme, Site, User
from core.validators import invented_nhs_number
from mentoring.referrals import services as referral_services
from mentoring.referrals.models import Referral

# (first name, last name, final state, days since sent, referrer, source)
DEMO_REFERRALS = [
    ("Ewan", "Hartley", Referral.Status.DRAFT, 0, "physio1", Referral.Source.ONLINE),
    ("Sheila", "Moffat", Referral.Status.SUBMITTED, 1, "physio1", Referral.Source.ONLINE),
    ("Norman", "Pryde", Referral.Status.SUBMITTED, 12, "physio2", Referral.Source.ONLINE),
    ("Elspeth", "Cairns", Referral.Status.SUBMITTED, 2, "coordinator", Referral.Source.PAPER),
    ("Gordon", "Lamont", Referral.Status.CONTACTED, 6, "physio1", Referral.Source.ONLINE),
    ("Maureen", "Tait", Referral.Status.CONSENTED, 9, "physio2", Referral.Source.ONLINE),
    # consented here; registered as a mentee (and so awaiting match) by demo.builders.mentees
    ("Kenneth", "Baillie", Referral.Status.CONSENTED, 15, "physio1", Referral.Source.ONLINE),
    ("Irene", "Doig", Referral.Status.MATCHED, 40, "physio2", Referral.Source.ONLINE),
    ("Walter", "Christie", Referral.CloseReason.DECLINED, 20, "physio1", Referral.Source.PHONE),
    ("Betty", "Lowrie", Referral.CloseReason.WITHDRAWN, 8, "physio2", Referral.Source.ONLINE),
]
STEPS = [
    Referral.Status.CONTACTED,
    Referral.Status.CONSENTED,
    Referral.Status.AWAITING_MATCH,
    Referral.Status.MATCHED,
]
DEMO_NAMESPACE = uuid.UUID("0d5d3f0e-6a1a-4b6e-9a43-5b1e2f9c7a10")


def build_referrals(programme: Programme) -> None:
    """One referral in every state, made through the same services people use."""
    coordinator = User.objects.get(email="coordinator@example.org")
    site = programme.sites.get(kind=Site.Kind.PHYSIOTHERAPY)
    now = timezone.now()
    for number, (first, last, state, days_ago, referrer, source) in enumerate(DEMO_REFERRALS):
        key = uuid.uuid5(DEMO_NAMESPACE, f"{first} {last}")
        if Referral.objects.filter(submission_key=key).exists():
            continue
        sent: datetime = now - timedelta(days=days_ago)
        by = User.objects.get(email=f"{referrer}@example.org")
        born = date(1938 + number * 2, 1 + number, 3 + number)
        result = referral_services.create_referral(
            by=by,
            programme=programme,
            fields=_demo_patient(first, last, born, number, site, sent),
            submission_key=key,
            submit=state != Referral.Status.DRAFT,
            source=source,
            now=sent,
        )
        referral = result.referral
        if state in Referral.CloseReason.values:
            closer = by if state == Referral.CloseReason.WITHDRAWN else coordinator
            referral_services.close(
                referral=referral,
                reason=state,
                by=closer,
                note="Demo: moved out of the area" if closer == by else "",
                now=sent + timedelta(days=2),
            )
            continue
        for step_number, step in enumerate(STEPS, start=1):
            if state not in STEPS[step_number - 1 :]:
                break
            referral = referral_services.advance(
                referral=referral,
                to_status=step,
                by=coordinator,
                now=sent + timedelta(days=step_number),
            )


def _demo_patient(
    first: str, last: str, born: date, number: int, site: Site, sent: datetime
) -> dict[str, object]:
    return {
        "first_name": first,
        "last_name": last,
        "date_of_birth": born,
        "health_number": invented_nhs_number(number + 1),
        "phone": f"+44770090{number:04d}",
        "address": f"{number + 3} Demo Street, Glenmore",
        "postcode": f"GL{number % 4 + 1} {number % 9 + 1}AB",
        "preferred_contact_times": "Weekday mornings",
        "site": site,
        "discharge_date": sent.date() - timedelta(days=2),
        "pain_duration_weeks": 20 + number * 4,
        "plan_exercises": "Knee rolls and pelvic tilts, twice a day",
        "plan_activity_goals": "Walk to the shops and back three times a week",
        "preferred_formats": ["phone", "walking"] if number % 2 else ["face_to_face"],
        "availability": ["mon_morning", "thu_afternoon"],
        "interests": "Gardening, local history",
        "consent_to_contact": True,
        "consent_to_share_with_mentor": True,
        "consent_date": sent.date() - timedelta(days=2),
        "consent_method": Referral.ConsentMethod.IN_PERSON,
    }
