"""The mentoring relationship after it is proposed: the coordinator's list and page of each
relationship with its next steps, the printed introduction letter, a mentor's "My mentees"
and a mentee's own page. (Suggestions and the cohort assignment have their own module.)"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.capabilities import Capability
from accounts.models import Programme, User
from accounts.permissions import requires
from core.forms import posted
from core.views import form_page
from mentoring.matching import services
from mentoring.matching.filters import RelationshipFilter
from mentoring.matching.messages import wants_email
from mentoring.matching.models import Relationship
from mentoring.matching.relationship_forms import (
    AgreementForm,
    CompleteForm,
    EndEarlyForm,
    NotStartedForm,
    PauseForm,
    PlanForm,
    StartForm,
)

PAGE_SIZE = 25
Status = Relationship.Status


def _visible(request: HttpRequest, pk: int) -> Relationship:
    return get_object_or_404(
        Relationship.objects.visible_to(request.user).select_related(
            "programme",
            "mentee",
            "mentor",
            "referral__site",
            "mentee_agreement_recorded_by",
            "mentor_agreement_recorded_by",
        ),
        pk=pk,
    )


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


# --- Coordinators: the list and the page ---------------------------------------------------


# What the list shows of each relationship (names, status, site, date), and nothing more.
LISTED = (
    "status", "status_changed_at", "programme_id",
    "mentee__first_name", "mentee__last_name", "mentor__first_name", "mentor__last_name",
    "referral__site__name",
)  # fmt: skip


@requires(Capability.MATCH)
def relationship_list(request: HttpRequest) -> HttpResponse:
    data = request.GET.copy()
    relationships = (
        Relationship.objects.visible_to(request.user)
        .select_related("mentee", "mentor", "referral__site")
        .only(*LISTED)
        .order_by("-status_changed_at", "-pk")
    )
    filters = RelationshipFilter(data, queryset=relationships, user=_user(request))
    page = Paginator(filters.qs, PAGE_SIZE).get_page(request.GET.get("page"))
    query = data.copy()
    query.pop("page", None)
    return render(
        request,
        "matching/relationship_list.html",
        {"filter": filters, "page": page, "query": query.urlencode()},
    )


def _steps(relationship: Relationship) -> dict[str, bool]:
    """Which of the next steps the relationship page offers."""
    status = relationship.status
    both_agreed = bool(relationship.mentee_agreed_at and relationship.mentor_agreed_at)
    return {
        "agree": status == Status.PROPOSED,
        "start": status == Status.PROPOSED and both_agreed,
        "plan": status not in Relationship.ENDED,
        "pause": status == Status.ACTIVE,
        "resume": status == Status.PAUSED,
        "complete": status in Relationship.CURRENT,
        "end_early": status in Relationship.CURRENT,
        "not_started": status == Status.PROPOSED,
        "letter": status in Relationship.CURRENT,
        "ended": status in Relationship.ENDED,
        "started": relationship.started_on is not None,
    }


def _history(relationship: Relationship) -> list[tuple[str, Any, str]]:
    """Each step in words (what, the event for who and when, why). A note without a change
    of status (an agreement, a new plan) is itself the "what"."""
    rows = []
    for event in relationship.events.select_related("by"):
        if event.from_status == event.to_status:
            rows.append((event.note, event, ""))
        else:
            rows.append((relationship.status_label(event.to_status), event, event.note))
    return rows


@requires(Capability.MATCH)
def relationship_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, _visible(request, pk))


def _detail_page(
    request: HttpRequest, relationship: Relationship, status: int = 200
) -> HttpResponse:
    today = timezone.localdate()
    return render(
        request,
        "matching/relationship_detail.html",
        {
            "relationship": relationship,
            "mentee": relationship.mentee,
            "mentor": relationship.mentor,
            "steps": _steps(relationship),
            "history": _history(relationship),
            "agreements": [
                (
                    f"{relationship.mentee.first_name} (mentee)",
                    relationship.mentee_agreed_at,
                    relationship.mentee_agreement_recorded_by,
                ),
                (
                    f"{relationship.mentor.first_name} (mentor)",
                    relationship.mentor_agreed_at,
                    relationship.mentor_agreement_recorded_by,
                ),
            ],
            "planned_contacts": services.planned_contacts(relationship),
            "next_contact": services.next_contact(relationship, today=today),
            "today": today,
            "mentee_gets_email": wants_email(relationship.mentee),
        },
        status=status,
    )


@require_POST
@requires(Capability.MATCH)
def relationship_agree(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _visible(request, pk)
    form = AgreementForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose whose agreement to record, with one of the buttons.")
        return _detail_page(request, relationship, status=400)
    party = form.cleaned_data["party"]
    try:
        services.record_agreement(
            relationship=relationship, party=party, by=_user(request), now=timezone.now()
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        who = (
            relationship.mentee.first_name if party == "mentee" else relationship.mentor.first_name
        )
        messages.success(request, f"{who}'s agreement is recorded.")
    return redirect(relationship)


def _step_page(
    request: HttpRequest,
    pk: int,
    *,
    step: str,
    form_class: type[forms.Form],
    take: Callable[[Relationship, Any], Any],
    title: str,
    button: str,
    done: str,
    intro: str = "",
) -> HttpResponse:
    """A page with the form for one step: shown only while the step is possible, kept with
    everything typed when something is wrong, the step taken when it is right."""
    relationship = _visible(request, pk)
    if not _steps(relationship)[step]:
        messages.error(
            request,
            f"This mentoring is {relationship.get_status_display().lower()}, so that step "
            "is not possible now.",
        )
        return redirect(relationship)
    kwargs: dict[str, Any] = {}
    if issubclass(form_class, PlanForm):
        kwargs["relationship"] = relationship
    form = form_class(posted(request), **kwargs)
    if form.is_valid():
        try:
            take(relationship, form)
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, problems in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, problems)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, done)
            return redirect(relationship)
    names = f"{relationship.mentee.full_name} and {relationship.mentor.full_name}"
    return form_page(
        request,
        form,
        title=title,
        intro=intro or f"Mentoring: {names}.",
        button=button,
        back=relationship.get_absolute_url(),
        status=400 if form.errors else 200,
    )


@requires(Capability.MATCH)
def relationship_start(request: HttpRequest, pk: int) -> HttpResponse:
    def take(relationship: Relationship, form: Any) -> None:
        services.start(
            relationship=relationship,
            started_on=form.cleaned_data["started_on"],
            plan=form.plan(),
            by=_user(request),
            now=timezone.now(),
        )

    return _step_page(
        request, pk, step="start", form_class=StartForm, take=take,
        title="Start the mentoring", button="Start the mentoring",
        done="The mentoring has started. The introductions are on their way.",
        intro="Both have agreed. Check the plan they agreed and the start date.",
    )  # fmt: skip


@requires(Capability.MATCH)
def relationship_plan(request: HttpRequest, pk: int) -> HttpResponse:
    def take(relationship: Relationship, form: Any) -> None:
        services.change_plan(
            relationship=relationship, plan=form.plan(), by=_user(request), now=timezone.now()
        )

    return _step_page(
        request, pk, step="plan", form_class=PlanForm, take=take,
        title="Change the plan", button="Save the plan", done="The plan is saved.",
    )  # fmt: skip


@requires(Capability.MATCH)
def relationship_pause(request: HttpRequest, pk: int) -> HttpResponse:
    def take(relationship: Relationship, form: Any) -> None:
        services.pause(
            relationship=relationship,
            reason=form.cleaned_data["reason"],
            expected_resume_on=form.cleaned_data["expected_resume_on"],
            by=_user(request),
            now=timezone.now(),
        )

    return _step_page(
        request, pk, step="pause", form_class=PauseForm, take=take,
        title="Pause the mentoring", button="Pause the mentoring",
        done="The mentoring is paused.",
    )  # fmt: skip


@require_POST
@requires(Capability.MATCH)
def relationship_resume(request: HttpRequest, pk: int) -> HttpResponse:
    relationship = _visible(request, pk)
    try:
        services.resume(relationship=relationship, by=_user(request), now=timezone.now())
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "The mentoring has started again.")
    return redirect(relationship)


@requires(Capability.MATCH)
def relationship_complete(request: HttpRequest, pk: int) -> HttpResponse:
    def take(relationship: Relationship, form: Any) -> None:
        services.complete(
            relationship=relationship,
            ended_on=form.cleaned_data["ended_on"],
            note=form.cleaned_data["note"],
            by=_user(request),
            now=timezone.now(),
        )

    return _step_page(
        request, pk, step="complete", form_class=CompleteForm, take=take,
        title="Mark the mentoring as completed", button="Mark as completed",
        done="The mentoring is marked as completed.",
    )  # fmt: skip


@requires(Capability.MATCH)
def relationship_end_early(request: HttpRequest, pk: int) -> HttpResponse:
    def take(relationship: Relationship, form: Any) -> None:
        services.end_early(
            relationship=relationship,
            reason=form.cleaned_data["reason"],
            ended_on=form.cleaned_data["ended_on"],
            note=form.cleaned_data["note"],
            by=_user(request),
            now=timezone.now(),
        )

    return _step_page(
        request, pk, step="end_early", form_class=EndEarlyForm, take=take,
        title="End the mentoring early", button="End the mentoring",
        done="The mentoring has ended. The mentee is back on the waiting list.",
    )  # fmt: skip


@requires(Capability.MATCH)
def relationship_not_started(request: HttpRequest, pk: int) -> HttpResponse:
    def take(relationship: Relationship, form: Any) -> None:
        services.did_not_go_ahead(
            relationship=relationship,
            reason=form.cleaned_data["reason"],
            note=form.cleaned_data["note"],
            by=_user(request),
            now=timezone.now(),
        )

    return _step_page(
        request, pk, step="not_started", form_class=NotStartedForm, take=take,
        title="The match did not go ahead", button="Record that it did not go ahead",
        done="Recorded. The mentor's place is free and the mentee is back on the waiting list.",
    )  # fmt: skip


@requires(Capability.MATCH)
def relationship_letter(request: HttpRequest, pk: int) -> HttpResponse:
    """The introduction letter for the mentee, to print and post."""
    relationship = _visible(request, pk)
    if not _steps(relationship)["letter"]:
        messages.error(request, "The letter is ready once the mentoring has started.")
        return redirect(relationship)
    return render(
        request,
        "matching/letter.html",
        {
            "relationship": relationship,
            "mentee": relationship.mentee,
            "mentor": relationship.mentor,
            "programme": relationship.programme,
            "today": timezone.localdate(),
        },
    )


# --- A mentor's mentees, a mentee's own page ------------------------------------------------


def _own_programme(user: User) -> Programme | None:
    return Programme.objects.visible_to(user).first()


def my_mentees_context(user: User) -> dict[str, Any]:
    """A mentor's current mentees (only what a mentor needs) and their next planned
    contacts: two queries, however many mentees."""
    today = timezone.localdate()
    relationships = list(
        Relationship.objects.visible_to(user)
        .filter(mentor__user=user)  # an administrator is nobody's mentor
        .select_related("mentee", "programme")
        .order_by("started_on", "pk")
    )
    mentees = [
        (relationship, services.next_contact(relationship, today=today))
        for relationship in relationships
    ]
    upcoming = sorted((day, r.mentee.first_name) for r, day in mentees if day is not None)
    return {
        "mentees": mentees,
        "soonest": upcoming[0] if upcoming else None,
        "programme": relationships[0].programme if relationships else _own_programme(user),
    }


def my_mentoring_context(user: User) -> dict[str, Any]:
    """A mentee's mentor (first name only), next planned contact and coordinator."""
    today = timezone.localdate()
    relationship = (
        Relationship.objects.visible_to(user)
        .filter(mentee__user=user)  # an administrator is nobody's mentee
        .select_related("mentor", "programme")
        .order_by("-proposed_at")
        .first()
    )
    current = relationship if relationship and relationship.status in Relationship.CURRENT else None
    return {
        "relationship": current,
        "ended": relationship if relationship and current is None else None,
        "next_contact": services.next_contact(current, today=today) if current else None,
        "programme": relationship.programme if relationship else _own_programme(user),
    }


@requires(Capability.SEE_OWN_MENTEES)
def my_mentees(request: HttpRequest) -> HttpResponse:
    return render(request, "matching/my_mentees.html", my_mentees_context(_user(request)))


@requires(Capability.SEE_OWN_MENTORING)
def my_mentoring(request: HttpRequest) -> HttpResponse:
    return render(request, "matching/my_mentoring.html", my_mentoring_context(_user(request)))
