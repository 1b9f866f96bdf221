"""Referral views: each finds its objects through visible_to(), validates with a form,
calls a service and responds."""

from __future__ import annotations

import uuid
from typing import Any

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
from core.forms import posted
from core.paging import counted_page
from mentoring.referrals import services
from mentoring.referrals.eligibility import eligibility_problems
from mentoring.referrals.filters import OPEN, ReferralInboxFilter
from mentoring.referrals.forms import (
    AdvanceForm,
    CloseForm,
    PaperReferralForm,
    ReferralForm,
    WithdrawForm,
)
from mentoring.referrals.models import Referral

PAGE_SIZE = 25


def _form_class(user: User) -> type[ReferralForm]:
    return ReferralForm if user.is_physiotherapist else PaperReferralForm


@requires(Capability.REFER_PATIENTS)
def referral_new(request: HttpRequest) -> HttpResponse:
    """A physiotherapist refers a patient; a coordinator types in a paper or phone one."""
    user: User = request.user  # type: ignore[assignment]
    already_saved = _already_saved(user, request.POST.get("submission_key", ""))
    if already_saved is not None:  # a double click or a resent form: never a second copy
        _say_saved(request, already_saved, created=False)
        return redirect(already_saved)
    today = timezone.localdate()
    submitting = "submit" in request.POST
    form = _form_class(user)(
        posted(request),
        user=user,
        today=today,
        submitting=submitting,
        initial={"submission_key": uuid.uuid4()},
    )
    if form.is_valid():
        try:
            result = services.create_referral(
                by=user,
                programme=form.cleaned_data["programme"],
                fields=form.referral_fields(),
                submission_key=form.cleaned_data["submission_key"],
                submit=submitting,
                source=form.cleaned_data.get("source", Referral.Source.ONLINE),
                now=timezone.now(),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _say_saved(request, result.referral, created=result.created)
            return redirect(result.referral)
    return render(request, "referrals/referral_form.html", _form_context(form, None))


@requires(Capability.REFER_PATIENTS)
def referral_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """The referrer finishes a draft."""
    user: User = request.user  # type: ignore[assignment]
    referral = get_object_or_404(
        Referral.objects.visible_to(user).select_related("programme__referrals_settings"),
        pk=pk,
        referred_by=user,
        status=Referral.Status.DRAFT,
    )
    submitting = "submit" in request.POST
    form = _form_class(user)(
        posted(request),
        instance=referral,
        user=user,
        today=timezone.localdate(),
        submitting=submitting,
        initial={"submission_key": referral.submission_key, "source": referral.source},
    )
    if form.is_valid():
        fields = form.referral_fields()
        fields["programme"] = form.cleaned_data["programme"]
        try:
            referral = services.update_draft(
                referral=referral, by=user, fields=fields, submit=submitting, now=timezone.now()
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            _say_saved(request, referral, created=True)
            return redirect(referral)
    return render(request, "referrals/referral_form.html", _form_context(form, referral))


def _form_context(form: ReferralForm, referral: Referral | None) -> dict[str, Any]:
    return {"form": form, "referral": referral, "paper": isinstance(form, PaperReferralForm)}


def _already_saved(user: User, submission_key: str) -> Referral | None:
    try:
        key = uuid.UUID(submission_key)
    except ValueError:
        return None
    return Referral.objects.visible_to(user).filter(submission_key=key).first()


def _say_saved(request: HttpRequest, referral: Referral, *, created: bool) -> None:
    if not created:
        messages.info(request, f"This referral was already saved as {referral.reference}.")
    elif referral.status == Referral.Status.DRAFT:
        messages.success(request, f"Draft saved ({referral.reference}). It has not been sent yet.")
    else:
        messages.success(
            request, f"Referral {referral.reference} sent. The coordinator has been told."
        )


@requires(Capability.FOLLOW_OWN_REFERRALS)
def my_referrals(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    referrals = (
        Referral.objects.visible_to(user)
        .filter(referred_by=user)
        .select_related("handled_by")
        .order_by("-created_at", "-pk")
    )
    page = Paginator(referrals, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "referrals/my_referrals.html", {"page": page})


# What the inbox shows of each referral, and the programme's limit that says whether it has
# waited too long: no clinical details are read for a list of names.
INBOX_SHOWS = (
    "first_name", "last_name", "source", "status", "eligibility_exception_reason",
    "submitted_at", "site__name", "handled_by__first_name", "handled_by__last_name",
    "handled_by__email", "programme__referrals_settings__wait_working_days",
)  # fmt: skip


@requires(Capability.TRIAGE_REFERRALS)
def referral_inbox(request: HttpRequest) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    data = request.GET.copy()
    data.setdefault("status", OPEN)
    referrals = (
        Referral.objects.visible_to(user)
        .exclude(status=Referral.Status.DRAFT)
        .select_related("programme__referrals_settings", "site", "handled_by")
        .only(*INBOX_SHOWS)
        .order_by("submitted_at", "pk")
    )
    filters = ReferralInboxFilter(data, queryset=referrals, user=user)
    number = request.GET.get("page")
    page = (
        counted_page(filters.qs, number, PAGE_SIZE)
        if data.get("q", "").strip()  # a search sorts every match: count them beside it
        else Paginator(filters.qs, PAGE_SIZE).get_page(number)
    )
    query = data.copy()
    query.pop("page", None)
    return render(
        request,
        "referrals/inbox.html",
        {"filter": filters, "page": page, "now": timezone.now(), "query": query.urlencode()},
    )


def _detail_context(request: HttpRequest, referral: Referral, **forms: Any) -> dict[str, Any]:
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    now = timezone.now()
    context: dict[str, Any] = {
        "referral": referral,
        "events": referral.events.select_related("by"),
        "overdue": referral.is_waiting_too_long(now),
        "age": referral.age(today),
        "is_referrer": referral.referred_by_id == user.pk,
        "eligibility": eligibility_problems(
            programme=referral.programme,
            date_of_birth=referral.date_of_birth,
            pain_duration_weeks=referral.pain_duration_weeks,
            discharge_date=referral.discharge_date,
            consent_to_contact=True,
            today=today,
        ),
        "next_steps": [
            (status, Referral.Status(status).label)
            for status in referral.next_steps()
            # registering the mentee moves a referral on to "awaiting match" (mentees:
            # register); matching moves it to "matched"
            if status not in (Referral.Status.AWAITING_MATCH, Referral.Status.MATCHED)
        ],
        "advance_form": forms.get("advance_form")
        or AdvanceForm(referral=referral, auto_id="advance_%s"),
        "close_form": forms.get("close_form") or CloseForm(auto_id="close_%s"),
        "withdraw_form": forms.get("withdraw_form") or WithdrawForm(auto_id="withdraw_%s"),
    }
    return context


def _visible_referral(request: HttpRequest, pk: int) -> Referral:
    return get_object_or_404(
        Referral.objects.visible_to(request.user).select_related(
            "programme__referrals_settings", "site", "referred_by", "handled_by"
        ),
        pk=pk,
    )


@requires(Capability.VIEW_REFERRALS)
def referral_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _visible_referral(request, pk)
    return render(request, "referrals/referral_detail.html", _detail_context(request, referral))


@require_POST
@requires(Capability.TRIAGE_REFERRALS)
def referral_advance(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _visible_referral(request, pk)
    form = AdvanceForm(request.POST, referral=referral, auto_id="advance_%s")
    if form.is_valid():
        to_status = form.cleaned_data["to_status"]
        try:
            services.advance(
                referral=referral,
                to_status=to_status,
                by=request.user,  # type: ignore[arg-type]
                now=timezone.now(),
                note=form.cleaned_data["note"],
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(
                request, f"{referral.reference} is now: {Referral.Status(to_status).label}."
            )
        return redirect(referral)
    context = _detail_context(request, referral, advance_form=form)
    return render(request, "referrals/referral_detail.html", context, status=400)


@require_POST
@requires(Capability.TRIAGE_REFERRALS)
def referral_close(request: HttpRequest, pk: int) -> HttpResponse:
    referral = _visible_referral(request, pk)
    form = CloseForm(request.POST, auto_id="close_%s")
    if form.is_valid():
        try:
            services.close(
                referral=referral,
                reason=form.cleaned_data["reason"],
                note=form.cleaned_data["note"],
                by=request.user,  # type: ignore[arg-type]
                now=timezone.now(),
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{referral.reference} is closed.")
        return redirect(referral)
    context = _detail_context(request, referral, close_form=form)
    return render(request, "referrals/referral_detail.html", context, status=400)


@require_POST
@requires(Capability.FOLLOW_OWN_REFERRALS)
def referral_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    referral = get_object_or_404(
        Referral.objects.visible_to(user).select_related("programme__referrals_settings"),
        pk=pk,
        referred_by=user,
    )
    form = WithdrawForm(request.POST, auto_id="withdraw_%s")
    if form.is_valid():
        try:
            services.withdraw(
                referral=referral, by=user, note=form.cleaned_data["note"], now=timezone.now()
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, f"{referral.reference} has been withdrawn.")
        return redirect(referral)
    context = _detail_context(request, referral, withdraw_form=form)
    return render(request, "referrals/referral_detail.html", context, status=400)
