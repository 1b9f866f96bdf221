"""Demo data: one believable programme with invented people. Safe to run again."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.db import transaction
from django.utils import timezone

from accounts import services as account_services
from accounts.models import Programme, Site, User
from mentoring import mentor_services
from mentoring import services as mentoring_services
from mentoring.models import DisclosureCheck, Mentor, Referral, TrainingModule, TrainingRecord
from mentoring.validators import invented_nhs_number

DEMO_PASSWORD = "demo-mentoring-2026"
DEMO_PROGRAMME = "Glenmore Back Pain Peer Mentoring (demo)"


@dataclass(frozen=True)
class DemoPerson:
    email: str
    first_name: str
    last_name: str
    role: str


DEMO_PEOPLE = [
    DemoPerson("coordinator@example.org", "Fiona", "Baird", User.Role.COORDINATOR),
    DemoPerson("physio1@example.org", "Ravi", "Menon", User.Role.PHYSIOTHERAPIST),
    DemoPerson("physio2@example.org", "Claire", "Dunlop", User.Role.PHYSIOTHERAPIST),
    DemoPerson("mentor1@example.org", "Isobel", "Grant", User.Role.MENTOR),
    DemoPerson("mentor2@example.org", "Hamish", "Reid", User.Role.MENTOR),
    DemoPerson("mentor3@example.org", "Margaret", "Kerr", User.Role.MENTOR),
    DemoPerson("mentor4@example.org", "Tom", "Okafor", User.Role.MENTOR),
    DemoPerson("mentee1@example.org", "Agnes", "Lennox", User.Role.MENTEE),
    DemoPerson("mentee2@example.org", "Bill", "Sutherland", User.Role.MENTEE),
    DemoPerson("mentee3@example.org", "Jean", "Paterson", User.Role.MENTEE),
    DemoPerson("mentee4@example.org", "Alan", "Mackie", User.Role.MENTEE),
    DemoPerson("mentee5@example.org", "Rose", "Fairlie", User.Role.MENTEE),
    DemoPerson("mentee6@example.org", "Douglas", "Imrie", User.Role.MENTEE),
]
DEMO_ADMIN = DemoPerson("admin@example.org", "Ada", "Admin", "")


@transaction.atomic
def build_demo() -> list[DemoPerson]:
    """Create or refresh the demo programme. Returns everyone who can sign in."""
    programme, _ = Programme.objects.get_or_create(
        name=DEMO_PROGRAMME, defaults={"region": "Glenmore Health Board (an invented area)"}
    )
    for name, kind, address, postcode in [
        (
            "Glenmore Royal Infirmary Physiotherapy",
            Site.Kind.PHYSIOTHERAPY,
            "Infirmary Road, Glenmore",
            "GL1 4RX",
        ),
        ("Kirkton Community Centre", Site.Kind.COMMUNITY, "12 Station Brae, Kirkton", "GL3 2KT"),
    ]:
        Site.objects.update_or_create(
            programme=programme,
            name=name,
            defaults={"kind": kind, "address": address, "postcode": postcode},
        )
    for person in DEMO_PEOPLE:
        user = User.objects.filter(email=person.email).first()
        if user is None:
            user = account_services.create_account(
                email=person.email,
                first_name=person.first_name,
                last_name=person.last_name,
                role=person.role,
                programmes=[programme],
                password=DEMO_PASSWORD,
            )
        else:
            account_services.add_to_programme(user=user, programme=programme)
    if not User.objects.filter(email=DEMO_ADMIN.email).exists():
        User.objects.create_superuser(
            email=DEMO_ADMIN.email,
            password=DEMO_PASSWORD,
            first_name=DEMO_ADMIN.first_name,
            last_name=DEMO_ADMIN.last_name,
        )
    _build_demo_referrals(programme)
    _build_demo_mentors(programme)
    return [DEMO_ADMIN, *DEMO_PEOPLE]


# name, required, validity in months, quiz pass mark
DEMO_MODULES = [
    ("Role and boundaries of a peer mentor", True, 24, None),
    ("Chronic low back pain: self-management principles", True, 24, 80),
    ("Communication and listening", True, None, None),
    ("Safeguarding adults", True, 36, 80),
    ("Red flags and when to escalate", True, 12, 100),
    ("Confidentiality and data protection", True, 24, None),
    ("Lone working", False, 36, None),
]


def _build_demo_mentors(programme: Programme) -> None:
    """The training modules, a profile for each demo mentor, and two applicants."""
    coordinator = User.objects.get(email="coordinator@example.org")
    modules = []
    for position, (name, required, months, pass_mark) in enumerate(DEMO_MODULES):
        module, _ = TrainingModule.objects.get_or_create(
            programme=programme,
            name=name,
            defaults={
                "required": required,
                "validity_months": months,
                "pass_mark": pass_mark,
                "position": position,
            },
        )
        modules.append(module)
    now = timezone.now()
    today = timezone.localdate()
    people = [
        ("mentor1", "EH3", Mentor.LivedExperience.OWN, "all"),
        ("mentor2", "EH6", Mentor.LivedExperience.BOTH, "all"),
        ("mentor3", "EH11", Mentor.LivedExperience.SUPPORTING, "expiring"),
        ("mentor4", "EH4", Mentor.LivedExperience.OWN, "in_training"),
    ]
    for number, (handle, area, experience, training) in enumerate(people):
        user = User.objects.get(email=f"{handle}@example.org")
        if Mentor.objects.filter(user=user).exists():
            continue
        mentor = Mentor.objects.create(
            programme=programme,
            user=user,
            first_name=user.first_name,
            last_name=user.last_name,
            email=user.email,
            phone=f"+44770090{100 + number:04d}",
            lived_experience=experience,
            lived_experience_summary="Back pain for many years; walking and pacing help.",
            motivation="I know how hard it is to keep going after physio ends.",
            formats=["phone", "walking", "face_to_face"][: 2 + number % 2],
            availability=["mon_morning", "wed_afternoon", "fri_morning"],
            area=area,
            capacity=programme.default_mentor_capacity,
            consent_to_store=True,
            status=Mentor.Status.IN_TRAINING,
            applied_at=now - timedelta(days=120),
        )
        done_on = today - timedelta(days=30 if training != "expiring" else 350)
        chosen = modules if training != "in_training" else modules[:3]
        mentor_services.record_training(
            mentors=[mentor],
            module=chosen[0],
            completed_on=done_on,
            delivered_by="Fiona Baird",
            method=TrainingRecord.Method.FACE_TO_FACE,
            scores={},
            notes="",
            by=coordinator,
            now=now,
        )
        for module in chosen[1:]:
            mentor_services.record_training(
                mentors=[mentor],
                module=module,
                completed_on=done_on,
                delivered_by="Fiona Baird",
                method=TrainingRecord.Method.BLENDED,
                scores={
                    mentor.pk: 90
                    if module.pass_mark is not None and module.pass_mark < 100
                    else 100
                },
                notes="",
                by=coordinator,
                now=now,
            )
        DisclosureCheck.objects.create(
            mentor=mentor,
            scheme=DisclosureCheck.Scheme.PVG,
            number=f"1000 2000 3000 {4000 + number}",
            issued_on=today - timedelta(days=200),
            renewal_due_on=today + timedelta(days=3 * 365),
            outcome=DisclosureCheck.Outcome.CLEAR,
        )
        if training != "in_training":
            mentor_services.change_status(
                mentor=mentor,
                to_status=Mentor.Status.ACTIVE,
                by=coordinator,
                reason="Training and checks complete",
                now=now,
                today=today,
            )
    for first, last, status, days_ago in [
        ("Duncan", "Applicant", Mentor.Status.APPLIED, 21),
        ("Catriona", "Screened", Mentor.Status.SCREENING, 10),
    ]:
        email = f"{first.lower()}.{last.lower()}@example.org"
        if Mentor.objects.filter(email=email).exists():
            continue
        mentor = mentor_services.apply(
            programme=programme,
            fields={
                "first_name": first,
                "last_name": last,
                "email": email,
                "phone": "+447700900201",
                "lived_experience": Mentor.LivedExperience.OWN,
                "motivation": "I would like to give something back.",
                "formats": ["phone"],
                "availability": ["tue_morning"],
                "area": "EH7",
                "languages": "English, Gaelic",
                "consent_to_store": True,
            },
            now=now - timedelta(days=days_ago),
        )
        if status == Mentor.Status.SCREENING:
            mentor_services.change_status(
                mentor=mentor,
                to_status=status,
                by=coordinator,
                reason="Interview booked",
                now=now - timedelta(days=days_ago - 2),
                today=today,
            )


# (first name, last name, final state, days since sent, referrer, source)
DEMO_REFERRALS = [
    ("Ewan", "Hartley", Referral.Status.DRAFT, 0, "physio1", Referral.Source.ONLINE),
    ("Sheila", "Moffat", Referral.Status.SUBMITTED, 1, "physio1", Referral.Source.ONLINE),
    ("Norman", "Pryde", Referral.Status.SUBMITTED, 12, "physio2", Referral.Source.ONLINE),
    ("Elspeth", "Cairns", Referral.Status.SUBMITTED, 2, "coordinator", Referral.Source.PAPER),
    ("Gordon", "Lamont", Referral.Status.CONTACTED, 6, "physio1", Referral.Source.ONLINE),
    ("Maureen", "Tait", Referral.Status.CONSENTED, 9, "physio2", Referral.Source.ONLINE),
    ("Kenneth", "Baillie", Referral.Status.AWAITING_MATCH, 15, "physio1", Referral.Source.ONLINE),
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


def _build_demo_referrals(programme: Programme) -> None:
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
        result = mentoring_services.create_referral(
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
            mentoring_services.close(
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
            referral = mentoring_services.advance(
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
