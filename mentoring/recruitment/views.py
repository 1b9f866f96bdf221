"""Mentor recruitment and screening pages, and the mentor's own profile."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST
from django_ratelimit.decorators import ratelimit

from accounts.capabilities import Capability
from accounts.permissions import requires
from core.forms import posted
from core.views import form_page
from mentoring.recruitment import services
from mentoring.recruitment.forms import (
    DisclosureCheckForm,
    InterviewForm,
    MentorApplicationForm,
    MentorProfileForm,
    ReferenceForm,
    StatusForm,
)
from mentoring.recruitment.models import Mentor, MentorReference
from mentoring.training.services import training_rows

PAGE_SIZE = 25


# --- The public application ----------------------------------------------------------------


@login_not_required
@ratelimit(key="ip", rate="5/h", method="POST", block=False)
def volunteer_apply(request: HttpRequest) -> HttpResponse:
    """ "Become a peer mentor": open to anyone, guarded by a honeypot and a rate limit."""
    form = MentorApplicationForm(posted(request))
    if request.method == "POST" and getattr(request, "limited", False):
        return render(
            request, "recruitment/volunteer_apply.html", {"form": form, "limited": True}, status=429
        )
    if form.is_valid():
        if not form.is_spam():
            services.apply(
                programme=form.cleaned_data["programme"],
                fields=form.mentor_fields(),
                now=timezone.now(),
            )
        return redirect("recruitment:volunteer_thanks")
    return render(request, "recruitment/volunteer_apply.html", {"form": form})


@login_not_required
def volunteer_thanks(request: HttpRequest) -> HttpResponse:
    return render(request, "recruitment/volunteer_thanks.html")


# --- Coordinators: applicants and mentors ----------------------------------------------------


@requires(Capability.MANAGE_MENTORS)
def mentor_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status", "")
    mentors = Mentor.objects.visible_to(request.user).select_related(
        "programme__recruitment_settings"
    )
    if status == "applicants":
        mentors = mentors.applicants()
    elif status in Mentor.Status.values:
        mentors = mentors.filter(status=status)
    mentors = mentors.order_by("status", "applied_at", "pk")
    page = Paginator(mentors, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "recruitment/mentor_list.html",
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
        Mentor.objects.visible_to(request.user).select_related(
            "programme__recruitment_settings", "programme__training_settings", "user"
        ),
        pk=pk,
    )


def _mentor_context(request: HttpRequest, mentor: Mentor, **extra: Any) -> dict[str, Any]:
    today = timezone.localdate()
    return {
        "mentor": mentor,
        "now": timezone.now(),
        "today": today,
        "status_form": extra.get("status_form") or StatusForm(mentor=mentor),
        "activation_problems": services.activation_problems(mentor=mentor, today=today)
        if Mentor.Status.ACTIVE in mentor.next_statuses()
        else [],
        "changes": mentor.status_changes.select_related("by"),
        "interviews": mentor.interviews.select_related("interviewer"),
        "references": mentor.references.all(),
        "checks": mentor.disclosure_checks.all(),
        "training": training_rows(mentor=mentor, today=today),
    }


@requires(Capability.MANAGE_MENTORS)
def mentor_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = _visible_mentor(request, pk)
    return render(request, "recruitment/mentor_detail.html", _mentor_context(request, mentor))


@require_POST
@requires(Capability.MANAGE_MENTORS)
def mentor_status(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = _visible_mentor(request, pk)
    form = StatusForm(request.POST, mentor=mentor)
    if form.is_valid():
        try:
            services.change_status(
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
    return render(request, "recruitment/mentor_detail.html", context, status=400)


@require_POST
@requires(Capability.MANAGE_MENTORS)
def mentor_invite(request: HttpRequest, pk: int) -> HttpResponse:
    mentor = _visible_mentor(request, pk)
    try:
        services.invite(mentor=mentor, by=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"An invitation email is on its way to {mentor.email}.")
    return redirect(mentor)


def _add_screening_record(
    request: HttpRequest, pk: int, form_class: Any, *, title: str, button: str, saved: str
) -> HttpResponse:
    """Add an interview, reference or disclosure check to a mentor the user may see."""
    mentor = _visible_mentor(request, pk)
    form = form_class(posted(request))
    if form.is_valid():
        form.instance.mentor = mentor
        if isinstance(form, InterviewForm):
            form.instance.interviewer = request.user
        form.save()
        messages.success(request, saved)
        return redirect(mentor)
    return form_page(
        request, form, title=f"{title} {mentor.full_name}", button=button,
        back=mentor.get_absolute_url(),
    )  # fmt: skip


@requires(Capability.MANAGE_MENTORS)
def interview_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_screening_record(request, pk, InterviewForm, title="Record an interview with",
                                 button="Save interview", saved="Interview recorded.")  # fmt: skip


@requires(Capability.MANAGE_MENTORS)
def reference_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_screening_record(request, pk, ReferenceForm, title="Add a reference for",
                                 button="Save reference", saved="Reference saved.")  # fmt: skip


@requires(Capability.MANAGE_MENTORS)
def check_new(request: HttpRequest, pk: int) -> HttpResponse:
    return _add_screening_record(
        request, pk, DisclosureCheckForm, title="Record a disclosure check for",
        button="Save check", saved="Disclosure check recorded.",
    )  # fmt: skip


@requires(Capability.MANAGE_MENTORS)
def reference_edit(request: HttpRequest, pk: int) -> HttpResponse:
    reference = get_object_or_404(
        MentorReference.objects.visible_to(request.user).select_related("mentor"), pk=pk
    )
    form = ReferenceForm(posted(request), instance=reference)
    if form.is_valid():
        form.save()
        messages.success(request, "Reference updated.")
        return redirect(reference.mentor)
    return form_page(
        request,
        form,
        title=f"Reference from {reference.referee_name}",
        button="Save reference",
        back=reference.mentor.get_absolute_url(),
    )


# --- The mentor's own pages -------------------------------------------------------------------


def _own_mentor(request: HttpRequest) -> Mentor:
    return get_object_or_404(
        Mentor.objects.visible_to(request.user).select_related("programme"), user=request.user
    )


@requires(Capability.KEEP_OWN_MENTOR_PROFILE)
def my_profile(request: HttpRequest) -> HttpResponse:
    """A mentor sees their profile and changes their availability and contact details."""
    mentor = _own_mentor(request)
    form = MentorProfileForm(posted(request), instance=mentor)
    if form.is_valid():
        form.save()
        messages.success(request, "Your details are saved.")
        return redirect("recruitment:my_profile")
    return render(request, "recruitment/my_profile.html", {"mentor": mentor, "form": form})
