"""Demo mentees waiting for a mentor: each referred, contacted, consented and registered
through the same services people use, so their referrals are "awaiting match". Invented
people with Edinburgh-area postcodes; varied preferences, needs and ways of being reminded;
two with accounts (the demo's mentee5 and mentee6)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.utils import timezone

from accounts.models import Programme, Site, User
from core.validators import invented_nhs_number
from demo.builders.referrals import DEMO_NAMESPACE
from mentoring.mentees import services as mentee_services
from mentoring.mentees.models import Mentee
from mentoring.referrals import services as referral_services
from mentoring.referrals.models import Referral

# Demo referrals (demo.builders.referrals) that are registered here, so that the referral
# in "awaiting match" has its mentee like every other.
REGISTERED_DEMO_REFERRALS = ["Kenneth Baillie"]


@dataclass(frozen=True)
class DemoMentee:
    first_name: str
    last_name: str
    postcode: str
    days_waiting: int
    formats: list[str]
    availability: list[str]
    referral_interests: str  # what the physiotherapist wrote
    interests: list[str]  # what the coordinator ticked
    channel: str
    phone: str
    email: str = ""
    gender_preference: str = ""
    languages: str = "English"
    needs: dict[str, object] = field(default_factory=dict)
    account: str = ""  # a demo mentee's sign-in, when they have an account
    share_goals: bool = True


DEMO_MENTEES = [
    DemoMentee(
        "Rose", "Fairlie", "EH3 9DR", 34, ["walking", "face_to_face"],
        ["tue_morning", "thu_morning"], "Gardening, her allotment", ["gardening", "walking"],
        Mentee.Channel.EMAIL, "+447700900211", email="mentee5@example.org",
        gender_preference="woman", account="mentee5",
    ),
    DemoMentee(
        "Douglas", "Imrie", "EH6 4QT", 21, ["phone"], ["mon_afternoon", "wed_afternoon"],
        "Football (Hibs), crosswords", ["sport", "puzzles"], Mentee.Channel.TEXT,
        "+447700900212", email="mentee6@example.org", account="mentee6",
        needs={"needs_hearing_support": True},
    ),
    DemoMentee(
        "Morag", "Sinclair", "EH11 2AB", 18, ["face_to_face", "group"],
        ["wed_morning", "fri_morning"], "Knitting group at the church", ["crafts", "community"],
        Mentee.Channel.LETTER, "+441314960213", gender_preference="woman",
        needs={"needs_large_print": True, "helper_name": "Her daughter, Fiona",
               "helper_phone": "+447700900223"},
    ),
    DemoMentee(
        "Tadeusz", "Nowak", "EH7 5JR", 9, ["phone", "walking"], ["sat_morning", "sun_morning"],
        "Fishing, cooking", ["cooking", "travel"], Mentee.Channel.PHONE, "+447700900214",
        gender_preference="man", languages="Polish, some English",
        needs={"interpreter_language": "Polish"},
    ),
    DemoMentee(
        "Isla", "Gourlay", "EH4 1NH", 4, ["video", "phone"], ["tue_evening", "thu_evening"],
        "Reading, grandchildren", ["reading", "family"], Mentee.Channel.EMAIL,
        "+447700900215", email="isla.gourlay@example.org",
    ),
    DemoMentee(
        "Archie", "Dunbar", "EH12 7TB", 2, ["walking"], ["mon_morning", "fri_afternoon"],
        "Dog walking, bowls", ["pets", "sport"], Mentee.Channel.PHONE, "+441314960216",
        needs={"other_needs": "Uses a walking stick; benches on the route help."},
        share_goals=False,
    ),
]  # fmt: skip


def build_mentees(programme: Programme) -> None:
    """Register each demo mentee (and the demo referrals named above). Safe to run again:
    a mentee whose referral exists already is left as it is."""
    coordinator = User.objects.get(email="coordinator@example.org")
    physiotherapist = User.objects.get(email="physio1@example.org")
    site = programme.sites.get(kind=Site.Kind.PHYSIOTHERAPY)
    now = timezone.now()
    for name in REGISTERED_DEMO_REFERRALS:
        referral = Referral.objects.filter(
            submission_key=uuid.uuid5(DEMO_NAMESPACE, name), status=Referral.Status.CONSENTED
        ).first()
        if referral is not None:
            mentee_services.register(
                referral=referral,
                by=coordinator,
                fields={"interests": ["gardening"], "reminder_channel": Mentee.Channel.PHONE},
                now=referral.status_changed_at + timedelta(days=1),
            )
    for number, person in enumerate(DEMO_MENTEES):
        key = uuid.uuid5(DEMO_NAMESPACE, f"mentee {person.first_name} {person.last_name}")
        if Referral.objects.filter(submission_key=key).exists():
            continue
        registered = now - timedelta(days=person.days_waiting)
        sent = registered - timedelta(days=7)
        referral = referral_services.create_referral(
            by=physiotherapist,
            programme=programme,
            fields=_referral_fields(person, number, site, sent.date()),
            submission_key=key,
            submit=True,
            now=sent,
        ).referral
        for step, days in ((Referral.Status.CONTACTED, 2), (Referral.Status.CONSENTED, 4)):
            referral = referral_services.advance(
                referral=referral, to_status=step, by=coordinator, now=sent + timedelta(days=days)
            )
        mentee = mentee_services.register(
            referral=referral,
            by=coordinator,
            fields=_mentee_fields(person, referral),
            now=registered,
        ).mentee
        if person.account:
            Mentee.objects.filter(pk=mentee.pk).update(
                user=User.objects.get(email=f"{person.account}@example.org")
            )


def _referral_fields(
    person: DemoMentee, number: int, site: Site, sent_on: date
) -> dict[str, object]:
    return {
        "first_name": person.first_name,
        "last_name": person.last_name,
        "date_of_birth": date(1941 + number * 3, 1 + number * 2, 5 + number * 3),
        "health_number": invented_nhs_number(101 + number),
        "phone": person.phone,
        "email": person.email,
        "address": f"{10 + number} Example Road, Edinburgh",
        "postcode": person.postcode,
        "preferred_contact_method": Referral.ContactMethod.PHONE,
        "site": site,
        "discharge_date": sent_on - timedelta(days=3),
        "pain_duration_weeks": 26 + number * 6,
        "plan_exercises": "Pelvic tilts and knee rolls each morning; a short walk each day",
        "plan_activity_goals": "Walk for 20 minutes without stopping; get back to the shops",
        "preferred_formats": person.formats,
        "availability": person.availability,
        "mentor_gender_preference": person.gender_preference,
        "interests": person.referral_interests,
        "consent_to_contact": True,
        "consent_to_share_with_mentor": person.share_goals,
        "consent_date": sent_on - timedelta(days=3),
        "consent_method": Referral.ConsentMethod.IN_PERSON,
    }


def _mentee_fields(person: DemoMentee, referral: Referral) -> dict[str, object]:
    return {
        "email": person.email,
        "phone": person.phone,
        "interests": person.interests,
        "languages": person.languages,
        "reminder_channel": person.channel,
        "shared_goals": referral.plan_activity_goals if person.share_goals else "",
        **person.needs,
    }
