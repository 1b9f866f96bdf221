"""Session logs: one per contact a mentor had (or tried to have) with a mentee, the concern
a log may raise, every correction made to a log, and the programme's session plan.

A log is visible exactly when a person may see its relationship's logs (coordinators: their
programmes; a mentor: their current mentees only, nothing after the mentoring ends); mentees
and physiotherapists never see logs. A physiotherapist sees the *concerns* (clinical red
flags) about the patients they referred, never the notes."""

from __future__ import annotations

import uuid
from datetime import datetime, timedelta
from typing import Self

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.models import Programme, User
from core.access import VisibleQuerySet
from core.choices import Format, labels_for
from core.links import url_with_key
from core.models import NOTES_LENGTH, REASON_LENGTH, ProgrammeSettings
from mentoring.matching.models import Relationship

SCALE = (0, 10)  # pain today and confidence in managing it: 0 to 10

DEFAULT_RED_FLAG_SIGNS = "\n".join(
    [
        "New problems passing urine or controlling the bladder or bowels",
        "Numbness around the bottom or genitals (saddle numbness)",
        "New weakness in one or both legs, or legs giving way",
        "Numbness or pins and needles in both legs",
        "Back pain with a fever, or feeling very unwell",
        "Severe pain that keeps getting worse, even at rest or at night",
        "Losing weight without trying",
    ]
)
DEFAULT_RED_FLAG_ADVICE = (
    "Tell them this needs a doctor today.\n"
    "If they cannot pass urine, cannot control their bladder or bowels, or have numbness "
    "around the bottom or genitals, they must go to A&E now or call 999. These can be signs "
    "of cauda equina syndrome, which needs treatment within hours.\n"
    "For the other signs, they should phone their GP surgery today, or NHS 111 if the "
    "surgery is closed.\n"
    "Stay with them, or on the phone, until they know what they are going to do.\n"
    "Your coordinator and their physiotherapist have been told."
)
DEFAULT_SAFEGUARDING_ADVICE = (
    "If anyone is in danger now, call 999.\n"
    "Do not promise to keep it a secret. Say that you must tell the coordinator, to keep "
    "them safe.\n"
    "Your coordinator has been told and will phone you."
)


class Topic(models.TextChoices):
    """The self-management strategies a contact talked about (DESIGN.md), in plain words."""

    EXERCISE = "exercise", "Exercises from the physiotherapist"
    ACTIVITY = "activity", "Walking and keeping active"
    PACING = "pacing", "Pacing: spreading jobs out, with rests"
    GOALS = "goals", "Setting goals"
    FLARE_UPS = "flare_ups", "A plan for flare-ups"
    MEDICINES = "medicines", "Taking pain medicines"
    SLEEP = "sleep", "Sleep"
    MOOD = "mood", "Mood and worry"
    SOCIAL = "social", "Seeing people and getting out"


class Barrier(models.TextChoices):
    """What got in the way (DESIGN.md)."""

    OTHER_ILLNESS = "other_illness", "Other health problems"
    PAIN_FLARE = "pain_flare", "A flare-up of back pain"
    WEATHER = "weather", "The weather"
    TRANSPORT = "transport", "Getting there (transport)"
    CARING = "caring", "Looking after someone"
    TECHNOLOGY = "technology", "Using phones or computers"
    MOTIVATION = "motivation", "Finding it hard to get going"


class Outcome(models.TextChoices):
    HELD = "held", "It went ahead"
    CANCELLED_BY_MENTEE = "cancelled_by_mentee", "The mentee cancelled"
    CANCELLED_BY_MENTOR = "cancelled_by_mentor", "The mentor cancelled"
    NO_ANSWER = "no_answer", "No answer, or they did not come"


class ConcernKind(models.TextChoices):
    NONE = "", "No concerns"
    RELATIONSHIP = "relationship", "Difficulty between the mentor and mentee"
    WELLBEING = "wellbeing", "Worried about how they are (wellbeing)"
    SAFEGUARDING = "safeguarding", "Worried they are being harmed or neglected (safeguarding)"
    RED_FLAG = "red_flag", "Signs that need a doctor soon (clinical red flag)"


URGENT_CONCERNS = (ConcernKind.SAFEGUARDING, ConcernKind.RED_FLAG)


class LogSettings(ProgrammeSettings):
    """How long a mentor may correct their own log, and what the programme tells a mentor
    when a concern is serious: the red-flag signs it lists and what to say now."""

    mentor_can_correct_days = models.PositiveSmallIntegerField(
        "days a mentor may correct their own log",
        default=7,
        validators=[MinValueValidator(0), MaxValueValidator(90)],
    )
    red_flag_signs = models.TextField(
        "red-flag signs (one a line)",
        default=DEFAULT_RED_FLAG_SIGNS,
        help_text="Shown to mentors as tick boxes when they raise a clinical concern.",
    )
    red_flag_advice = models.TextField(
        "what a mentor tells the mentee after a red flag",
        default=DEFAULT_RED_FLAG_ADVICE,
    )
    safeguarding_advice = models.TextField(
        "what a mentor does after a safeguarding concern",
        default=DEFAULT_SAFEGUARDING_ADVICE,
    )

    class Meta:
        verbose_name = "session log settings"
        verbose_name_plural = "session log settings"

    def signs(self) -> list[str]:
        return [line.strip() for line in self.red_flag_signs.splitlines() if line.strip()]

    def advice_for(self, kind: str) -> list[str]:
        """The instructions a mentor is shown after raising this kind of concern, a
        paragraph a line."""
        text = {
            ConcernKind.RED_FLAG: self.red_flag_advice,
            ConcernKind.SAFEGUARDING: self.safeguarding_advice,
        }.get(ConcernKind(kind), "")
        return [line.strip() for line in text.splitlines() if line.strip()]


class SessionPlanStepQuerySet(VisibleQuerySet):
    def visible_to_member(self, user: User) -> Self:
        """The plan of a coordinator's or a mentor's programmes (it names nobody)."""
        if user.is_coordinator or user.is_mentor:
            return self.filter(programme__in=Programme.objects.visible_to(user))
        return self.none()


class SessionPlanStep(models.Model):
    """One session of the programme's plan: shown to the mentor before that session."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="session_plan")
    number = models.PositiveSmallIntegerField(validators=[MinValueValidator(1)])
    topic = models.CharField("suggested topic", max_length=200)
    aims = models.TextField(blank=True, max_length=REASON_LENGTH)
    target_outcomes = models.TextField(blank=True, max_length=REASON_LENGTH)

    objects = SessionPlanStepQuerySet.as_manager()

    class Meta:
        ordering = ["programme", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "number"], name="session_plan_one_a_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="session_plan_number_from_1"),
        ]

    def __str__(self) -> str:
        return f"Session {self.number}: {self.topic}"


class SessionLogQuerySet(VisibleQuerySet):
    def visible_to_member(self, user: User) -> Self:
        """Coordinators: their programmes' logs. A mentor: the logs of their current
        mentoring (active or paused), whoever wrote them. Nobody else."""
        if user.is_coordinator:
            return self.filter(relationship__programme__in=Programme.objects.visible_to(user))
        if user.is_mentor:
            return self.filter(
                relationship__mentor__user=user,
                relationship__status__in=Relationship.CURRENT,
            )
        return self.none()

    def held(self) -> Self:
        return self.filter(outcome=Outcome.HELD)


class SessionLog(models.Model):
    """A contact, held or not, as the mentor (or a coordinator for them) recorded it."""

    relationship = models.ForeignKey(Relationship, on_delete=models.PROTECT, related_name="logs")
    # Made when the form opens and sent with it: the same log sent twice (a retry, a double
    # tap, a resend once the signal is back) is stored once.
    key = models.UUIDField(unique=True, default=uuid.uuid4, editable=False)
    occurred_at = models.DateTimeField("when")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    format = models.CharField("how", max_length=20, choices=Format.choices)
    minutes = models.PositiveSmallIntegerField(
        "how long (minutes)", null=True, blank=True, validators=[MaxValueValidator(600)]
    )
    topics = models.JSONField(default=list, blank=True)
    pain = models.PositiveSmallIntegerField(
        "pain today", null=True, blank=True, validators=[MaxValueValidator(SCALE[1])]
    )
    confidence = models.PositiveSmallIntegerField(
        "confidence in managing it", null=True, blank=True, validators=[MaxValueValidator(SCALE[1])]
    )
    goal_progress = models.TextField("progress on goals", blank=True, max_length=NOTES_LENGTH)
    barriers = models.JSONField(default=list, blank=True)
    solutions = models.TextField(
        "what got in the way, and what they tried", blank=True, max_length=NOTES_LENGTH
    )
    action_plan = models.TextField("action plan agreed", blank=True, max_length=NOTES_LENGTH)
    private_notes = models.TextField("private notes", blank=True, max_length=NOTES_LENGTH)
    concern = models.CharField(max_length=20, choices=ConcernKind.choices, blank=True)
    concern_details = models.TextField(
        "what the mentor noticed", blank=True, max_length=NOTES_LENGTH
    )
    red_flag_signs = models.JSONField(default=list, blank=True)  # the words, as ticked then
    next_contact_at = models.DateTimeField("next planned contact", null=True, blank=True)
    logged_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    on_behalf = models.BooleanField(
        "entered by a coordinator for the mentor", default=False, editable=False
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SessionLogQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_at", "-pk"]
        indexes = [models.Index(fields=["relationship", "occurred_at"], name="log_story")]
        constraints = [
            models.CheckConstraint(
                condition=Q(pain__isnull=True) | Q(pain__range=SCALE), name="log_pain_0_10"
            ),
            models.CheckConstraint(
                condition=Q(confidence__isnull=True) | Q(confidence__range=SCALE),
                name="log_confidence_0_10",
            ),
            # A contact that did not happen has no length, scores or topics.
            models.CheckConstraint(
                condition=Q(outcome=Outcome.HELD)
                | Q(minutes__isnull=True, pain__isnull=True, confidence__isnull=True, topics=[]),
                name="log_not_held_has_no_content",
            ),
            models.CheckConstraint(
                condition=~Q(concern=ConcernKind.NONE) | Q(concern_details="", red_flag_signs=[]),
                name="log_no_concern_no_details",
            ),
        ]

    def __str__(self) -> str:
        return f"Contact on {timezone.localtime(self.occurred_at):%d %b %Y}"

    def get_absolute_url(self) -> str:
        return url_with_key("logs:detail", self.pk)

    @property
    def held(self) -> bool:
        return self.outcome == Outcome.HELD

    def topics_display(self) -> list[str]:
        return labels_for(self.topics, Topic.choices)

    def barriers_display(self) -> list[str]:
        return labels_for(self.barriers, Barrier.choices)

    def mentor_may_correct_until(self, settings: LogSettings) -> datetime:
        return self.created_at + timedelta(days=settings.mentor_can_correct_days)


class SessionLogChange(models.Model):
    """A correction to a log: who, when, and each field's value before and after."""

    log = models.ForeignKey(SessionLog, on_delete=models.CASCADE, related_name="changes")
    by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)
    # [{"field": "pain", "label": "Pain today", "before": "6", "after": "7"}, ...]
    changes = models.JSONField(default=list)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"Change to log {self.log_id} at {self.at:%Y-%m-%d %H:%M}"


class ConcernQuerySet(VisibleQuerySet):
    def visible_to_member(self, user: User) -> Self:
        """Coordinators: their programmes' concerns. A physiotherapist: the clinical red
        flags about the patients they referred. A mentor: the concerns they raised about
        their current mentees."""
        if user.is_coordinator:
            return self.filter(programme__in=Programme.objects.visible_to(user))
        if user.is_physiotherapist:
            return self.filter(
                kind=ConcernKind.RED_FLAG,
                relationship__referral__referred_by=user,
                programme__in=Programme.objects.visible_to(user),
            )
        if user.is_mentor:
            return self.filter(
                relationship__mentor__user=user,
                relationship__status__in=Relationship.CURRENT,
            )
        return self.none()

    def open(self) -> Self:
        return self.filter(closed_at__isnull=True)

    def most_pressing_first(self) -> Self:
        return self.order_by("-urgent", "raised_at", "pk")


class Concern(models.Model):
    """The escalation a log's concern starts: coordinators are told at once (urgent for
    safeguarding and red flags), the referring physiotherapist too for a red flag. A
    coordinator takes it in hand, then closes it with what was done."""

    log = models.OneToOneField(SessionLog, on_delete=models.PROTECT, related_name="raised")
    relationship = models.ForeignKey(
        Relationship, on_delete=models.PROTECT, related_name="concerns"
    )
    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="concerns")
    kind = models.CharField(max_length=20, choices=ConcernKind.choices[1:])
    urgent = models.BooleanField(default=False)
    raised_at = models.DateTimeField(default=timezone.now)
    raised_by = models.ForeignKey(User, on_delete=models.PROTECT, related_name="+")
    taken_at = models.DateTimeField(null=True, blank=True)
    taken_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    closed_at = models.DateTimeField(null=True, blank=True)
    closed_by = models.ForeignKey(
        User, on_delete=models.PROTECT, related_name="+", null=True, blank=True
    )
    closing_note = models.TextField(blank=True, max_length=REASON_LENGTH)

    objects = ConcernQuerySet.as_manager()

    class Meta:
        ordering = ["-raised_at", "-pk"]
        indexes = [
            models.Index(
                fields=["programme", "-urgent", "raised_at"],
                condition=Q(closed_at__isnull=True),
                name="concern_open_queue",
            ),
            # the concerns page's "dealt with lately"
            models.Index(
                fields=["programme", "-closed_at"],
                condition=Q(closed_at__isnull=False),
                name="concern_closed_lately",
            ),
        ]
        constraints = [
            models.CheckConstraint(condition=~Q(kind=""), name="concern_has_a_kind"),
            models.CheckConstraint(
                condition=Q(closed_at__isnull=True) | ~Q(closing_note=""),
                name="concern_closed_with_a_note",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({timezone.localtime(self.raised_at):%d %b %Y})"

    def get_absolute_url(self) -> str:
        return url_with_key("logs:concern", self.pk)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None

    def state(self) -> str:
        if self.closed_at:
            return "Dealt with"
        if self.taken_at:
            return "Being dealt with"
        return "New"

    def signs(self) -> list[str]:
        return list(self.log.red_flag_signs)
