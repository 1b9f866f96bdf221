"""National-scale data for the benchmark (`manage.py generate_scale_data`, bench/README.md).

Invented people only, made with bulk inserts rather than through the services: one big
programme (by default 50,000 referrals, 10,000 mentors and 70,000 training records) and a
few smaller ones, with every referral and mentor status, drafts and closed referrals,
expired and in-date training, disclosure checks, sites, staff, memberships, and one
sign-in per role with a known password (BENCH_PASSWORD).

The data is made by STEPS, run in order, each a function of the shared `Generation`. A
later issue that adds a table (mentees, relationships, contact logs, flags) adds one step
at the end of STEPS and, if the bench needs it, a figure in `Scale`.
"""

from __future__ import annotations

import random
import time
import uuid
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from django.conf import settings as django_settings
from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Membership, Programme, Site, User
from core.choices import AVAILABILITY_CHOICES, Interest
from core.forms import long_date
from core.validators import invented_nhs_number
from mentoring.matching.districts import load_demo_districts
from mentoring.matching.models import (
    MatchingSettings,
    PostcodeDistrict,
    Relationship,
    RelationshipEvent,
)
from mentoring.matching.services import Plan
from mentoring.mentees.models import Mentee, MenteeReferral
from mentoring.recruitment.models import (
    DisclosureCheck,
    Interview,
    Mentor,
    MentorReference,
    MentorStatusChange,
    RecruitmentSettings,
)
from mentoring.referrals.models import Referral, ReferralEvent, ReferralSettings
from mentoring.training.models import TrainingModule, TrainingRecord, TrainingSettings
from sessions_log.logs.models import (
    Concern,
    ConcernKind,
    Outcome,
    SessionLog,
    SessionPlanStep,
    Topic,
)
from sessions_log.logs.services import SUGGESTED_PLAN
from sessions_log.monitoring import services as monitoring
from sessions_log.monitoring.models import Flag
from sessions_log.reminders.models import ManualReminder

BENCH_PASSWORD = "bench-scale-data-2026"  # invented accounts on a bench database only
BATCH = 5_000
M = TypeVar("M", bound=models.Model)

# Invented names, combined at random: no row is a real person.
FIRST_NAMES = (  # noqa: SIM905
    "Agnes Alan Ann Archie Betty Bill Catriona Claire Colin Douglas Duncan Edith Eileen "
    "Elspeth Ewan Fiona Flora Gordon Graham Hamish Helen Ian Irene Isobel Jean Jessie Kenneth "
    "Lorna Malcolm Margaret Maureen Morag Murdo Nancy Neil Norman Peggy Ravi Rose Ruth Sheila "
    "Stuart Tom Walter Wilma"
).split()
LAST_NAMES = (  # noqa: SIM905
    "Baillie Baird Brodie Cairns Christie Craig Dalgleish Doig Dunlop Fairlie Ferguson Forsyth "
    "Gilchrist Grant Hartley Imrie Jardine Kerr Lamont Lennox Lowrie Mackie Menon Moffat "
    "Morrison Munro Okafor Paterson Pryde Rennie Reid Ritchie Scobie Shearer Sinclair "
    "Sutherland Tait Urquhart Wishart Yule"
).split()
SEARCH_NAME = "Wishart"  # a last name the bench searches the inbox for (about 1 row in 40)

# Shares of each status (they sum to 1). Referral drafts are the referrer's own.
REFERRAL_MIX = [
    ("draft", 0.03),
    ("submitted", 0.12),
    ("contacted", 0.08),
    ("consented", 0.06),
    ("awaiting_match", 0.06),
    ("matched", 0.35),
    ("closed", 0.30),
]
MENTOR_MIX = [
    ("applied", 0.08),
    ("screening", 0.05),
    ("in_training", 0.10),
    ("active", 0.55),
    ("paused", 0.07),
    ("retired", 0.10),
    ("declined", 0.05),
]
# The seven modules of DESIGN.md: name, required, validity in months, quiz pass mark.
MODULES = [
    ("Role and boundaries of a peer mentor", True, 24, None),
    ("Chronic low back pain: self-management principles", True, 24, 80),
    ("Communication and listening", True, None, None),
    ("Safeguarding adults", True, 36, 80),
    ("Red flags and when to escalate", True, 12, 100),
    ("Confidentiality and data protection", True, 24, None),
    ("Lone working", False, 36, None),
]
REFERRAL_PATH = ["submitted", "contacted", "consented", "awaiting_match", "matched"]
# Postcode districts with a known centre (mentoring/matching/data, loaded by a step), so
# the distances of suggestions resolve: Edinburgh and the Lothians, EH1 to EH55 (no EH50).
DISTRICTS = [f"EH{n}" for n in range(1, 56) if n != 50]
INTERESTS = [value for value, _ in Interest.choices]
LANGUAGES = ["English"] * 17 + ["English, Polish", "Urdu, English", "Scots Gaelic, English"]


@dataclass(frozen=True)
class Scale:
    """How much to make. The big programme has these figures; each of the smaller ones a
    twentieth of them."""

    referrals: int = 50_000
    mentors: int = 10_000
    training_records: int = 70_000
    smaller_programmes: int = 3
    physiotherapists: int = 200  # in the big programme
    coordinators: int = 6  # in the big programme
    # At most this many mentees, each registered from a referral awaiting a match or
    # matched (at --scale 1 there are 20,500 such referrals: every one is registered).
    mentees: int = 20_500

    def scaled(self, factor: float) -> Scale:
        return replace(
            self,
            referrals=max(20, round(self.referrals * factor)),
            mentors=max(14, round(self.mentors * factor)),
            training_records=max(20, round(self.training_records * factor)),
            mentees=max(10, round(self.mentees * factor)),
            physiotherapists=max(2, round(self.physiotherapists * factor)),
            coordinators=max(1, min(self.coordinators, round(self.coordinators * factor))),
        )

    def smaller(self) -> Scale:
        return self.scaled(1 / 20)


@dataclass(frozen=True)
class SignIn:
    role: str
    email: str


SIGN_INS = [
    SignIn("coordinator", "coordinator@bench.invalid"),
    SignIn("physiotherapist", "physio@bench.invalid"),
    SignIn("mentor", "mentor@bench.invalid"),
    SignIn("mentee", "mentee@bench.invalid"),
    SignIn("administrator", "admin@bench.invalid"),
]


@dataclass
class Story:
    """One mentee's path, planned before any row is made: the referral that brought them,
    their latest relationship's status ("waiting" when they have none now) and mentor, and
    an earlier relationship that ended ("" when none)."""

    referral: Referral
    final: str
    earlier: str = ""
    mentor: Mentor | None = None
    earlier_mentor: Mentor | None = None
    mentee: Mentee | None = None


@dataclass
class ProgrammeData:
    """What the steps made for one programme, for the steps after them."""

    programme: Programme
    scale: Scale
    sites: list[Site] = field(default_factory=list)
    coordinators: list[User] = field(default_factory=list)
    physiotherapists: list[User] = field(default_factory=list)
    modules: list[TrainingModule] = field(default_factory=list)
    mentors: list[Mentor] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)
    free_places: list[Mentor] = field(default_factory=list)  # one entry per free place


@dataclass
class Generation:
    """Shared by every step: the clock, the random source, what has been made so far."""

    scale: Scale
    now: datetime
    rng: random.Random
    programmes: list[ProgrammeData] = field(default_factory=list)
    sign_ins: dict[str, User] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    serial: int = 0

    @property
    def today(self) -> date:
        return timezone.localdate(self.now)

    @property
    def big(self) -> ProgrammeData:
        return self.programmes[0]

    def next_serial(self) -> int:
        self.serial += 1
        return self.serial

    def insert(self, model: type[M], rows: Iterable[M]) -> list[M]:
        """bulk_create in batches; counts what each table received."""
        made: list[M] = []
        batch: list[M] = []
        for row in rows:
            batch.append(row)
            if len(batch) == BATCH:
                made.extend(model._default_manager.bulk_create(batch))
                batch = []
        if batch:
            made.extend(model._default_manager.bulk_create(batch))
        label = model._meta.label
        self.counts[label] = self.counts.get(label, 0) + len(made)
        return made


def _mix(rng: random.Random, mix: Sequence[tuple[str, float]], n: int) -> list[str]:
    """n statuses in the mix's proportions (exact counts, shuffled), every status at least
    once when n allows."""
    counts = [max(1, round(share * n)) for _, share in mix]
    while sum(counts) > n:
        counts[counts.index(max(counts))] -= 1
    while sum(counts) < n:
        counts[counts.index(max(counts))] += 1
    statuses = [
        status for (status, _), count in zip(mix, counts, strict=True) for _ in range(count)
    ]
    rng.shuffle(statuses)
    return statuses


def _name(rng: random.Random) -> tuple[str, str]:
    return rng.choice(FIRST_NAMES), rng.choice(LAST_NAMES)


def _district(serial: int) -> str:
    return DISTRICTS[serial % len(DISTRICTS)]


# --- Steps -----------------------------------------------------------------------------------


def programmes_and_sites(g: Generation) -> None:
    """One big programme and the smaller ones, each with sites and settings rows."""
    scales = [g.scale] + [g.scale.smaller()] * g.scale.smaller_programmes
    programmes = g.insert(
        Programme,
        (
            Programme(
                name=f"Bench programme {number + 1}" + (" (national)" if number == 0 else ""),
                region=f"Invented health board {number + 1}",
                contact_name="Bench Coordinator",
                contact_phone="+441314960000",
                contact_email=f"programme{number + 1}@bench.invalid",
            )
            for number in range(len(scales))
        ),
    )
    g.programmes = [ProgrammeData(p, s) for p, s in zip(programmes, scales, strict=True)]
    sites = g.insert(
        Site,
        (
            Site(
                programme=data.programme,
                name=f"{'Physiotherapy department' if kind == 'physiotherapy' else 'Venue'} "
                f"{n + 1}",
                kind=kind,
                address=f"{n + 1} Bench Road",
                postcode=f"GL{n + 1} 1AB",
                is_active=n != 5,  # one closed site
            )
            for data in g.programmes
            for n, kind in enumerate(["physiotherapy"] * 6 + ["community"] * 3)
        ),
    )
    for site in sites:
        next(d for d in g.programmes if d.programme.pk == site.programme_id).sites.append(site)
    # Settings rows differ a little between programmes, as real ones would.
    g.insert(
        ReferralSettings,
        (
            ReferralSettings(programme=d.programme, wait_working_days=5 + i % 3)
            for i, d in enumerate(g.programmes)
        ),
    )
    g.insert(
        RecruitmentSettings, (RecruitmentSettings(programme=d.programme) for d in g.programmes)
    )
    g.insert(TrainingSettings, (TrainingSettings(programme=d.programme) for d in g.programmes))


def staff(g: Generation) -> None:
    """Coordinators and physiotherapists for each programme, one coordinator in two
    programmes, an administrator, and the bench's sign-ins (first of each)."""
    password = make_password(BENCH_PASSWORD)
    unusable = make_password(None)
    users: list[User] = []
    owners: list[ProgrammeData] = []
    for index, data in enumerate(g.programmes):
        for role, count in [
            (User.Role.COORDINATOR, data.scale.coordinators),
            (User.Role.PHYSIOTHERAPIST, data.scale.physiotherapists),
        ]:
            for n in range(count):
                first, last = _name(g.rng)
                sign_in = index == 0 and n == 0
                email = (
                    next(s.email for s in SIGN_INS if s.role == role)
                    if sign_in
                    else f"{role}.{index + 1}.{n + 1}@bench.invalid"
                )
                users.append(
                    User(
                        email=email,
                        first_name=first,
                        last_name=last,
                        role=role,
                        password=password if sign_in else unusable,
                    )
                )
                owners.append(data)
    made = g.insert(User, users)
    for user, data in zip(made, owners, strict=True):
        if user.role == User.Role.COORDINATOR:
            data.coordinators.append(user)
        else:
            data.physiotherapists.append(user)
    admin_email = next(s.email for s in SIGN_INS if s.role == "administrator")
    g.sign_ins["administrator"] = g.insert(
        User,
        [
            User(
                email=admin_email,
                first_name="Bench",
                last_name="Administrator",
                is_staff=True,
                is_superuser=True,
                password=password,
            )
        ],
    )[0]
    g.sign_ins["coordinator"] = g.big.coordinators[0]
    g.sign_ins["physiotherapist"] = g.big.physiotherapists[0]
    memberships = [
        Membership(user=u, programme=o.programme) for u, o in zip(made, owners, strict=True)
    ]
    if len(g.programmes) > 1 and len(g.big.coordinators) > 1:  # one covers two programmes
        memberships.append(
            Membership(user=g.big.coordinators[1], programme=g.programmes[1].programme)
        )
    g.insert(Membership, memberships)


def referrals(g: Generation) -> None:
    """Referrals in every status, each with its history; about half of those not yet
    contacted wait too long. The first physiotherapist refers the most."""
    for data in g.programmes:
        _referrals_for(g, data)


def _referrals_for(g: Generation, data: ProgrammeData) -> None:
    rng, now = g.rng, g.now
    physio_sites = [s for s in data.sites if s.kind == Site.Kind.PHYSIOTHERAPY]
    physios = data.physiotherapists
    limit = 5  # the shortest waiting limit of any programme: "recent" is within it
    rows: list[Referral] = []
    for status in _mix(rng, REFERRAL_MIX, data.scale.referrals):
        serial = g.next_serial()
        first, last = _name(rng)
        # Skewed: the first physiotherapist makes about one referral in fourteen.
        referrer = physios[min(len(physios) - 1, int(len(physios) * rng.random() ** 2))]
        if status == Referral.Status.SUBMITTED:
            days_ago = rng.randint(0, limit - 1) if rng.random() < 0.5 else rng.randint(10, 120)
        else:
            days_ago = rng.randint(0, 730)
        submitted = now - timedelta(days=days_ago, minutes=rng.randint(0, 600))
        closed_unsent = status == Referral.Status.CLOSED and rng.random() < 0.05
        draft = status == Referral.Status.DRAFT
        sent = not (draft or closed_unsent)
        complete = sent or rng.random() < 0.5  # half the drafts are nearly done
        born = g.today - timedelta(days=rng.randint(60 * 365, 92 * 365))
        discharged = submitted.date() - timedelta(days=rng.randint(0, 20))
        rows.append(
            Referral(
                programme=data.programme,
                site=rng.choice(physio_sites),
                referred_by=referrer,
                source=rng.choices(["online", "paper", "phone"], weights=[90, 7, 3])[0],
                submission_key=uuid.UUID(int=rng.getrandbits(128)),
                first_name=first,
                last_name=last,
                date_of_birth=born if complete else None,
                health_number=invented_nhs_number(serial) if complete else "",
                phone=f"+447700900{serial % 1000:03d}" if complete else "",
                email=f"patient{serial}@bench.invalid" if rng.random() < 0.4 else "",
                address=f"{serial % 200 + 1} Invented Street" if complete else "",
                postcode=f"{_district(serial)} {serial % 9 + 1}AB" if complete else "",
                discharge_date=discharged if complete else None,
                pain_duration_weeks=rng.randint(12, 520) if complete else None,
                plan_exercises="Knee rolls and pelvic tilts, twice a day",
                plan_activity_goals="Walk to the shops three times a week",
                preferred_formats=rng.sample(["phone", "face_to_face", "walking", "group"], 2),
                availability=["mon_morning", "thu_afternoon"],
                interests="Gardening",
                consent_to_contact=sent or rng.random() < 0.5,
                consent_to_share_with_mentor=sent,
                consent_date=discharged if sent else None,
                consent_method="in_person" if sent else "",
                status=status,
                close_reason=rng.choice(Referral.CloseReason.values) if status == "closed" else "",
                submitted_at=submitted if sent else None,
                contacted_at=(
                    submitted + timedelta(days=rng.randint(1, 6))
                    if status not in ("draft", "submitted", "closed")
                    else None
                ),
                status_changed_at=submitted + timedelta(days=rng.randint(0, 30)) if sent else now,
            )
        )
    made = g.insert(Referral, rows)
    Referral.objects.filter(programme=data.programme).update(
        created_at=Coalesce(F("submitted_at"), F("status_changed_at"))
    )
    coordinator = data.coordinators[0]
    g.insert(ReferralEvent, _referral_history(made, coordinator))


def _referral_history(rows: list[Referral], coordinator: User) -> Iterable[ReferralEvent]:
    for referral in rows:
        if referral.submitted_at is None:
            if referral.status == Referral.Status.CLOSED:
                yield ReferralEvent(
                    referral=referral,
                    from_status="draft",
                    to_status="closed",
                    by=referral.referred_by,
                    at=referral.status_changed_at,
                    note="Withdrawn before it was sent",
                )
            continue
        at = referral.submitted_at
        yield ReferralEvent(
            referral=referral,
            from_status="draft",
            to_status="submitted",
            by=referral.referred_by,
            at=at,
        )
        steps = (
            REFERRAL_PATH[1 : REFERRAL_PATH.index(referral.status) + 1]
            if (referral.status in REFERRAL_PATH)
            else REFERRAL_PATH[1 : 1 + referral.pk % 3]
        )
        previous = "submitted"
        for step in steps:
            at = at + timedelta(days=2)
            yield ReferralEvent(
                referral=referral, from_status=previous, to_status=step, by=coordinator, at=at
            )
            previous = step
        if referral.status == Referral.Status.CLOSED:
            yield ReferralEvent(
                referral=referral,
                from_status=previous,
                to_status="closed",
                by=coordinator,
                at=at + timedelta(days=1),
                note=referral.get_close_reason_display(),
            )


def training_modules(g: Generation) -> None:
    """The seven modules of DESIGN.md in every programme, and a retired one."""
    made = g.insert(
        TrainingModule,
        (
            TrainingModule(
                programme=d.programme,
                name=name,
                required=required,
                validity_months=months,
                pass_mark=pass_mark,
                position=position,
                is_active=active,
            )
            for d in g.programmes
            for position, (name, required, months, pass_mark, active) in enumerate(
                [(*m, True) for m in MODULES]
                + [("Old induction (retired)", False, None, None, False)]
            )
        ),
    )
    for module in made:
        next(d for d in g.programmes if d.programme.pk == module.programme_id).modules.append(
            module
        )


def mentors(g: Generation) -> None:
    """Mentors in every status with their history, references, interviews and disclosure
    checks; those in training or active (and a few paused or retired) have an account. The
    bench's mentor sign-in is the first active mentor of the big programme."""
    for index, data in enumerate(g.programmes):
        _mentors_for(g, data, sign_in=index == 0)


def _mentors_for(g: Generation, data: ProgrammeData, *, sign_in: bool) -> None:
    rng, now = g.rng, g.now
    statuses = _mix(rng, MENTOR_MIX, data.scale.mentors)
    people = []
    for status in statuses:
        serial = g.next_serial()
        first, last = _name(rng)
        people.append((serial, first, last, status))
    mentor_sign_in = next(s.email for s in SIGN_INS if s.role == "mentor")
    first_active = next(i for i, p in enumerate(people) if p[3] == "active") if sign_in else -1
    password = make_password(BENCH_PASSWORD)
    unusable = make_password(None)
    with_account = [
        i
        for i, (_, _, _, status) in enumerate(people)
        if status in Mentor.SIGN_IN_STATUSES or (status in ("paused", "retired") and i % 3 == 0)
    ]
    users = g.insert(
        User,
        (
            User(
                email=mentor_sign_in
                if i == first_active
                else f"mentor{people[i][0]}@bench.invalid",
                first_name=people[i][1],
                last_name=people[i][2],
                role=User.Role.MENTOR,
                is_active=people[i][3] in Mentor.SIGN_IN_STATUSES,
                password=password if i == first_active else unusable,
            )
            for i in with_account
        ),
    )
    account = dict(zip(with_account, users, strict=True))
    g.insert(Membership, (Membership(user=u, programme=data.programme) for u in users))
    if sign_in:
        g.sign_ins["mentor"] = account[first_active]
    rows = []
    for i, (serial, first, last, status) in enumerate(people):
        applied = now - timedelta(
            days=rng.randint(1, 20) if status == "applied" else rng.randint(30, 1500)
        )
        rows.append(
            Mentor(
                programme=data.programme,
                user=account.get(i),
                first_name=first,
                last_name=last,
                email=account[i].email if i in account else f"volunteer{serial}@bench.invalid",
                phone=f"+447700900{serial % 1000:03d}",
                lived_experience=rng.choice(Mentor.LivedExperience.values),
                lived_experience_summary="Back pain for years; walking and pacing help.",
                motivation="I know how hard it is to keep going after physio ends.",
                formats=rng.sample(["phone", "face_to_face", "walking", "group", "video"], 2),
                availability=rng.sample(
                    ["mon_morning", "tue_afternoon", "wed_morning", "fri_morning"], 2
                ),
                area=_district(serial * 7),
                capacity=rng.choice([1, 2, 2, 2, 3]),
                gender=rng.choices(["woman", "man", ""], weights=[6, 3, 1])[0],
                interests=rng.sample(INTERESTS, rng.randint(1, 4)),
                languages=rng.choice(LANGUAGES),
                consent_to_store=True,
                status=status,
                applied_at=applied,
                status_changed_at=applied + timedelta(days=rng.randint(0, 25)),
            )
        )
    made = g.insert(Mentor, rows)
    data.mentors = made
    coordinator = data.coordinators[0]
    g.insert(MentorStatusChange, _mentor_history(made, coordinator))
    screened = [m for m in made if m.status != "applied"]
    g.insert(
        Interview,
        (
            Interview(
                mentor=m,
                held_on=timezone.localdate(m.applied_at) + timedelta(days=7),
                interviewer=coordinator,
                notes="",
                outcome="not_suitable" if m.status == "declined" else "suitable",
            )
            for m in screened
        ),
    )
    g.insert(
        MentorReference,
        (
            MentorReference(
                mentor=m,
                referee_name=f"Referee {n + 1}",
                referee_contact=f"referee{m.pk}.{n}@bench.invalid",
                requested_on=timezone.localdate(m.applied_at) + timedelta(days=8),
                received_on=timezone.localdate(m.applied_at) + timedelta(days=20),
                satisfactory=True,
            )
            for m in screened
            for n in range(2)
        ),
    )
    g.insert(DisclosureCheck, _disclosure_checks(g, made))


def _mentor_history(made: list[Mentor], coordinator: User) -> Iterable[MentorStatusChange]:
    path = {
        "applied": [],
        "screening": ["screening"],
        "declined": ["declined"],
        "in_training": ["screening", "in_training"],
        "active": ["screening", "in_training", "active"],
        "paused": ["screening", "in_training", "active", "paused"],
        "retired": ["screening", "in_training", "active", "retired"],
    }
    for mentor in made:
        yield MentorStatusChange(
            mentor=mentor, from_status="", to_status="applied", at=mentor.applied_at
        )
        previous = "applied"
        for n, step in enumerate(path[mentor.status], start=1):
            yield MentorStatusChange(
                mentor=mentor,
                from_status=previous,
                to_status=step,
                by=coordinator,
                at=mentor.applied_at + timedelta(days=5 * n),
            )
            previous = step


def _disclosure_checks(g: Generation, made: list[Mentor]) -> Iterable[DisclosureCheck]:
    """In training and later: a clear check, about one in twelve past renewal; screening:
    half still waiting for the result."""
    for mentor in made:
        if mentor.status in ("applied", "declined"):
            continue
        if mentor.status == "screening":
            if g.rng.random() < 0.5:
                yield DisclosureCheck(mentor=mentor, scheme="pvg", number=f"PVG {mentor.pk}")
            continue
        expired = g.rng.random() < 1 / 12
        issued = g.today - timedelta(
            days=g.rng.randint(1200, 1500) if expired else g.rng.randint(10, 900)
        )
        yield DisclosureCheck(
            mentor=mentor,
            scheme=g.rng.choice(["pvg", "dbs", "accessni"]),
            number=f"{mentor.pk:012d}",
            issued_on=issued,
            renewal_due_on=issued + timedelta(days=3 * 365),
            outcome="clear",
        )


def training_records(g: Generation) -> None:
    """Training records up to the programme's figure: every module for mentors who are or
    were active (about one in eight with a module expired, some expiring within the
    warning), some modules for those in training, failed quizzes, and older records
    renewed since."""
    for data in g.programmes:
        _training_for(g, data)


def _training_for(g: Generation, data: ProgrammeData) -> None:
    rng, today = g.rng, g.today
    active_modules = [m for m in data.modules if m.is_active]
    wanted: list[tuple[Mentor, TrainingModule, str]] = []
    for mentor in data.mentors:
        if mentor.status in ("active", "paused", "retired"):
            standing = "expired" if rng.random() < 1 / 8 else "in_date"
            expired_one = rng.choice(active_modules) if standing == "expired" else None
            for module in active_modules:
                wanted.append((mentor, module, "expired" if module == expired_one else "in_date"))
        elif mentor.status == "in_training":
            for module in active_modules[: rng.randint(1, len(active_modules) - 1)]:
                wanted.append((mentor, module, "failed" if rng.random() < 0.1 else "in_date"))
    target = data.scale.training_records
    trained = [m for m in data.mentors if m.status in ("active", "paused", "retired")]
    while len(wanted) < target and trained:  # renewals: an older record of a module
        wanted.append((rng.choice(trained), rng.choice(active_modules), "renewed"))
    del wanted[target:]
    coordinator = data.coordinators[0]
    g.insert(
        TrainingRecord,
        (
            _training_record(rng, today, mentor, module, kind, coordinator)
            for mentor, module, kind in wanted
        ),
    )


def _training_record(
    rng: random.Random,
    today: date,
    mentor: Mentor,
    module: TrainingModule,
    kind: str,
    coordinator: User,
) -> TrainingRecord:
    months = module.validity_months
    if kind == "expired" and months:
        completed = today - timedelta(days=months * 31 + rng.randint(1, 200))
    elif kind == "renewed":
        completed = today - timedelta(days=(months or 24) * 31 + rng.randint(1, 400))
    elif months and rng.random() < 0.05:  # expiring within the warning
        completed = today - timedelta(days=months * 30 - rng.randint(0, 20))
    else:
        completed = today - timedelta(days=rng.randint(1, min(330, (months or 24) * 25)))
    expires = _add_months(completed, months) if months else None
    score = None
    if module.pass_mark is not None:
        score = (
            rng.randint(40, module.pass_mark - 1)
            if kind == "failed"
            else rng.randint(module.pass_mark, 100)
        )
    return TrainingRecord(
        mentor=mentor,
        module=module,
        completed_on=completed,
        delivered_by="Bench Trainer",
        method=rng.choice(TrainingRecord.Method.values),
        quiz_score=score,
        expires_on=expires,
        recorded_by=coordinator,
    )


def _add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    for last_day in (day.day, 30, 29, 28):
        try:
            return date(year, month, min(day.day, last_day))
        except ValueError:
            continue
    raise AssertionError("unreachable")


# --- Mentees and relationships (issue 10) ----------------------------------------------------

SLOTS = [value for value, _ in AVAILABILITY_CHOICES]
MENTEE_ACCOUNTS = 0.08  # of mentees with an email address: invited to an account
PLACES_FILLED = 0.75  # at most this share of active mentors' places held, so some are free
SCORE_REASONS = [
    "Both can meet by phone.",
    "Both are free on Monday mornings.",
    "They live about 4 km apart (approximate: between postcode district centres).",
    "They share an interest: gardening.",
]
PAUSE_REASON = "The mentee is having an operation and will be in touch when recovered."


def matching_setup(g: Generation) -> None:
    """The postcode district centres of the demo file (Edinburgh and the Lothians), which
    every referral postcode and mentor area is in, and matching settings per programme
    (the plan a new pair starts with differs a little between programmes)."""
    loaded = load_demo_districts()
    g.counts[PostcodeDistrict._meta.label] = loaded.created + loaded.updated
    g.insert(
        MatchingSettings,
        (
            MatchingSettings(
                programme=d.programme,
                planned_sessions=6 + 2 * (i % 2),
                planned_length_weeks=12 + 4 * (i % 2),
                near_km=15 + 5 * (i % 3),
            )
            for i, d in enumerate(g.programmes)
        ),
    )


def mentees(g: Generation) -> None:
    """A mentee for each referral awaiting a match or matched (up to the scale's figure),
    each linked to that referral, with preferences and communication needs; some have an
    account. Each mentee's path is planned here (Story) so their waiting status fits their
    relationships: a referral awaiting a match brought a mentee who waits, or has a
    proposed match, perhaps after one that did not go ahead; a matched referral one whose
    mentoring is active, paused, completed, or ended early (then they wait again, or had a
    second mentoring, completed). Places are taken within each mentor's capacity."""
    for index, data in enumerate(g.programmes):
        data.stories = _stories(g, data)
        _mentee_rows(g, data, sign_in=index == 0)


def _weighted(rng: random.Random, choices: dict[str, float]) -> str:
    return rng.choices(list(choices), weights=list(choices.values()))[0]


def _stories(g: Generation, data: ProgrammeData) -> list[Story]:
    rng, today = g.rng, g.today
    found = list(
        Referral.objects.filter(
            programme=data.programme,
            status__in=[Referral.Status.AWAITING_MATCH, Referral.Status.MATCHED],
        ).order_by("pk")
    )
    rng.shuffle(found)
    stories = []
    for referral in found[: data.scale.mentees]:
        if referral.status == Referral.Status.AWAITING_MATCH:
            story = Story(referral, _weighted(rng, {"waiting": 0.8, "proposed": 0.2}))
            if rng.random() < 0.12:
                story.earlier = Relationship.Status.NOT_STARTED
        else:
            age = (today - _started(g, referral).date()).days
            if age <= 84:
                final = _weighted(rng, {"active": 0.85, "paused": 0.08, "ended_early": 0.07})
            elif age <= 180:
                final = _weighted(
                    rng, {"completed": 0.6, "active": 0.15, "paused": 0.05, "ended_early": 0.2}
                )
            else:
                final = "completed"
            story = Story(referral, final)
            if final == "completed" and age > 180 and rng.random() < 0.15:
                story.earlier = Relationship.Status.ENDED_EARLY
        stories.append(story)
    _take_places(g, data, stories)
    _every_status(stories)
    return stories


def _registered(g: Generation, referral: Referral) -> datetime:
    """When the referral moved to awaiting a match (its history: six days after sending)."""
    assert referral.submitted_at is not None
    return min(referral.submitted_at + timedelta(days=6), g.now - timedelta(hours=2))


def _started(g: Generation, referral: Referral) -> datetime:
    """When the referral was matched (its history: eight days after sending)."""
    assert referral.submitted_at is not None
    return min(referral.submitted_at + timedelta(days=8), g.now - timedelta(hours=1))


def _take_places(g: Generation, data: ProgrammeData, stories: list[Story]) -> None:
    """Mentors for every relationship: proposed, active and paused ones take one of an
    active mentor's places (never more than their capacity, and at most PLACES_FILLED of
    all places, so some mentors can still be matched); a story that finds no place
    becomes completed (or waiting). The bench's mentor gets active mentees first. Ended
    relationships had any mentor who is or was active."""
    rng = g.rng
    sign_in = g.sign_ins.get("mentor")
    active = [m for m in data.mentors if m.status == Mentor.Status.ACTIVE]
    slots = [m for m in active for _ in range(m.capacity)]
    rng.shuffle(slots)
    slots.sort(key=lambda m: sign_in is None or m.user_id != sign_in.pk)  # theirs first
    allowed = int(len(slots) * PLACES_FILLED)
    ever_active = [m for m in data.mentors if m.status in ("active", "paused", "retired")]
    order = {"active": 0, "paused": 1, "proposed": 2}
    holding = sorted((s for s in stories if s.final in order), key=lambda s: order[s.final])
    used = 0
    for story in holding:
        if used < allowed:
            story.mentor = slots[used]
            used += 1
        else:
            story.final = "waiting" if story.final == "proposed" else "completed"
    for story in stories:
        if story.mentor is None and story.final != "waiting":
            story.mentor = rng.choice(ever_active)
        if story.earlier:
            story.earlier_mentor = rng.choice(ever_active)
    data.free_places = slots[used:]


def _every_status(stories: list[Story]) -> None:
    """At tiny scales chance may leave a status out: make one of each where possible."""

    def have(status: str) -> bool:
        return any(status in (s.final, s.earlier) for s in stories)

    def first(final: str, earlier: str = "") -> Story | None:
        return next((s for s in stories if s.final == final and s.earlier == earlier), None)

    if not have("paused") and (story := first("active")):
        story.final = "paused"
    if not have("ended_early") and (story := first("completed")):
        story.final = "ended_early"
    if not have("not_started") and (story := first("waiting")):
        story.earlier = "not_started"
        story.earlier_mentor = next((s.mentor for s in stories if s.mentor), None)
        if story.earlier_mentor is None:
            story.earlier = ""


def _mentee_rows(g: Generation, data: ProgrammeData, *, sign_in: bool) -> None:
    rng = g.rng
    coordinator = data.coordinators[0]
    stories = data.stories
    if not any(s.final == "proposed" for s in stories):
        free = data.free_places
        story = next((s for s in stories if s.final == "waiting"), None)
        if story and free:
            story.final, story.mentor = "proposed", free.pop()
    bench_mentee = next((s for s in stories if s.final == "active"), None) if sign_in else None
    invited = [
        s
        for s in stories
        if s is bench_mentee or (s.referral.email and rng.random() < MENTEE_ACCOUNTS)
    ]
    mentee_sign_in = next(x.email for x in SIGN_INS if x.role == "mentee")
    password = make_password(BENCH_PASSWORD)
    unusable = make_password(None)
    users = g.insert(
        User,
        (
            User(
                email=mentee_sign_in if s is bench_mentee else s.referral.email,
                first_name=s.referral.first_name,
                last_name=s.referral.last_name,
                role=User.Role.MENTEE,
                password=password if s is bench_mentee else unusable,
            )
            for s in invited
        ),
    )
    account = {id(s): user for s, user in zip(invited, users, strict=True)}
    g.insert(Membership, (Membership(user=u, programme=data.programme) for u in users))
    if bench_mentee is not None:
        g.sign_ins["mentee"] = account[id(bench_mentee)]
    rows = []
    for story in stories:
        referral = story.referral
        user = account.get(id(story))
        email = user.email if user else referral.email
        channels = ["phone", "letter"] + ["text"] * bool(referral.phone) + ["email"] * bool(email)
        rows.append(
            Mentee(
                programme=data.programme,
                user=user,
                first_name=referral.first_name,
                last_name=referral.last_name,
                email=email,
                phone=referral.phone,
                postcode=referral.postcode,
                area=referral.postcode.split(" ")[0],
                preferred_formats=list(referral.preferred_formats),
                availability=rng.sample(SLOTS, rng.randint(1, 6)),
                mentor_gender_preference=_weighted(rng, {"": 7, "woman": 2, "man": 1}),
                interests=rng.sample(INTERESTS, rng.randint(0, 4)),
                languages=rng.choice(LANGUAGES),
                shared_goals="Walk to the shops and back without stopping."
                if rng.random() < 0.5
                else "",
                needs_large_print=rng.random() < 0.05,
                needs_hearing_support=rng.random() < 0.08,
                interpreter_language="Polish" if rng.random() < 0.02 else "",
                helper_name="Their daughter" if rng.random() < 0.1 else "",
                reminder_channel=rng.choice(channels),
                waiting_since=_waiting_since(g, story),
                registered_at=_registered(g, referral),
                registered_by=coordinator,
            )
        )
    made = g.insert(Mentee, rows)
    for story, mentee in zip(stories, made, strict=True):
        story.mentee = mentee
    g.insert(
        MenteeReferral,
        (
            MenteeReferral(
                mentee=s.mentee,
                referral=s.referral,
                registered_at=_registered(g, s.referral),
                registered_by=coordinator,
            )
            for s in stories
        ),
    )


def _waiting_since(g: Generation, story: Story) -> datetime | None:
    if story.final == "waiting":
        if story.earlier == "not_started":
            return _not_started_times(g, story.referral)[1]
        return _registered(g, story.referral)
    if story.final == "ended_early":  # back on the list when it ended
        return _ended_early_times(g, story.referral)[1]
    return None


def _not_started_times(g: Generation, referral: Referral) -> tuple[datetime, datetime]:
    """An earlier proposal that did not go ahead: proposed soon after registering, ended
    within ten days, both before now."""
    registered = _registered(g, referral)
    span = g.now - registered
    proposed = registered + min(span * 0.2, timedelta(days=3))
    return proposed, proposed + min(span * 0.2, timedelta(days=10))


def _ended_early_times(g: Generation, referral: Referral) -> tuple[datetime, datetime]:
    """A mentoring that started when the referral was matched and ended early, after two
    to six weeks (or by now)."""
    started = _started(g, referral)
    weeks = 2 + referral.pk % 5
    return started, min(started + timedelta(weeks=weeks), g.now - timedelta(minutes=30))


def relationships(g: Generation) -> None:
    """Each mentee's relationships as their story says, with their history: proposed (some
    agreed by one or both), active (some with a changed plan), paused, completed, ended
    early and not gone ahead; plans from the programme's matching settings."""
    for data in g.programmes:
        settings = MatchingSettings.objects.get(programme=data.programme)
        plan = Plan(
            planned_sessions=settings.planned_sessions,
            planned_interval_days=settings.planned_interval_days,
            planned_length_weeks=settings.planned_length_weeks,
            review_after_session=settings.review_after_session,
        )
        pairs = [p for story in data.stories for p in _pairs(g, data, story, plan)]
        made = g.insert(Relationship, (relationship for relationship, _ in pairs))
        g.insert(
            RelationshipEvent,
            (
                RelationshipEvent(
                    relationship=relationship,
                    from_status=before,
                    to_status=after,
                    by=data.coordinators[0],
                    at=at,
                    note=note,
                )
                for relationship, (_, events) in zip(made, pairs, strict=True)
                for before, after, at, note in events
            ),
        )


Event = tuple[str, str, datetime, str]


def _pairs(
    g: Generation, data: ProgrammeData, story: Story, plan: Plan
) -> list[tuple[Relationship, list[Event]]]:
    rng, referral = g.rng, story.referral
    found = []
    after = _registered(g, referral)
    if story.earlier == "not_started":
        proposed, ended = _not_started_times(g, referral)
        found.append(
            _pair(g, data, story, story.earlier_mentor, plan, "not_started", proposed, end=ended)
        )
        after = ended
    elif story.earlier == "ended_early":
        started, ended = _ended_early_times(g, referral)
        found.append(
            _pair(
                g,
                data,
                story,
                story.earlier_mentor,
                plan,
                "ended_early",
                started - timedelta(days=2),
                start=started,
                end=ended,
            )
        )
        after = ended
    status = story.final
    if status == "waiting":
        return found
    if status == "proposed":
        proposed = max(after + timedelta(hours=1), g.now - timedelta(days=rng.randint(1, 21)))
        return [*found, _pair(g, data, story, story.mentor, plan, "proposed", proposed)]
    if story.earlier == "ended_early":  # the second mentoring, three weeks after the first
        start = min(after + timedelta(weeks=3), g.now - timedelta(hours=1))
    elif status == "ended_early":
        start, ended = _ended_early_times(g, referral)
        return [
            *found,
            _pair(g, data, story, story.mentor, plan, status, start - timedelta(days=2),
                  start=start, end=ended),
        ]  # fmt: skip
    else:
        start = _started(g, referral)
    proposed = max(start - timedelta(days=2), after)
    length = timedelta(weeks=plan.planned_length_weeks, days=rng.randint(-7, 14))
    latest = g.now - timedelta(minutes=10)
    end = min(start + length, latest) if status == "completed" else None
    changed = rng.random() < (0.5 if (g.today - start.date()).days > 84 else 0.1)
    return [
        *found,
        _pair(g, data, story, story.mentor, plan, status, proposed, start=start, end=end,
              changed=changed),
    ]  # fmt: skip


def _pair(
    g: Generation,
    data: ProgrammeData,
    story: Story,
    mentor: Mentor | None,
    plan: Plan,
    status: str,
    proposed: datetime,
    *,
    start: datetime | None = None,
    end: datetime | None = None,
    changed: bool = False,
) -> tuple[Relationship, list[Event]]:
    rng = g.rng
    assert story.mentee is not None
    assert mentor is not None
    coordinator = data.coordinators[0]
    mentee = story.mentee
    formats = [f for f in mentee.preferred_formats if f in mentor.formats] or list(
        mentee.preferred_formats
    )
    agreed: list[datetime | None] = [None, None]
    if start is not None:
        agreed = [proposed + (start - proposed) * 0.3, proposed + (start - proposed) * 0.6]
    elif status == "proposed":
        ages = g.now - proposed
        agreed = [
            proposed + ages * 0.3 if rng.random() < 0.6 else None,
            proposed + ages * 0.6 if rng.random() < 0.4 else None,
        ]
    events: list[Event] = [("", "proposed", proposed, "")]
    for party, at in zip(["mentee", "mentor"], agreed, strict=True):
        if at is not None:
            events.append(("proposed", "proposed", at, f"The {party} agreed."))
    agreed_plan = replace(plan, formats=formats)
    if start is not None:
        events.append(
            ("proposed", "active", start,
             f"Starts on {long_date(start.date())}: {agreed_plan.in_words()}.")
        )  # fmt: skip
    if changed and start is not None:
        agreed_plan = replace(
            agreed_plan,
            planned_sessions=agreed_plan.planned_sessions + 2,
            planned_length_weeks=agreed_plan.planned_length_weeks + 6,
        )
        at = start + ((end or g.now) - start) / 2
        events.append(("active", "active", at, f"Plan changed: {agreed_plan.in_words()}."))
    reason, pause_reason, resume_on = "", "", None
    if status == "paused":
        assert start is not None
        at = start + (g.now - start) * 0.7
        pause_reason, resume_on = PAUSE_REASON, g.today + timedelta(days=rng.randint(7, 42))
        events.append(
            (
                "active",
                "paused",
                at,
                f"{pause_reason} Expected to resume on {long_date(resume_on)}.",
            )
        )
    elif status in ("ended_early", "not_started"):
        assert end is not None
        reason = rng.choice(Relationship.EndReason.values)
        label = Relationship.EndReason(reason).label
        events.append(("active" if start else "proposed", status, end, f"{label}."))
    elif status == "completed":
        assert end is not None
        events.append(("active", "completed", end, ""))
    relationship = Relationship(
        programme=data.programme,
        mentee=mentee,
        mentor=mentor,
        referral=story.referral,
        status=status,
        status_changed_at=events[-1][2],
        score=rng.randint(45, 100),
        score_reasons=SCORE_REASONS[: rng.randint(1, len(SCORE_REASONS))],
        proposed_at=proposed,
        proposed_by=coordinator,
        mentee_agreed_at=agreed[0],
        mentee_agreement_recorded_by=coordinator if agreed[0] else None,
        mentor_agreed_at=agreed[1],
        mentor_agreement_recorded_by=coordinator if agreed[1] else None,
        formats=agreed_plan.formats,
        planned_sessions=agreed_plan.planned_sessions,
        planned_interval_days=agreed_plan.planned_interval_days,
        planned_length_weeks=agreed_plan.planned_length_weeks,
        review_after_session=agreed_plan.review_after_session,
        started_on=start.date() if start else None,
        ended_on=end.date() if end and start else None,
        pause_reason=pause_reason,
        expected_resume_on=resume_on,
        end_reason=reason,
    )
    return relationship, events


Step = Callable[[Generation], None]
# In order. Later issues add theirs at the end: mentees, relationships, contact logs, flags.
# Of the contacts planned, how many happened, and how often a log raises a concern.
LOG_OUTCOMES = {"held": 0.82, "cancelled_by_mentee": 0.08, "cancelled_by_mentor": 0.04,
                "no_answer": 0.06}  # fmt: skip
CONCERN_SHARE = 0.025
CONCERN_KINDS = {"wellbeing": 0.45, "relationship": 0.2, "red_flag": 0.25, "safeguarding": 0.1}
TOPICS = [value for value, _ in Topic.choices]


def session_logs(g: Generation) -> None:
    """The programme's six-session plan, and the contacts of every pair that started, as
    logged: one each planned interval from the start until it ended (or today), most held
    (pain easing and confidence growing a little), some cancelled or unanswered; about one
    log in forty raises a concern (a quarter of them red flags), those older than a fortnight
    dealt with. A mentor without an account had their logs entered by a coordinator. Each
    active pair's next planned contact is the one its latest log agreed."""
    for data in g.programmes:
        g.insert(
            SessionPlanStep,
            (
                SessionPlanStep(
                    programme=data.programme,
                    number=number,
                    topic=topic,
                    aims=aims,
                    target_outcomes=outcomes,
                )
                for number, (topic, aims, outcomes) in enumerate(SUGGESTED_PLAN, start=1)
            ),
        )
        pairs = list(
            Relationship.objects.filter(programme=data.programme, started_on__isnull=False)
            .select_related("mentor")
            .order_by("pk")
        )
        logs = g.insert(SessionLog, (log for r in pairs for log in _logs_of(g, data, r)))
        _concerns_of(g, data, [log for log in logs if log.concern])
        latest = SessionLog.objects.filter(relationship=models.OuterRef("pk")).order_by(
            "-occurred_at", "-pk"
        )
        Relationship.objects.filter(
            programme=data.programme, status=Relationship.Status.ACTIVE
        ).update(next_contact_at=models.Subquery(latest.values("next_contact_at")[:1]))


def _logs_of(g: Generation, data: ProgrammeData, r: Relationship) -> Iterable[SessionLog]:
    rng, coordinator = g.rng, data.coordinators[0]
    assert r.started_on is not None
    until = min(r.ended_on or g.today, g.today)
    planned = min(r.planned_sessions, (until - r.started_on).days // r.planned_interval_days + 1)
    pain, confidence = rng.randint(4, 9), rng.randint(1, 6)
    by = r.mentor.user_id or coordinator.pk
    for n in range(max(planned, 0)):
        day = r.started_on + timedelta(days=n * r.planned_interval_days + rng.randint(0, 2))
        occurred = timezone.make_aware(
            datetime.combine(min(day, until), datetime.min.time()) + timedelta(hours=10)
        )
        if occurred > g.now - timedelta(hours=1):
            break
        outcome = _weighted(rng, LOG_OUTCOMES)
        held = outcome == Outcome.HELD
        if held:
            pain = max(0, min(10, pain + rng.choice((-1, -1, 0, 0, 1))))
            confidence = max(0, min(10, confidence + rng.choice((-1, 0, 1, 1))))
        concern = _weighted(rng, CONCERN_KINDS) if rng.random() < CONCERN_SHARE else ""
        yield SessionLog(
            relationship=r,
            key=uuid.UUID(int=rng.getrandbits(128)),
            occurred_at=occurred,
            outcome=outcome,
            format=rng.choice(r.formats or ["phone"]),
            minutes=rng.choice((30, 45, 60, 90, 120)) if held else None,
            topics=rng.sample(TOPICS, rng.randint(1, 3)) if held else [],
            pain=pain if held else None,
            confidence=confidence if held else None,
            goal_progress="Walking a little further each week." if held else "",
            action_plan="Walk to the shop and back three times this week." if held else "",
            concern=concern,
            concern_details="Sounded worried about how things are going." if concern else "",
            red_flag_signs=["New weakness in one or both legs, or legs giving way"]
            if concern == ConcernKind.RED_FLAG
            else [],
            next_contact_at=occurred + timedelta(days=r.planned_interval_days),
            logged_by_id=by,
            on_behalf=r.mentor.user_id is None,
            created_at=occurred + timedelta(hours=rng.randint(1, 30)),
        )


def _concerns_of(g: Generation, data: ProgrammeData, logs: list[SessionLog]) -> None:
    g.insert(Concern, (_concern(g, data, log) for log in logs))


def _concern(g: Generation, data: ProgrammeData, log: SessionLog) -> Concern:
    """Raised with its log; a coordinator dealt with those raised over a fortnight ago."""
    concern = Concern(
        log=log,
        relationship_id=log.relationship_id,
        programme=data.programme,
        kind=log.concern,
        urgent=log.concern in (ConcernKind.SAFEGUARDING, ConcernKind.RED_FLAG),
        raised_at=log.created_at,
        raised_by_id=log.logged_by_id,
    )
    if log.created_at < g.now - timedelta(days=14):
        concern.taken_at = log.created_at + timedelta(hours=2)
        concern.closed_at = log.created_at + timedelta(days=2)
        concern.taken_by = concern.closed_by = data.coordinators[0]
        concern.closing_note = "Spoke to the mentee and to the mentor."
    return concern


def monitoring_and_reminders(g: Generation) -> None:
    """Tonight's monitoring run over everything, through the service (it is set-based: its
    flags and feedback requests are what the nightly job would write), and the letters and
    calls of the coming days: for each active pair whose mentee is reached by phone and
    meets tomorrow, a call to make today; by letter, a letter for each contact in the next
    week, not printed yet."""
    monitoring.run(now=g.now)
    tomorrow = g.today + timedelta(days=1)
    week_ahead = g.today + timedelta(days=7)
    rows = Relationship.objects.filter(
        status=Relationship.Status.ACTIVE,
        mentee__reminder_channel__in=[Mentee.Channel.PHONE, Mentee.Channel.LETTER],
        next_contact_at__isnull=False,
    ).values_list("pk", "programme_id", "mentee_id", "mentee__reminder_channel", "next_contact_at")
    reminders = []
    for pk, programme_id, mentee_id, channel, next_contact_at in rows.iterator():
        contact_on = timezone.localdate(next_contact_at)
        if channel == Mentee.Channel.PHONE and contact_on == tomorrow:
            how, due_on = ManualReminder.How.PHONE, g.today
        elif channel == Mentee.Channel.LETTER and tomorrow <= contact_on <= week_ahead:
            how = ManualReminder.How.LETTER
            due_on = contact_on - timedelta(days=django_settings.REMINDER_LETTER_DAYS_BEFORE)
        else:
            continue
        reminders.append(
            ManualReminder(
                how=how, programme_id=programme_id, relationship_id=pk, mentee_id=mentee_id,
                contact_on=contact_on, due_on=min(due_on, g.today), created_at=g.now,
            )
        )  # fmt: skip
    g.insert(ManualReminder, reminders)


STEPS: list[tuple[str, Step]] = [
    ("programmes and sites", programmes_and_sites),
    ("staff", staff),
    ("referrals", referrals),
    ("training modules", training_modules),
    ("mentors", mentors),
    ("training records", training_records),
    ("postcode districts and matching settings", matching_setup),
    ("mentees", mentees),
    ("relationships", relationships),
    ("session logs and concerns", session_logs),
    ("monitoring flags, feedback requests, letters and calls", monitoring_and_reminders),
]


def has_data() -> bool:
    """Whether the database already holds people or records of the app."""
    return any(model._default_manager.exists() for model in (Programme, User, Referral, Mentor))


def generate(
    *,
    scale: Scale,
    seed: int = 2026,
    now: datetime | None = None,
    report: Callable[[str], Any] | None = None,
) -> Generation:
    """Run every step in one transaction; `report` hears each step's time."""
    g = Generation(scale=scale, now=now or timezone.now(), rng=random.Random(seed))
    with transaction.atomic():
        for name, step in STEPS:
            started = time.perf_counter()
            step(g)
            if report:
                report(f"{name}: {time.perf_counter() - started:.1f}s")
    return g


def _log_pages(g: Generation) -> dict[str, Any]:
    """The bench mentor's current pair with the most logs and its latest log, and the
    oldest open concern of the big programme (its page shows the log's signs)."""
    mentor = g.sign_ins.get("mentor")
    pair = (
        Relationship.objects.filter(mentor__user=mentor, status=Relationship.Status.ACTIVE)
        .annotate(n=models.Count("logs"))
        .order_by("-n", "pk")
        .first()
    )
    log = pair.logs.order_by("-occurred_at").first() if pair else None
    concern = (
        Concern.objects.filter(programme=g.big.programme, closed_at=None)
        .order_by("raised_at", "pk")
        .first()
    )
    flag = Flag.objects.filter(programme=g.big.programme).open().order_by("opened_at", "pk").first()
    return {
        "mentor_relationship": pair.pk if pair else None,
        "log": log.pk if log else None,
        "concern": concern.pk if concern else None,
        "flag": flag.pk if flag else None,
    }


def manifest(g: Generation) -> dict[str, Any]:
    """What the bench needs to find its pages: sign-ins, and ids in the big programme."""
    big = g.big.programme
    coordinator = g.sign_ins["coordinator"]
    physio = g.sign_ins["physiotherapist"]
    referral = (
        Referral.objects.filter(programme=big, referred_by=physio, status="awaiting_match")
        .order_by("pk")
        .first()
    )
    current = [Mentor.Status.IN_TRAINING, Mentor.Status.ACTIVE, Mentor.Status.PAUSED]
    waiting = Mentee.objects.filter(programme=big).waiting().order_by("pk")
    # A waiting mentee with a past proposal (their page shows it), and an active
    # relationship whose plan was changed (a longer history).
    mentee = waiting.exclude(relationships=None).first() or waiting.first()
    active = Relationship.objects.filter(programme=big, status=Relationship.Status.ACTIVE)
    relationship = (
        active.filter(events__note__startswith="Plan changed").order_by("pk").first()
        or active.order_by("pk").first()
    )
    return {
        "password": BENCH_PASSWORD,
        "sign_ins": {role: user.email for role, user in g.sign_ins.items()},
        "programme": big.pk,
        "referral": referral.pk if referral else None,
        "search": SEARCH_NAME,
        "mentee": mentee.pk if mentee else None,
        "relationship": relationship.pk if relationship else None,
        **_log_pages(g),
        "coordinator_programmes": list(coordinator.programmes.values_list("pk", flat=True)),
        "mentors_in_programme": Mentor.objects.filter(programme=big).count(),
        "current_mentors_in_programme": Mentor.objects.filter(
            programme=big, status__in=current
        ).count(),
        "counts": g.counts,
    }
