"""The programme's session plan, kept by coordinators: for each session number a suggested
topic, its aims and target outcomes, shown to each mentor before that session."""

from __future__ import annotations

from django.contrib import messages
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.capabilities import Capability
from accounts.models import Programme
from accounts.permissions import requires
from core.forms import posted
from core.views import form_page
from sessions_log.logs import services
from sessions_log.logs.forms import SessionPlanStepForm
from sessions_log.logs.models import SessionPlanStep


def _programme(request: HttpRequest) -> Programme | None:
    programmes = Programme.objects.visible_to(request.user).order_by("name")
    chosen = request.GET.get("programme") or request.POST.get("programme") or ""
    if chosen:
        if not chosen.isdigit():
            raise Http404
        return get_object_or_404(programmes, pk=int(chosen))
    return programmes.first()


def _plan_url(programme_id: int) -> str:
    return f"{reverse('logs:plan')}?programme={programme_id}"


@requires(Capability.MANAGE_SESSION_PLAN)
def plan(request: HttpRequest) -> HttpResponse:
    programme = _programme(request)
    return render(
        request,
        "logs/plan.html",
        {
            "programme": programme,
            "programmes": Programme.objects.visible_to(request.user).order_by("name"),
            "steps": SessionPlanStep.objects.visible_to(request.user).filter(programme=programme),
        },
    )


@require_POST
@requires(Capability.MANAGE_SESSION_PLAN)
def use_suggested(request: HttpRequest) -> HttpResponse:
    """Start an empty plan from the suggested six sessions."""
    programme = _programme(request)
    if programme is None:
        raise Http404
    if services.use_suggested_plan(programme_id=programme.pk):
        messages.success(
            request, "The six suggested sessions are in the plan. Change them as you need."
        )
    else:
        messages.info(request, "This programme already has a session plan.")
    return redirect(_plan_url(programme.pk))


@requires(Capability.MANAGE_SESSION_PLAN)
def add_step(request: HttpRequest) -> HttpResponse:
    programme = _programme(request)
    if programme is None:
        raise Http404
    steps = SessionPlanStep.objects.visible_to(request.user).filter(programme=programme)
    number = (steps.aggregate(last=Max("number"))["last"] or 0) + 1
    form = SessionPlanStepForm(posted(request))
    if form.is_valid():
        try:
            with transaction.atomic():
                step = form.save(commit=False)
                step.programme, step.number = programme, number
                step.save()
        except IntegrityError:
            form.add_error(None, "Someone added a session at the same moment. Try again.")
        else:
            messages.success(request, f"Session {number} is added to the plan.")
            return redirect(_plan_url(programme.pk))
    return form_page(
        request,
        form,
        title=f"Add session {number}",
        intro=f"The session plan of {programme.name}.",
        button="Add the session",
        back=_plan_url(programme.pk),
        status=400 if form.errors else 200,
    )


def _visible_step(request: HttpRequest, pk: int) -> SessionPlanStep:
    return get_object_or_404(
        SessionPlanStep.objects.visible_to(request.user).select_related("programme"), pk=pk
    )


@requires(Capability.MANAGE_SESSION_PLAN)
def edit_step(request: HttpRequest, pk: int) -> HttpResponse:
    step = _visible_step(request, pk)
    form = SessionPlanStepForm(posted(request), instance=step)
    if form.is_valid():
        form.save()
        messages.success(request, f"Session {step.number} is saved.")
        return redirect(_plan_url(step.programme_id))
    return form_page(
        request,
        form,
        title=f"Session {step.number}",
        intro=f"The session plan of {step.programme.name}.",
        button="Save",
        back=_plan_url(step.programme_id),
        status=400 if form.errors else 200,
    )


@require_POST
@requires(Capability.MANAGE_SESSION_PLAN)
def remove_step(request: HttpRequest, pk: int) -> HttpResponse:
    """Only the last session can be removed, so the numbers stay in order."""
    step = _visible_step(request, pk)
    with transaction.atomic():
        last = (
            SessionPlanStep.objects.select_for_update()
            .filter(programme=step.programme_id)
            .order_by("-number")
            .first()
        )
        if last is None or last.pk != step.pk:
            messages.error(request, "Only the last session of the plan can be removed.")
        else:
            step.delete()
            messages.success(request, f"Session {step.number} is removed from the plan.")
    return redirect(_plan_url(step.programme_id))
