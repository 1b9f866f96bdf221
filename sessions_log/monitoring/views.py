"""The monitoring page and a flag's page (coordinators), a relationship's feedback (a
coordinator entering what a mentee said on the phone), and the mentee's public check-in
through the link in their email. Every queryset goes through its model's `visible_to`."""

from __future__ import annotations

from datetime import date
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.capabilities import Capability
from accounts.models import User
from accounts.permissions import requires
from core.forms import posted
from core.paging import page_of
from mentoring.matching.models import Relationship
from sessions_log.monitoring import services
from sessions_log.monitoring.filters import FlagFilter
from sessions_log.monitoring.forms import EnterFeedbackForm, FeedbackForm, ResolveFlagForm
from sessions_log.monitoring.models import Feedback, Flag, Severity
from sessions_log.monitoring.rules import describe, label

PAGE_SIZE = 25


def _user(request: HttpRequest) -> User:
    return request.user  # type: ignore[return-value]


def _words(flags: Any, today: date) -> None:
    """What each flag's line says, and how many days it has been open."""
    for flag in flags:
        flag.words = describe(flag.rule, flag.details)
        flag.label = label(flag.rule)
        flag.days_open = (today - timezone.localdate(flag.opened_at)).days


def _open_by_rule_and_severity(user: User) -> dict[tuple[str, str], int]:
    """How many open flags of each rule and severity the user may see (one query)."""
    return {
        (rule, severity): n
        for rule, severity, n in Flag.objects.visible_to(user)
        .open()
        .order_by()
        .values_list("rule", "severity")
        .annotate(n=Count("pk"))
        .values_list("rule", "severity", "n")
    }


def _severity_summary(grouped: dict[tuple[str, str], int]) -> dict[str, Any]:
    rows = [
        (severity, sum(n for (_, s), n in grouped.items() if s == severity.value))
        for severity in Severity
    ]
    return {"flag_counts": rows, "open_flag_count": sum(n for _, n in rows)}


def _counted(grouped: dict[tuple[str, str], int], wanted: dict[str, Any] | None) -> int | None:
    """How many open flags the filters match, when the counts by rule and severity say
    (filtered by reason or how soon only); None when they cannot (a site or a mentor)."""
    if wanted is None or wanted.get("site") or wanted.get("mentor"):
        return None
    return sum(
        n
        for (rule, severity), n in grouped.items()
        if wanted.get("rule") in ("", None, rule) and wanted.get("severity") in ("", None, severity)
    )


def severity_counts(user: User) -> dict[str, Any]:
    """Open flags by severity, most pressing first (one query): the monitoring page's
    summary and the coordinator's home."""
    return _severity_summary(_open_by_rule_and_severity(user))


@requires(Capability.MONITOR)
def flags(request: HttpRequest) -> HttpResponse:
    """Open flags, most pressing first (urgent, then the oldest), filtered by reason, how
    soon, site and mentor. A constant number of queries however many flags there are."""
    user = _user(request)
    visible = (
        Flag.objects.visible_to(user)
        .open()
        .most_pressing_first()
        .select_related("relationship__mentee", "relationship__mentor", "acknowledged_by")
        .only(  # what the rows show, not the people's whole records
            "rule", "severity", "details", "opened_at", "relationship", "acknowledged_by",
            "relationship__mentee__first_name", "relationship__mentee__last_name",
            "relationship__mentor__first_name", "relationship__mentor__last_name",
            "acknowledged_by__first_name", "acknowledged_by__last_name",
            "acknowledged_by__email",
        )
    )  # fmt: skip
    filters = FlagFilter(request.GET, queryset=visible, user=user)
    grouped = _open_by_rule_and_severity(user)
    counts = _severity_summary(grouped)
    wanted = filters.form.cleaned_data if filters.is_valid() else None
    page = page_of(filters.qs, request.GET.get("page"), PAGE_SIZE, count=_counted(grouped, wanted))
    _words(page.object_list, timezone.localdate())
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "monitoring/flags.html",
        {"filter": filters, "page": page, "query": query.urlencode(), **counts},
    )


def _visible_flag(request: HttpRequest, pk: int) -> Flag:
    return get_object_or_404(
        Flag.objects.visible_to(request.user).select_related(
            "relationship__mentee", "relationship__mentor", "acknowledged_by", "resolved_by"
        ),
        pk=pk,
    )


@requires(Capability.MONITOR)
def flag(request: HttpRequest, pk: int) -> HttpResponse:
    """One flag, what to do about it, and every flag this pair has had (its history)."""
    flag = _visible_flag(request, pk)
    history = list(
        Flag.objects.visible_to(request.user)
        .filter(relationship=flag.relationship_id)
        .select_related("acknowledged_by", "resolved_by")
    )
    today = timezone.localdate()
    _words([flag, *history], today)
    return render(
        request,
        "monitoring/flag.html",
        {
            "flag": flag,
            "relationship": flag.relationship,
            "history": history,
            "resolve_form": ResolveFlagForm() if flag.is_open else None,
        },
    )


@require_POST
@requires(Capability.MONITOR)
def acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    flag = _visible_flag(request, pk)
    if flag.is_open:
        services.acknowledge(flag=flag, by=_user(request), now=timezone.now())
        messages.success(request, "Marked as seen. Other coordinators can see that.")
    return redirect("monitoring:flag", pk=flag.pk)


@requires(Capability.MONITOR)
def resolve(request: HttpRequest, pk: int) -> HttpResponse:
    flag = _visible_flag(request, pk)
    if not flag.is_open:
        messages.info(request, "This flag has already been closed.")
        return redirect("monitoring:flag", pk=flag.pk)
    form = ResolveFlagForm(posted(request))
    if form.is_valid():
        try:
            services.resolve(
                flag=flag, note=form.cleaned_data["note"], by=_user(request), now=timezone.now()
            )
        except ValidationError as error:
            form.add_error("note", error)
        else:
            messages.success(request, "The flag is resolved.")
            return redirect("monitoring:flags")
    _words([flag], timezone.localdate())
    return render(
        request,
        "monitoring/flag.html",
        {"flag": flag, "relationship": flag.relationship, "history": [], "resolve_form": form},
        status=400 if form.errors else 200,
    )


# --- Feedback ------------------------------------------------------------------------------


@requires(Capability.MONITOR)
def relationship_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    """A pair's feedback so far, and a form for what the mentee said on the phone."""
    relationship = get_object_or_404(
        Relationship.objects.visible_to(request.user).select_related("mentee", "mentor"), pk=pk
    )
    form = EnterFeedbackForm(posted(request))
    if form.is_valid():
        stored = services.enter_feedback(
            relationship_id=relationship.pk,
            programme_id=relationship.programme_id,
            point=form.cleaned_data["point"],
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
            by=_user(request),
            now=timezone.now(),
        )
        if stored:
            messages.success(request, "The feedback is saved.")
            return redirect("monitoring:relationship_feedback", pk=relationship.pk)
        form.add_error("point", "The mentee has already answered about this. Choose the other.")
    return render(
        request,
        "monitoring/relationship_feedback.html",
        {
            "relationship": relationship,
            "mentee": relationship.mentee,
            "feedback": Feedback.objects.visible_to(request.user)
            .filter(relationship=relationship)
            .select_related("entered_by"),
            "form": form,
        },
        status=400 if form.errors else 200,
    )


@login_not_required
def answer(request: HttpRequest, token: str) -> HttpResponse:
    """The mentee's check-in through the link in their email: no sign-in; the link works
    once and until it expires. A link that does not work says so, and whom to phone."""
    feedback = services.feedback_from_token(token)
    now = timezone.now()
    problem = "broken" if feedback is None else services.link_is_usable(feedback, now)
    context: dict[str, Any] = {"problem": problem, "feedback": feedback}
    if feedback is not None:
        context["programme"] = feedback.programme
    if problem:
        return render(request, "monitoring/answer.html", context)
    assert feedback is not None
    form = FeedbackForm(posted(request))
    if form.is_valid():
        if services.answer_feedback(
            feedback=feedback,
            rating=form.cleaned_data["rating"],
            comment=form.cleaned_data["comment"],
            now=now,
        ):
            return render(request, "monitoring/answer.html", {**context, "thanks": True})
        return render(request, "monitoring/answer.html", {**context, "problem": "used"})
    return render(
        request,
        "monitoring/answer.html",
        {**context, "form": form},
        status=400 if form.errors else 200,
    )
