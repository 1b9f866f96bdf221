"""The shared world of the URL-walking tests (the authorisation table and the page sweep):
every URL of the URLconf with a sample path, and a programme with one person of each persona
and one object of each kind a URL names."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.urls import get_resolver, resolve
from django.urls.exceptions import Resolver404
from django.utils import timezone

from accounts.models import Programme, User
from sessions_log.reminders.models import MenteeReminderPreferences, MentorReminderPreferences
from tests.factories import (
    ConcernFactory,
    DeliveryFactory,
    DisclosureCheckFactory,
    FeedbackFactory,
    FlagFactory,
    ManualReminderFactory,
    MenteeFactory,
    MentorFactory,
    MentorReferenceFactory,
    PostcodeDistrictFactory,
    ProgrammeFactory,
    ReferralFactory,
    RelationshipFactory,
    SessionLogFactory,
    SessionPlanStepFactory,
    SiteFactory,
    TrainingModuleFactory,
    TrainingRecordFactory,
    UserFactory,
)
from tests.urlconf import candidate_paths, is_replaced, walk

# --- Walking the URLconf ---------------------------------------------------------------------

SAMPLES = ["1", "x", "MTk", "auth", str(uuid.uuid4()), "1-abc"]


@dataclass(frozen=True)
class Url:
    name: str  # the URL name with its namespace; the route for the admin's unnamed patterns
    route: str
    sample_path: str  # the route with a sample value that resolves back to the same view


def _urls() -> list[Url]:
    urls = []
    for route, pattern, name in walk(get_resolver().url_patterns):
        for path in candidate_paths(route, SAMPLES):
            try:
                match = resolve(path)
            except Resolver404:
                continue
            if match.func == pattern.callback:
                urls.append(Url(name=name or route, route=route, sample_path=path))
                break
        else:
            if is_replaced(name, pattern):
                continue  # unreachable: our own view answers this URL
            raise AssertionError(f"Add a sample value so {route!r} can be walked")
    return urls


URLS = _urls()


# --- The world: two programmes with everything each URL needs ---------------------------------

OTHERS = "Otherside"  # in every name of the other programme: a page showing it has leaked


@dataclass
class Side:
    """A programme, its people (the personas), and one object of each kind a URL needs."""

    programme: Programme
    people: dict[str, User]
    objects: dict[str, Any]


def build_side(name: str, mark: str) -> Side:
    programme = ProgrammeFactory(name=name)
    SiteFactory(programme=programme, name=f"{mark} Physiotherapy")

    def person(role: str) -> User:
        return UserFactory(role=role, programmes=[programme], last_name=f"{mark}-{role}")

    coordinator = person(User.Role.COORDINATOR)
    physiotherapist = person(User.Role.PHYSIOTHERAPIST)
    mentee = person(User.Role.MENTEE)
    mentor = MentorFactory(
        programme=programme,
        with_account=True,
        status="active",
        last_name=f"{mark}-Mentor",
        capacity=3,
    )
    applicant = MentorFactory(programme=programme, last_name=f"{mark}-Applicant")
    module = TrainingModuleFactory(programme=programme, name=f"{mark} module")
    TrainingRecordFactory(mentor=mentor, module=module, delivered_by=f"{mark} Trainer")
    objects: dict[str, Any] = {}

    # --- Relationships (issue 10): the mentee persona's active pair with the mentor persona,
    # and a proposed pair of the same mentor with someone without an account, both agreed.
    own_mentee = MenteeFactory(
        programme=programme,
        first_name=mentee.first_name,
        last_name=f"{mark}-Mentee",
        email=mentee.email,
        waiting_since=None,
        from_referral=ReferralFactory(
            programme=programme, referred_by=physiotherapist, status="consented",
            last_name=f"{mark}-Mentee",
        ),
    )  # fmt: skip
    own_mentee.user = mentee
    own_mentee.save(update_fields=["user"])
    objects["relationship"] = RelationshipFactory(
        programme=programme,
        mentee=own_mentee,
        mentor=mentor,
        referral=own_mentee.registrations.get().referral,
    )
    # --- Session logs (issue 11): a log with a clinical red flag, the concern it raised
    # (the physiotherapist persona referred the mentee), and a session of the plan ---
    objects["concern"] = ConcernFactory(
        log=SessionLogFactory(relationship=objects["relationship"], red_flag=True)
    )
    objects["log"] = objects["concern"].log
    objects["plan_step"] = SessionPlanStepFactory(programme=programme, number=1)
    # --- Monitoring (issue 12): an open flag on the pair, and the mentee's feedback ---
    objects["flag"] = FlagFactory(relationship=objects["relationship"])
    FeedbackFactory(relationship=objects["relationship"], rating=2, comment=f"{mark} said")
    # --- Reminders (issue 12): a reminder call for the coordinator to make, and a letter ---
    objects["call"] = ManualReminderFactory(relationship=objects["relationship"])
    ManualReminderFactory(relationship=objects["relationship"], how="letter")
    MentorReminderPreferences.objects.create(mentor=mentor, channel="text")
    MenteeReminderPreferences.objects.create(mentee=own_mentee, contact_reminders=True)
    objects["proposal"] = RelationshipFactory(
        programme=programme,
        mentor=mentor,
        proposed=True,
        mentee_agreed_at=timezone.now(),
        mentor_agreed_at=timezone.now(),
        mentee=MenteeFactory(programme=programme, last_name=f"{mark}-Proposed", waiting_since=None),
    )

    # --- Mentees (issue 10) ---
    objects["consented_referral"] = ReferralFactory(
        programme=programme,
        referred_by=physiotherapist,
        status="consented",
        last_name=f"{mark}-Consented",
    )
    side = Side(
        programme=programme,
        people={
            "coordinator": coordinator,
            "physiotherapist": physiotherapist,
            "mentor": mentor.user,
            "mentee": mentee,
        },
        objects={
            "referral": ReferralFactory(
                programme=programme, referred_by=physiotherapist, last_name=f"{mark}-Patient"
            ),
            "draft": ReferralFactory(
                programme=programme,
                referred_by=physiotherapist,
                status="draft",
                submitted_at=None,
                last_name=f"{mark}-Draft",
            ),
            "mentor": mentor,
            "applicant": applicant,
            "reference": MentorReferenceFactory(mentor=applicant, referee_name=f"{mark} Referee"),
            "module": module,
            "delivery": DeliveryFactory(
                recipient=coordinator, programme=programme, status="failed"
            ),
            **objects,
        },
    )
    # --- Matching engine (issue 10): a mentee waiting for a mentor, the mentor matchable (so
    # the suggestions and the assignment show their cards and table); a district centre ---
    PostcodeDistrictFactory(district="EH3")
    DisclosureCheckFactory(mentor=mentor)
    side.objects["waiting_mentee"] = MenteeFactory(
        programme=programme, first_name=mark, last_name=f"{mark}-Waiting"
    )
    return side


# url name -> the kind of object (Side.objects) its pk names, of the own or the other programme
OBJECT_OF = {
    "referrals:detail": "referral",
    "referrals:edit": "draft",
    "referrals:advance": "referral",
    "referrals:close": "referral",
    "referrals:withdraw": "referral",
    "recruitment:mentor_detail": "mentor",
    "recruitment:mentor_status": "applicant",
    "recruitment:mentor_invite": "applicant",
    "recruitment:interview_new": "applicant",
    "recruitment:reference_new": "applicant",
    "recruitment:reference_edit": "reference",
    "recruitment:check_new": "applicant",
    "training:module_edit": "module",
    "notifications:send_again": "delivery",
    # --- Matching engine (issue 10) ---
    "matching:suggestions": "waiting_mentee",
    # --- Relationships (issue 10) ---
    "matching:relationship": "relationship",
    "matching:agree": "proposal",
    "matching:start": "proposal",
    "matching:plan": "relationship",
    "matching:pause": "relationship",
    "matching:resume": "relationship",
    "matching:complete": "relationship",
    "matching:end_early": "relationship",
    "matching:not_started": "proposal",
    "matching:letter": "relationship",
    # --- Mentees (issue 10) ---
    "mentees:register": "consented_referral",
    "mentees:detail": "waiting_mentee",
    "mentees:edit": "waiting_mentee",
    "mentees:invite": "waiting_mentee",
    # --- Session logs (issue 11) ---
    "logs:new": "relationship",
    "logs:story": "relationship",
    "logs:detail": "log",
    "logs:correct": "log",
    "logs:concern": "concern",
    "logs:take": "concern",
    # --- Reminders (issue 12) ---
    "reminders:mentee": "waiting_mentee",
    "reminders:call_made": "call",
    "logs:close": "concern",
    "logs:plan_step": "plan_step",
    "logs:plan_remove": "plan_step",
    # --- Monitoring (issue 12) ---
    "monitoring:flag": "flag",
    "monitoring:acknowledge": "flag",
    "monitoring:resolve": "flag",
    "monitoring:relationship_feedback": "relationship",
}
