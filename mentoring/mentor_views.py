"""Mentor recruitment, screening, training and the mentor's own pages."""

from __future__ import annotations

import csv
from collections import defaultdict
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from accounts.models import Programme, User
from accounts.permissions import role_required
from mentoring import mentor_services
from mentoring.mentor_forms import (
    DisclosureCheckForm,
    InterviewForm,
    MentorApplicationForm,
    MentorProfileForm,
    ReferenceForm,
    StatusForm,
    TrainingModuleForm,
    TrainingSessionForm,
)
from mentoring.models import Mentor, MentorReference, TrainingModule, TrainingRecord

COORDINATOR = User.Role.COORDINATOR
MENTOR = User.Role.MENTOR
PAGE_SIZE = 25


# --- The public application ----------------------------------------------------------------


@login_not_required
@ratelimit(key="ip", rate="5/h", method="POST", block=False)
def volunteer_apply(request: HttpRequest) -> HttpResponse:
    """ "Become a peer mentor": open to anyone, guarded by a honeypot and a rate limit."""
    form = MentorApplicationForm(request.POST or None)
    if request.method == "POST" and getattr(request, "limited", False):
        return render(
            request, "mentoring/volunteer_apply.html", {"form": form, "limited": True}, status=429
        )
    if form.is_valid():
        if not form.is_spam():
            mentor_services.apply(
                programme=form.cleaned_data["programme"],
                fields=form.mentor_fields(),
                now=timezone.now(),
            )
        return redirect("mentoring:volunteer_thanks")
    return render(request, "mentoring/volunteer_apply.html", {"form": form})


@login_not_required
def volunteer_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "mentoring/volunteer_thanks.html")


# --- Coordinators: applicants and mentors ----------------------------------------------------


@role_required(COORDINATOR)
def mentor_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    mentors = Mentor.objects.visible_to(request.user).select_related("programme")
    if status == "applicants":
        mentors = mentors.applicants()
    elif status in Mentor.Status.values:
        mentors = mentors.filter(status=status)
    mentors = mentors.order_by("status", "applied_at", "pk")
    page = Paginator(mentors, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "mentoring/mentor_list.html",
        {
            "page": page,
            "status": status,
            "statuses": [
                ("applicants", "Applicants (applied or screening)"),
                *Mentor.Status.choices,
            ],
            "now": timezone.now(),
            "query": f"status={status}" if status else "",
        },
    )


def _visible_mentor(request: HttpRequest, pk: int) -> Mentor:
    return get_object_or_404(
        Mentor.objects.visible_to(request.user).select_related("programme", "user"), pk=pk
    )


def _mentor_context(request: HttpRequest, mentor: Mentor, **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "mentor": mentor,
        "now": timezone.now(),
        "today": today,
        "status_form": extra.get("status_form") or StatusForm(mentor=mentor),
        "activation_problems": mentor_services.activation_problems(mentor=mentor, today=today)
        if Mentor.Status.ACTIVE in mentor.next_statuses()
        else [],
        "changes": mentor.status_changes.select_related("by"),
        "interviews": mentor.interviews.select_related("interviewer"),
        "references": mentor.references.all(),
        "checks": mentor.disclosure_checks.all(),
        "training": _training_rows(mentor, today),
    }


def _training_rows(mentor: Mentor, today: Any) -> list[dict[str, Any]]:
    modules = TrainingModule.objects.filter(programme=mentor.programme_id, is_active=True)
    records: dict[int, list[TrainingRecord]] = defaultdict(list)
    for record in mentor.training_records.select_related("module"):
        records[record.module_id].append(record)
    rows = []
    for module in modules:
        code, words = mentor_services.training_status(
            module=module,
            records=records[module.pk],
            today=today,
            warning_days=mentor.programme.expiry_warning_days,
        )
        rows.append({"module": module, "code": code, "words": words, "records": records[module.pk]})
    return rows


@role_required(COORDINATOR)
def mentor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = _visible_mentor(request, pk)
    return render(request, "mentoring/mentor_detail.html", _mentor_context(request, mentor))


@require_POST
@role_required(COORDINATOR)
def mentor_status(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = _visible_mentor(request, pk)
    form = StatusForm(request.POST, mentor=mentor)
    if form.is_valid():
        try:
            mentor_services.change_status(
                mentor=mentor,
                to_status=form.cleaned_data["to_status"],
                by=request.user,  # type: ignore[arg-type]
                reason=form.cleaned_data["reason"],
                now=timezone.now(),
                today=timezone.localdate(),
            )
        except ValidationError as error:
            if form.cleaned_data["to_status"] == Mentor.Status.ACTIVE:
                # the reasons are already listed above the form
                form.add_error(None, "This mentor cannot be made active yet: see the reasons.")
            else:
                for message in error.messages:
                    form.add_error(None, message)
        else:
            new_status = Mentor.Status(form.cleaned_data["to_status"]).label.lower()
            messages.success(request, f"{mentor.full_name} is now: {new_status}.")
            return redirect(mentor)
    context = _mentor_context(request, mentor, status_form=form)
    return render(request, "mentoring/mentor_detail.html", context, status=400)


@require_POST
@role_required(COORDINATOR)
def mentor_invite(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = _visible_mentor(request, pk)
    try:
        mentor_services.invite(mentor=mentor, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"An invitation email is on its way to {mentor.email}.")
    return redirect(mentor)


def _form_page(
    request: HttpRequest, form: Any, *, title: str, button: str, back: str, intro: str = ""
) -> HttpResponse:
    return render(
        request,
        "mentoring/form_page.html",
        {"form": form, "title": title, "button": button, "back": back, "intro": intro},
    )


def _add_screening_record(
    request: HttpRequest, pk: int, form_class: Any, *, title: str, button: str, saved: str
) -> HttpResponse:
    """Add an interview, reference or disclosure check to a mentor the user may see."""
    mentor = _visible_mentor(request, pk)
    form = form_class(request.POST or None)
    if form.is_valid():
        form.instance.mentor = mentor
        if isinstance(form, InterviewForm):
            form.instance.interviewer = request.user
        form.save()
        messages.success(request, saved)
        return redirect(mentor)
    return _form_page(
        request, form, title=f"{title} {mentor.full_name}", button=button,
        back=mentor.get_absolute_url(),
    )  # fmt: skip


@role_required(COORDINATOR)
def interview_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_screening_record(request, pk, InterviewForm, title="Record an interview with",
                                 button="Save interview", saved="Interview recorded.")  # fmt: skip


@role_required(COORDINATOR)
def reference_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_screening_record(request, pk, ReferenceForm, title="Add a reference for",
                                 button="Save reference", saved="Reference saved.")  # fmt: skip


@role_required(COORDINATOR)
def check_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_screening_record(
        request, pk, DisclosureCheckForm, title="Record a disclosure check for",
        button="Save check", saved="Disclosure check recorded.",
    )  # fmt: skip


@role_required(COORDINATOR)
def reference_edit(request: HttpRequest, pk: int) -> HttpResponse:
    reference = get_object_or_404(
        MentorReference.objects.filter(
            mentor__in=Mentor.objects.visible_to(request.user)
        ).select_related("mentor"),
        pk=pk,
    )
    form = ReferenceForm(request.POST or None, instance=reference)
    if form.is_valid():
        form.save()
        messages.success(request, "Reference updated.")
        return redirect(reference.mentor)
    return _form_page(
        request,
        form,
        title=f"Reference from {reference.referee_name}",
        button="Save reference",
        back=reference.mentor.get_absolute_url(),
    )


# --- Coordinators: training -----------------------------------------------------------------


def _coordinator_modules(user: Any) -> QuerySet[TrainingModule]:
    return TrainingModule.objects.filter(
        programme__in=Programme.objects.visible_to(user)
    ).select_related("programme")


@role_required(COORDINATOR)
def module_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "mentoring/module_list.html", {"modules": _coordinator_modules(request.user)}
    )


@role_required(COORDINATOR)
def module_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    module = get_object_or_404(_coordinator_modules(request.user), pk=pk) if pk else None
    programmes = list(Programme.objects.visible_to(request.user))
    form = TrainingModuleForm(request.POST or None, instance=module, programmes=programmes)
    if form.is_valid():
        mentor_services.save_module(module=form.save(commit=False))
        messages.success(request, f"Module \u201c{form.instance.name}\u201d saved.")
        return redirect("mentoring:module_list")
    title = f"Change \u201c{module.name}\u201d" if module else "Add a training module"
    return _form_page(
        request, form, title=title, button="Save module", back=reverse("mentoring:module_list")
    )


@role_required(COORDINATOR)
def training_session_new(request: HttpRequest) -> HttpResponse:
    """Record one training session for everyone who attended."""
    user = request.user
    mentors = list(
        Mentor.objects.visible_to(user)
        .exclude(status__in=[Mentor.Status.RETIRED, Mentor.Status.DECLINED, Mentor.Status.APPLIED])
        .order_by("last_name", "first_name")
    )
    modules = _coordinator_modules(user).filter(is_active=True)
    form = TrainingSessionForm(request.POST or None, modules=modules, mentors=mentors)
    if form.is_valid():
        records = mentor_services.record_training(
            mentors=form.cleaned_data["attended"],
            module=form.cleaned_data["module"],
            completed_on=form.cleaned_data["completed_on"],
            delivered_by=form.cleaned_data["delivered_by"],
            method=form.cleaned_data["method"],
            scores=form.cleaned_data["scores"],
            notes=form.cleaned_data["notes"],
            by=user,  # type: ignore[arg-type]
            now=timezone.now(),
        )
        people = "person" if len(records) == 1 else "people"
        messages.success(request, f"Training recorded for {len(records)} {people}.")
        return redirect("mentoring:training_matrix")
    return render(request, "mentoring/training_session.html", {"form": form})


@role_required(COORDINATOR)
def training_matrix(request: HttpRequest) -> HttpResponse:
    """Mentors by modules: each cell complete, expiring, expired, not passed or missing."""
    user = request.user
    today = timezone.localdate()
    programmes = Programme.objects.visible_to(user)
    chosen = request.GET.get("programme", "")
    programme = (chosen.isdigit() and programmes.filter(pk=int(chosen)).first()) or (
        programmes.first()
    )
    status = request.GET.get("status", "current")
    mentors = Mentor.objects.visible_to(user).filter(programme=programme)
    if status == "current":
        mentors = mentors.filter(
            status__in=[Mentor.Status.IN_TRAINING, Mentor.Status.ACTIVE, Mentor.Status.PAUSED]
        )
    elif status in Mentor.Status.values:
        mentors = mentors.filter(status=status)
    mentors = mentors.order_by("last_name", "first_name", "pk")
    modules = list(TrainingModule.objects.filter(programme=programme, is_active=True))
    want_csv = request.GET.get("format") == "csv"
    page = Paginator(mentors, 10_000 if want_csv else 50).get_page(request.GET.get("page"))
    records: dict[tuple[int, int], list[TrainingRecord]] = defaultdict(list)
    for record in TrainingRecord.objects.filter(
        mentor__in=[m.pk for m in page], module__in=modules
    ).select_related("module"):
        records[(record.mentor_id, record.module_id)].append(record)
    warning = programme.expiry_warning_days if programme else 30
    rows = [
        (
            mentor,
            [
                mentor_services.training_status(
                    module=module,
                    records=records[(mentor.pk, module.pk)],
                    today=today,
                    warning_days=warning,
                )
                for module in modules
            ],
        )
        for mentor in page
    ]
    if want_csv:
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="training-matrix.csv"'
        writer = csv.writer(response)
        writer.writerow(["Mentor", "Status", *[m.name for m in modules]])
        for mentor, cells in rows:
            writer.writerow(
                [mentor.full_name, mentor.get_status_display(), *[words for _, words in cells]]
            )
        return response
    return render(
        request,
        "mentoring/training_matrix.html",
        {
            "programme": programme,
            "programmes": programmes,
            "modules": modules,
            "rows": rows,
            "page": page,
            "status": status,
            "query": f"programme={programme.pk if programme else ''}&status={status}",
        },
    )


# --- The mentor's own pages -------------------------------------------------------------------


def _own_mentor(request: HttpRequest) -> Mentor:
    return get_object_or_404(
        Mentor.objects.visible_to(request.user).select_related("programme"), user=request.user
    )


@role_required(MENTOR)
def my_profile(request: HttpRequest) -> HttpResponse:
    """A mentor sees their profile and changes their availability and contact details."""
    mentor = _own_mentor(request)
    form = MentorProfileForm(request.POST or None, instance=mentor)
    if form.is_valid():
        form.save()
        messages.success(request, "Your details are saved.")
        return redirect("mentoring:my_profile")
    return render(request, "mentoring/my_profile.html", {"mentor": mentor, "form": form})


@role_required(MENTOR)
def my_training(request: HttpRequest) -> HttpResponse:
    mentor = _own_mentor(request)
    today = timezone.localdate()
    return render(
        request,
        "mentoring/my_training.html",
        {
            "mentor": mentor,
            "training": _training_rows(mentor, today),
            "checks": mentor.disclosure_checks.all(),
            "today": today,
        },
    )
