"""The shared world of the URL-walking tests (the authorisation table and the page sweep):
every URL of the URLconf with a sample path, and a programme with one person of each persona
and one object of each kind a URL names."""

from __future__ import annotations

import uuid
from dataclasses import dataclass
from typing import Any

from django.urls import get_resolver, resolve
from django.urls.exceptions import Resolver404

from accounts.models import Programme, User
from tests.factories import (
    DeliveryFactory,
    MenteeFactory,
    MentorFactory,
    MentorReferenceFactory,
    ProgrammeFactory,
    ReferralFactory,
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
        programme=programme, with_account=True, status="active", last_name=f"{mark}-Mentor"
    )
    applicant = MentorFactory(programme=programme, last_name=f"{mark}-Applicant")
    module = TrainingModuleFactory(programme=programme, name=f"{mark} module")
    TrainingRecordFactory(mentor=mentor, module=module, delivered_by=f"{mark} Trainer")
    objects: dict[str, Any] = {}
    # --- Mentees (issue 10) ---
    objects["consented_referral"] = ReferralFactory(
        programme=programme,
        referred_by=physiotherapist,
        status="consented",
        last_name=f"{mark}-Consented",
    )
    objects["waiting_mentee"] = MenteeFactory(programme=programme, last_name=f"{mark}-Mentee")
    return Side(
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
    # --- Mentees (issue 10) ---
    "mentees:register": "consented_referral",
    "mentees:detail": "waiting_mentee",
    "mentees:edit": "waiting_mentee",
    "mentees:invite": "waiting_mentee",
}
