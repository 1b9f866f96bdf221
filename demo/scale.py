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

from django.contrib.auth.hashers import make_password
from django.db import models, transaction
from django.db.models import F
from django.db.models.functions import Coalesce
from django.utils import timezone

from accounts.models import Membership, Programme, Site, User
from core.validators import invented_nhs_number
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

    def scaled(self, factor: float) -> Scale:
        return replace(
            self,
            referrals=max(20, round(self.referrals * factor)),
            mentors=max(14, round(self.mentors * factor)),
            training_records=max(20, round(self.training_records * factor)),
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
    SignIn("administrator", "admin@bench.invalid"),
]


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
                postcode=f"GL{serial % 20 + 1} {serial % 9 + 1}AB" if complete else "",
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
                area=f"GL{serial % 30 + 1}",
                capacity=rng.choice([1, 2, 2, 2, 3]),
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


Step = Callable[[Generation], None]
# In order. Later issues add theirs at the end: mentees, relationships, contact logs, flags.
STEPS: list[tuple[str, Step]] = [
    ("programmes and sites", programmes_and_sites),
    ("staff", staff),
    ("referrals", referrals),
    ("training modules", training_modules),
    ("mentors", mentors),
    ("training records", training_records),
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
    return {
        "password": BENCH_PASSWORD,
        "sign_ins": {role: user.email for role, user in g.sign_ins.items()},
        "programme": big.pk,
        "referral": referral.pk if referral else None,
        "search": SEARCH_NAME,
        "coordinator_programmes": list(coordinator.programmes.values_list("pk", flat=True)),
        "mentors_in_programme": Mentor.objects.filter(programme=big).count(),
        "current_mentors_in_programme": Mentor.objects.filter(
            programme=big, status__in=current
        ).count(),
        "counts": g.counts,
    }
