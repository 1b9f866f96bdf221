"""Coordinators' mentee pages: registering one from a consented referral, the waiting
list, a mentee's page, changing their details and inviting them to an account. Each finds
its objects through visible_to(), validates with a form, calls a service and responds."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.capabilities import Capability
from accounts.models import User
from accounts.permissions import requires
from core.forms import PlainErrorsMixin, posted
from mentoring.mentees import services
from mentoring.mentees.forms import MenteeForm, RegistrationForm
from mentoring.mentees.models import Mentee, MenteeReferral
from mentoring.referrals.models import Referral

PAGE_SIZE = 25
SEARCH_LENGTH = 100


class LinkForm(PlainErrorsMixin, forms.Form):
    """Registering a referral of someone already a mentee asks nothing: one button."""

    def mentee_fields(self) -> dict[str, Any]:
        return {}


# --- Registering from a referral -----------------------------------------------------------


@requires(Capability.MANAGE_MENTEES)
def register(request: HttpRequest, pk: int) -> HttpResponse:
    """Register the patient of a consented referral as a mentee (pk: the referral)."""
    user: User = request.user  # type: ignore[assignment]
    referral = get_object_or_404(
        Referral.objects.visible_to(user).select_related("programme", "site"), pk=pk
    )
    registration = (
        MenteeReferral.objects.filter(referral=referral, mentee__in=Mentee.objects.visible_to(user))
        .select_related("mentee")
        .first()
    )
    if registration is not None:
        messages.info(request, f"{referral.reference} is already registered as a mentee.")
        return redirect(registration.mentee)
    if referral.status != Referral.Status.CONSENTED:
        messages.error(
            request,
            services.NOT_CONSENTED.format(status=referral.get_status_display().lower()),
        )
        return redirect(referral)
    existing = services.existing_mentee(referral)
    form: RegistrationForm | LinkForm = (
        LinkForm(posted(request))
        if existing is not None
        else RegistrationForm(posted(request), referral=referral)
    )
    if form.is_valid():
        try:
            result = services.register(
                referral=referral, by=user, fields=form.mentee_fields(), now=timezone.now()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if result.created:
                messages.success(
                    request, f"{result.mentee.full_name} is registered and waiting for a mentor."
                )
            else:
                messages.success(
                    request,
                    f"{referral.reference} is added to {result.mentee.full_name}'s record.",
                )
            return redirect(result.mentee)
    context = {
        "referral": referral,
        "form": form,
        "existing": existing,
        "existing_is_matched": existing is not None
        and Mentee.objects.filter(pk=existing.pk).in_current_relationship().exists(),
        "area": services.area_of(referral.postcode),
    }
    return render(request, "mentees/register.html", context)


# --- The waiting list ----------------------------------------------------------------------


@requires(Capability.MANAGE_MENTEES)
def waiting_list(request: HttpRequest) -> HttpResponse:
    """Who waits for a mentor, longest-waiting first."""
    search = request.GET.get("q", "").strip()[:SEARCH_LENGTH]
    mentees = (
        Mentee.objects.visible_to(request.user)
        .waiting()
        .with_site_name()
        .order_by("waiting_since", "pk")
    )
    if search:
        mentees = mentees.named(search)
    page = Paginator(mentees, PAGE_SIZE).get_page(request.GET.get("page"))
    now = timezone.now()
    for mentee in page:
        mentee.days_waiting = mentee.waiting_days(now)  # type: ignore[attr-defined]
    return render(
        request,
        "mentees/waiting_list.html",
        {
            "page": page,
            "search": search,
            "query": urlencode({"q": search}) if search else "",
        },
    )


# --- One mentee ----------------------------------------------------------------------------


def _visible_mentee(request: HttpRequest, pk: int) -> Mentee:
    return get_object_or_404(
        Mentee.objects.visible_to(request.user).select_related("programme", "user"), pk=pk
    )


@requires(Capability.MANAGE_MENTEES)
def mentee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    mentee = _visible_mentee(request, pk)
    registrations = mentee.registrations.filter(
        referral__in=Referral.objects.visible_to(request.user)
    ).select_related("referral__referred_by", "referral__site", "registered_by")
    return render(
        request,
        "mentees/mentee_detail.html",
        {
            "mentee": mentee,
            "registrations": registrations,
            # The mentee is visible, so are their relationships (same programme); matching
            # is not imported here (layers): the reverse relation is enough.
            "relationships": mentee.relationships.select_related("mentor").order_by("-proposed_at"),
            "now": timezone.now(),
        },
    )


@requires(Capability.MANAGE_MENTEES)
def mentee_edit(request: HttpRequest, pk: int) -> HttpResponse:
    mentee = _visible_mentee(request, pk)
    name = mentee.full_name  # the form changes the instance as it validates
    form = MenteeForm(posted(request), instance=mentee)
    if form.is_valid():
        mentee = services.update(mentee=mentee, fields=form.mentee_fields())
        messages.success(request, f"{mentee.full_name}'s details are saved.")
        return redirect(mentee)
    return render(
        request, "mentees/mentee_edit.html", {"mentee": mentee, "name": name, "form": form}
    )


@require_POST
@requires(Capability.MANAGE_MENTEES)
def mentee_invite(request: HttpRequest, pk: int) -> HttpResponse:
    """Send (or send again) the invitation to choose a password."""
    mentee = _visible_mentee(request, pk)
    try:
        user = services.invite(
            mentee=mentee,
            by=request.user,  # type: ignore[arg-type]
            now=timezone.now(),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, f"An invitation email is on its way to {user.email}.")
    return redirect(mentee)
