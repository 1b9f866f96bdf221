"""Demo relationships in every state (proposed, active, paused, completed, ended early, did
not go ahead), each taken step by step through the same services coordinators use, on
mentees referred, consented and registered here. The demo mentor Isobel Grant
(mentor1@example.org) has an active mentee, Agnes (mentee1@example.org); Moira's and
Douglas's pairs are active and need a coordinator's eye."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from django.utils import timezone

from accounts.models import Programme, Site, User
from core.validators import invented_nhs_number
from demo.builders.referrals import DEMO_NAMESPACE
from mentoring.matching import services
from mentoring.matching.models import Relationship
from mentoring.mentees.models import Mentee, MenteeReferral
from mentoring.recruitment.models import Mentor
from mentoring.referrals import services as referral_services
from mentoring.referrals.models import Referral


@dataclass(frozen=True)
class DemoPair:
    first_name: str
    last_name: str
    account: str  # the demo mentee's sign-in, or "" for none
    mentor: str  # the demo mentor's sign-in
    state: str
    days_ago: int  # when the match was proposed
    channel: str
    email: str = ""
    goals: str = ""
    large_print: bool = False


S = Relationship.Status
DEMO_PAIRS = [
    DemoPair("Agnes", "Lennox", "mentee1", "mentor1", S.ACTIVE, 24, Mentee.Channel.EMAIL,
             email="mentee1@example.org",
             goals="Walk to the post office and back without stopping; garden for an hour"),
    DemoPair("Bill", "Sutherland", "mentee2", "mentor2", S.PAUSED, 30, Mentee.Channel.PHONE,
             goals="Get back to bowls on Saturdays"),
    DemoPair("Jean", "Paterson", "mentee3", "mentor1", S.PROPOSED, 2, Mentee.Channel.LETTER,
             large_print=True, goals="Sleep through the night more often"),
    DemoPair("Alan", "Mackie", "mentee4", "mentor3", S.COMPLETED, 110, Mentee.Channel.EMAIL,
             email="mentee4@example.org", goals="Pace the housework across the week"),
    DemoPair("Elspeth", "Murray", "", "mentor3", S.ENDED_EARLY, 60, Mentee.Channel.PHONE),
    DemoPair("Gordon", "Hay", "", "mentor2", S.NOT_STARTED, 12, Mentee.Channel.PHONE),
    # Two pairs the monitoring run flags (demo/builders/monitoring.py)
    DemoPair("Moira", "Fraser", "", "mentor3", S.ACTIVE, 56, Mentee.Channel.PHONE,
             goals="Carry the shopping home from the corner shop"),
    DemoPair("Douglas", "Brown", "", "mentor2", S.ACTIVE, 16, Mentee.Channel.LETTER,
             large_print=True, goals="Play with the grandchildren in the park"),
]  # fmt: skip


def build_relationships(programme: Programme) -> None:
    """Safe to run again: a pair whose referral exists already is left as it is."""
    coordinator = User.objects.get(email="coordinator@example.org")
    physiotherapist = User.objects.get(email="physio2@example.org")
    site = programme.sites.get(kind=Site.Kind.PHYSIOTHERAPY)
    for number, pair in enumerate(DEMO_PAIRS):
        key = uuid.uuid5(DEMO_NAMESPACE, f"relationship {pair.first_name} {pair.last_name}")
        if Referral.objects.filter(submission_key=key).exists():
            continue
        proposed_at = timezone.now() - timedelta(days=pair.days_ago)
        mentee = _registered_mentee(
            programme, pair, number, key, site=site, referrer=physiotherapist,
            coordinator=coordinator, registered=proposed_at - timedelta(days=5),
        )  # fmt: skip
        mentor = Mentor.objects.get(user__email=f"{pair.mentor}@example.org")
        relationship = services.propose(
            mentee=mentee, mentor=mentor, by=coordinator, now=proposed_at, score=72,
            reasons=["Both can meet by phone", "Free on the same mornings", "Live nearby"],
        )  # fmt: skip
        _take_steps(relationship, pair, coordinator, proposed_at)


def _registered_mentee(
    programme: Programme,
    pair: DemoPair,
    number: int,
    key: uuid.UUID,
    *,
    site: Site,
    referrer: User,
    coordinator: User,
    registered: datetime,
) -> Mentee:
    sent = registered - timedelta(days=6)
    referral = referral_services.create_referral(
        by=referrer,
        programme=programme,
        fields={
            "first_name": pair.first_name,
            "last_name": pair.last_name,
            "date_of_birth": date(1944 + number, 2 + number, 10 + number),
            "health_number": invented_nhs_number(201 + number),
            "phone": f"+44770090{300 + number:04d}",
            "email": pair.email,
            "address": f"{20 + number} Demo Crescent, Glenmore",
            "postcode": f"EH{3 + number} {number + 1}DB",
            "site": site,
            "discharge_date": sent.date() - timedelta(days=2),
            "pain_duration_weeks": 30 + number * 5,
            "plan_exercises": "Knee rolls and pelvic tilts, twice a day",
            "plan_activity_goals": pair.goals,
            "preferred_formats": ["phone", "walking"],
            "availability": ["mon_morning", "wed_afternoon"],
            "consent_to_contact": True,
            "consent_to_share_with_mentor": True,
            "consent_date": sent.date() - timedelta(days=2),
            "consent_method": Referral.ConsentMethod.IN_PERSON,
        },
        submission_key=key,
        submit=True,
        now=sent,
    ).referral
    for step, days in ((Referral.Status.CONTACTED, 2), (Referral.Status.CONSENTED, 4)):
        referral = referral_services.advance(
            referral=referral, to_status=step, by=coordinator, now=sent + timedelta(days=days)
        )
    account = User.objects.filter(email=f"{pair.account}@example.org").first()
    mentee = Mentee.objects.create(
        programme=programme,
        user=account if pair.account else None,
        first_name=pair.first_name,
        last_name=pair.last_name,
        email=pair.email,
        phone=referral.phone,
        postcode=referral.postcode,
        area=referral.postcode.split()[0],
        preferred_formats=["phone", "walking"],
        availability=["mon_morning", "wed_afternoon"],
        interests=["walking", "gardening"],
        shared_goals=pair.goals,
        needs_large_print=pair.large_print,
        reminder_channel=pair.channel,
        waiting_since=registered,
        registered_at=registered,
        registered_by=coordinator,
    )
    MenteeReferral.objects.create(
        mentee=mentee, referral=referral, registered_at=registered, registered_by=coordinator
    )
    return mentee


def _take_steps(
    relationship: Relationship, pair: DemoPair, coordinator: User, proposed_at: datetime
) -> None:
    """Walk the relationship to the pair's state, a few days between steps."""

    def day(n: int) -> datetime:
        return proposed_at + timedelta(days=n)

    if pair.state == S.NOT_STARTED:
        services.did_not_go_ahead(
            relationship=relationship, reason=Relationship.EndReason.MENTEE_WITHDREW,
            note="Demo: decided to wait until after a family move", by=coordinator, now=day(3),
        )  # fmt: skip
        return
    services.record_agreement(relationship=relationship, party="mentee", by=coordinator, now=day(1))
    if pair.state == S.PROPOSED:
        return
    services.record_agreement(relationship=relationship, party="mentor", by=coordinator, now=day(2))
    services.start(
        relationship=relationship, started_on=day(3).date(),
        plan=services.Plan.of(relationship), by=coordinator, now=day(3),
    )  # fmt: skip
    if pair.state == S.PAUSED:
        services.pause(
            relationship=relationship, reason="Demo: a hip operation; resting for a few weeks",
            expected_resume_on=timezone.localdate() + timedelta(days=18), by=coordinator,
            now=day(20),
        )  # fmt: skip
    elif pair.state == S.COMPLETED:
        services.complete(
            relationship=relationship, ended_on=day(3 + 7 * 12).date(),
            note="Demo: all six sessions held", by=coordinator, now=day(3 + 7 * 12),
        )  # fmt: skip
    elif pair.state == S.ENDED_EARLY:
        services.end_early(
            relationship=relationship, reason=Relationship.EndReason.HEALTH,
            ended_on=day(25).date(), note="Demo: another illness came first", by=coordinator,
            now=day(25),
        )  # fmt: skip
