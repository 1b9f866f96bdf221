"""Logging contacts (a mentor, or a coordinator for them), reading and correcting a log, and
the concerns logs raise. Every queryset goes through its model's `visible_to(user)`."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count, Window
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.capabilities import Capability
from accounts.models import User
from accounts.permissions import requires
from core.forms import long_date, posted
from core.paging import first_rows, page_of
from core.views import form_page
from mentoring.matching.models import Relationship
from sessions_log.logs import services
from sessions_log.logs.chart import Reading, chart
from sessions_log.logs.forms import CloseConcernForm, SessionLogForm
from sessions_log.logs.models import Concern, LogSettings, SessionLog, SessionPlanStep

CONCERNS_PER_PAGE = 25
DEALT_WITH_SHOWN = 10


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _loggable(request: HttpRequest, pk: int) -> Relationship:
    """A current relationship this person may log a contact for."""
    return get_object_or_404(
        Relationship.objects.visible_to(request.user)
        .filter(status__in=Relationship.CURRENT)
        .select_related("mentee", "mentor", "programme__logs_settings"),
        pk=pk,
    )


# --- Logging a contact ----------------------------------------------------------------------


@requires(Capability.SEE_OWN_MENTEES)
def choose(request: HttpRequest) -> HttpResponse:
    """The mentor's "Log a contact": straight to the form with one mentee, else a choice."""
    relationships = list(
        Relationship.objects.visible_to(request.user)
        .filter(mentor__user=request.user, status__in=Relationship.CURRENT)
        .select_related("mentee")
        .order_by("mentee__first_name", "pk")
    )
    if len(relationships) == 1:
        return redirect("logs:new", pk=relationships[0].pk)
    return render(request, "logs/choose.html", {"relationships": relationships})


@requires(Capability.LOG_CONTACTS)
def new(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _loggable(request, pk)
    user = _user(request)
    settings = LogSettings.for_programme(relationship.programme)
    now = timezone.now()
    form = SessionLogForm(
        posted(request),
        initial=SessionLogForm.initial_for(relationship, now=now),
        relationship=relationship,
        signs=settings.signs(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            log, created = services.log_contact(
                relationship=relationship,
                values=form.values(),
                key=form.cleaned_data["key"],
                by=user,
                now=now,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if created:
                messages.success(request, "Thank you. The contact is logged.")
            else:
                messages.info(request, "This contact was already logged. Nothing was sent twice.")
            return redirect(log)
    on_behalf = not services.is_the_mentor(relationship, user)
    held = SessionLog.objects.visible_to(user).filter(relationship=relationship).held().count()
    return render(
        request,
        "logs/log_form.html",
        {
            "form": form,
            "relationship": relationship,
            "mentee": relationship.mentee,
            "on_behalf": on_behalf,
            "title": (
                f"Log a contact for {relationship.mentor.first_name}"
                if on_behalf
                else f"Log a contact with {relationship.mentee.first_name}"
            ),
            "button": "Save the log",
            "back": relationship.get_absolute_url() if on_behalf else "/",
            "draft_key": f"log:{relationship.pk}",
            "plan_step": SessionPlanStep.objects.visible_to(user)
            .filter(programme=relationship.programme_id, number=held + 1)
            .first(),
        },
        status=400 if form.errors else 200,
    )


def _visible_log(request: HttpRequest, pk: int) -> SessionLog:
    return get_object_or_404(
        SessionLog.objects.visible_to(request.user).select_related(
            "relationship__mentee",
            "relationship__mentor",
            "relationship__programme__logs_settings",
            "logged_by",
            "raised",
        ),
        pk=pk,
    )


def _concern_of(log: SessionLog) -> Concern | None:
    try:
        return log.raised
    except Concern.DoesNotExist:
        return None


@requires(Capability.LOG_CONTACTS)
def detail(request: HttpRequest, pk: int) -> HttpResponse:
    log = _visible_log(request, pk)
    user = _user(request)
    settings = LogSettings.for_programme(log.relationship.programme)
    concern = _concern_of(log)
    return render(
        request,
        "logs/log_detail.html",
        {
            "log": log,
            "relationship": log.relationship,
            "mentee": log.relationship.mentee,
            "concern": concern,
            "advice": settings.advice_for(log.concern) if log.concern else [],
            "changes": log.changes.select_related("by"),
            "may_correct": services.may_correct(log, user, now=timezone.now(), settings=settings),
            "correct_until": log.mentor_may_correct_until(settings),
            "is_the_mentor": services.is_the_mentor(log.relationship, user),
        },
    )


@requires(Capability.LOG_CONTACTS)
def correct(request: HttpRequest, pk: int) -> HttpResponse:
    log = _visible_log(request, pk)
    user = _user(request)
    relationship = log.relationship
    settings = LogSettings.for_programme(relationship.programme)
    now = timezone.now()
    if not services.may_correct(log, user, now=now, settings=settings):
        messages.error(request, services.TOO_LATE.format(days=settings.mentor_can_correct_days))
        return redirect(log)
    concern_locked = _concern_of(log) is not None
    form = SessionLogForm(
        posted(request),
        initial=SessionLogForm.initial_from(log),
        relationship=relationship,
        signs=settings.signs(),
        log=log,
        concern_locked=concern_locked,
    )
    if request.method == "POST" and form.is_valid():
        if form.cleaned_data["key"] != log.key:
            form.add_error(None, "Something went wrong with this form. Reload the page.")
        else:
            try:
                changes = services.correct_log(log=log, values=form.values(), by=user, now=now)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    "The log is corrected." if changes else "Nothing was changed.",
                )
                return redirect(log)
    return render(
        request,
        "logs/log_form.html",
        {
            "form": form,
            "relationship": relationship,
            "mentee": relationship.mentee,
            "on_behalf": not services.is_the_mentor(relationship, user),
            "correcting": log,
            "concern_locked": concern_locked,
            "title": "Correct the log",
            "button": "Save the corrections",
            "back": log.get_absolute_url(),
            "draft_key": f"log-correct:{log.pk}",
        },
        status=400 if form.errors else 200,
    )


# --- Concerns ---------------------------------------------------------------------------------


def _visible_concern(request: HttpRequest, pk: int) -> Concern:
    return get_object_or_404(
        Concern.objects.visible_to(request.user).select_related(
            "log", "relationship__mentee", "relationship__mentor", "relationship__referral",
            "programme", "raised_by", "taken_by", "closed_by",
        ),
        pk=pk,
    )  # fmt: skip


@requires(Capability.SEE_CONCERNS)
def concerns(request: HttpRequest) -> HttpResponse:
    """Open concerns, most pressing first (urgent, then oldest), a page at a time; the last
    few dealt with."""
    # Only what the rows show: a mentee's and a mentor's whole record (their lists of
    # formats, times and interests) would be read and thrown away a hundred times.
    visible = (
        Concern.objects.visible_to(request.user)
        .select_related("relationship__mentee", "taken_by")
        .only(
            "kind", "urgent", "raised_at", "taken_at", "closed_at", "taken_by",
            "relationship__mentee__first_name", "relationship__mentee__last_name",
            "taken_by__first_name", "taken_by__last_name", "taken_by__email",
        )
    )  # fmt: skip
    return render(
        request,
        "logs/concerns.html",
        {
            "page": page_of(
                visible.open().most_pressing_first(), request.GET.get("page"), CONCERNS_PER_PAGE
            ),
            "closed_concerns": first_rows(
                visible.filter(closed_at__isnull=False).order_by("-closed_at"), DEALT_WITH_SHOWN
            ),
        },
    )


@requires(Capability.SEE_CONCERNS)
def concern(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _visible_concern(request, pk)
    return render(
        request,
        "logs/concern.html",
        {
            "concern": concern,
            "relationship": concern.relationship,
            "mentee": concern.relationship.mentee,
            "log": concern.log,
            "close_form": CloseConcernForm() if concern.is_open else None,
        },
    )


@require_POST
@requires(Capability.DEAL_WITH_CONCERNS)
def take(request: HttpRequest, pk: int) -> HttpResponse:
    concern = services.take_concern(
        concern=_visible_concern(request, pk), by=_user(request), now=timezone.now()
    )
    messages.success(request, "You are dealing with this concern. Other coordinators can see that.")
    return redirect(concern)


@requires(Capability.DEAL_WITH_CONCERNS)
def close(request: HttpRequest, pk: int) -> HttpResponse:
    concern = _visible_concern(request, pk)
    if not concern.is_open:
        messages.info(request, "This concern has already been dealt with.")
        return redirect(concern)
    form = CloseConcernForm(posted(request))
    raised = long_date(timezone.localdate(concern.raised_at))
    if form.is_valid():
        try:
            services.close_concern(
                concern=concern, note=form.cleaned_data["note"], by=_user(request),
                now=timezone.now(),
            )  # fmt: skip
        except ValidationError as error:
            form.add_error("note", error)
        else:
            messages.success(request, "The concern is closed.")
            return redirect(concern)
    return form_page(
        request,
        form,
        title="Close the concern",
        intro=f"{concern.get_kind_display()}, raised {raised}.",
        button="Close the concern",
        back=concern.get_absolute_url(),
        status=400 if form.errors else 200,
    )


def open_concerns_context(user: User, *, most: int = 5) -> dict[str, Any]:
    """The open concerns a coordinator or physiotherapist sees first on their home, most
    pressing first, with how many there are in all: one query."""
    concerns = list(
        Concern.objects.visible_to(user)
        .open()
        .most_pressing_first()
        .select_related("relationship__mentee", "taken_by")
        .annotate(open_in_all=Window(Count("pk")))[:most]
    )
    return {
        "open_concerns": concerns,
        "open_concern_count": concerns[0].open_in_all if concerns else 0,  # type: ignore[attr-defined]
    }


# --- The relationship's story, for coordinators -------------------------------------------------


@dataclass(frozen=True)
class Entry:
    """One line of a relationship's story."""

    at: datetime
    kind: str  # "log", "concern", "status"
    what: str
    by: User | None
    log: SessionLog | None = None
    concern: Concern | None = None
    note: str = ""


def _story(
    relationship: Relationship, logs: list[SessionLog], concerns: list[Concern]
) -> list[Entry]:
    entries = [
        Entry(
            at=event.at,
            kind="status",
            what=event.note
            if event.from_status == event.to_status
            else (f"Mentoring {relationship.status_label(event.to_status).lower()}"),
            by=event.by,
            note="" if event.from_status == event.to_status else event.note,
        )
        for event in relationship.events.select_related("by")
    ]
    entries += [
        Entry(
            at=log.occurred_at,
            kind="log",
            what=log.get_outcome_display(),
            by=log.logged_by,
            log=log,
        )
        for log in logs
    ]
    for concern in concerns:
        entries.append(
            Entry(at=concern.raised_at, kind="concern", by=concern.raised_by, concern=concern,
                  what=f"Concern raised: {concern.get_kind_display()}")
        )  # fmt: skip
        if concern.closed_at:
            entries.append(
                Entry(at=concern.closed_at, kind="concern", what="Concern dealt with",
                      by=concern.closed_by, concern=concern, note=concern.closing_note)
            )  # fmt: skip
    return sorted(entries, key=lambda entry: entry.at)


@requires(Capability.MATCH)
def story(request: HttpRequest, pk: int) -> HttpResponse:
    """Contacts, concerns and steps in order, and pain and confidence over time (a chart
    with the same figures in a table beside it): five queries however long the story."""
    relationship = get_object_or_404(
        Relationship.objects.visible_to(request.user).select_related(
            "mentee", "mentor", "programme"
        ),
        pk=pk,
    )
    logs = list(
        SessionLog.objects.visible_to(request.user)
        .filter(relationship=relationship)
        .select_related("logged_by")
        .order_by("occurred_at", "pk")
    )
    concerns = list(
        Concern.objects.visible_to(request.user)
        .filter(relationship=relationship)
        .select_related("raised_by", "closed_by")
    )
    readings = [
        Reading(on=timezone.localdate(log.occurred_at), pain=log.pain, confidence=log.confidence)
        for log in logs
        if log.held and (log.pain is not None or log.confidence is not None)
    ]
    return render(
        request,
        "logs/story.html",
        {
            "relationship": relationship,
            "mentee": relationship.mentee,
            "mentor": relationship.mentor,
            "entries": _story(relationship, logs, concerns),
            "readings": readings,
            "chart": chart(readings),
            "held": sum(1 for log in logs if log.held),
        },
    )


def mentor_home_context(user: User) -> dict[str, Any]:
    """A mentor's current mentees with their next contact and the plan for their next
    session: three queries however many mentees."""
    today = timezone.localdate()
    relationships = services.with_progress(
        Relationship.objects.visible_to(user)
        .filter(mentor__user=user)  # an administrator is nobody's mentor
        .select_related("mentee", "programme")
        .order_by("started_on", "pk")
    )
    pairs = services.progress_of(relationships, today=today, user=user)
    return {"pairs": pairs, "today": today}
