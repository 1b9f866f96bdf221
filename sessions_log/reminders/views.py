"""Reminder pages: a mentor's own reminder settings, a mentee's (set by a coordinator), and
the coordinator's call list and letters to print."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from accounts.capabilities import Capability
from accounts.models import User
from accounts.permissions import requires
from core.forms import posted
from core.views import form_page
from mentoring.mentees.models import Mentee
from mentoring.recruitment.models import Mentor
from sessions_log.reminders import services
from sessions_log.reminders.forms import (
    CoordinatorPreferencesForm,
    LettersPrintedForm,
    MenteePreferencesForm,
    MentorPreferencesForm,
)
from sessions_log.reminders.models import (
    CoordinatorReminderPreferences,
    ManualReminder,
    MenteeReminderPreferences,
    MentorReminderPreferences,
)

LETTERS_PER_BATCH = 25  # a printer tray's worth; mark them printed and the next come up


def _settings_page(
    request: HttpRequest, form: Any, *, saved: str, then: Any, title: str, intro: str, back: str
) -> HttpResponse:
    """A page of someone's reminder settings: saved, said so, and back where they came from."""
    if form.is_valid():
        form.save()
        messages.success(request, saved)
        return redirect(then)
    return form_page(request, form, title=title, intro=intro, button="Save", back=back)


@requires(Capability.KEEP_OWN_MENTOR_PROFILE)
def my_reminders(request: HttpRequest) -> HttpResponse:
    """A mentor chooses email or text, and may switch reminders off."""
    mentor = Mentor.objects.visible_to(request.user).filter(user=request.user).first()
    if mentor is None:
        raise Http404
    preferences = MentorReminderPreferences.objects.filter(
        mentor=mentor
    ).first() or MentorReminderPreferences(mentor=mentor)
    return _settings_page(
        request,
        MentorPreferencesForm(posted(request), instance=preferences),
        saved="Your reminder settings are saved.",
        then="recruitment:my_profile",
        title="Your reminders",
        intro="We can remind you the day before a contact with your mentee, and "
        "remind you to log a contact afterwards. Reminders are not sent at night.",
        back=reverse("recruitment:my_profile"),
    )


@requires(Capability.MONITOR)
def my_summary_email(request: HttpRequest) -> HttpResponse:
    """A coordinator may switch off the morning summary: their home page says the same."""
    user: User = request.user  # type: ignore[assignment]
    own = CoordinatorReminderPreferences.objects.visible_to(user).filter(user=user)
    preferences = own.first() or CoordinatorReminderPreferences(user=user)
    return _settings_page(
        request,
        CoordinatorPreferencesForm(posted(request), instance=preferences),
        saved="Your email settings are saved.",
        then="home",
        title="Your morning summary email",
        intro="Each morning we can email you how many new flags, referrals and "
        "applicants are waiting. It names nobody. Your home page always shows the same.",
        back=reverse("home"),
    )


@requires(Capability.REMIND_BY_HAND)
def mentee_reminders(request: HttpRequest, pk: int) -> HttpResponse:
    """A coordinator records whether a mentee wants reminders (they go the way the mentee
    chose: email, text, a letter or a call)."""
    mentee = get_object_or_404(Mentee.objects.visible_to(request.user), pk=pk)
    preferences = MenteeReminderPreferences.objects.filter(
        mentee=mentee
    ).first() or MenteeReminderPreferences(mentee=mentee)
    return _settings_page(
        request,
        MenteePreferencesForm(posted(request), instance=preferences),
        saved=f"Reminders for {mentee.first_name} are saved.",
        then=mentee,
        title=f"Reminders for {mentee.full_name}",
        intro=f"Reminders go by {mentee.get_reminder_channel_display().lower()}, "
        "the way they chose. To change the way, change their details.",
        back=mentee.get_absolute_url(),
    )


@requires(Capability.REMIND_BY_HAND)
def call_list(request: HttpRequest) -> HttpResponse:
    """Today's calls: mentees reached by phone whose contact is tomorrow (and any not yet
    made from earlier days). Prints as a sheet."""
    today = timezone.localdate()
    calls = (
        ManualReminder.objects.visible_to(request.user)
        .calls_for(today)
        .select_related("mentee", "relationship__mentor")
        .order_by("done_at", "due_on", "mentee__last_name", "pk")
    )
    return render(request, "reminders/calls.html", {"calls": calls, "today": today})


@require_POST
@requires(Capability.REMIND_BY_HAND)
def call_made(request: HttpRequest, pk: int) -> HttpResponse:
    user: User = request.user  # type: ignore[assignment]
    visible = ManualReminder.objects.visible_to(user).filter(how=ManualReminder.How.PHONE)
    call = get_object_or_404(visible, pk=pk)
    services.mark_done(reminders=visible.filter(pk=call.pk), by=user, now=timezone.now())
    messages.success(request, f"The call to {call.mentee.first_name} is ticked off.")
    return redirect("reminders:calls")


@requires(Capability.REMIND_BY_HAND)
def letters(request: HttpRequest) -> HttpResponse:
    """The letters waiting to be printed, each on its own page (large print where asked);
    once printed, the coordinator marks the batch printed."""
    user: User = request.user  # type: ignore[assignment]
    today = timezone.localdate()
    waiting = ManualReminder.objects.visible_to(user).letters_to_print(today)
    form = LettersPrintedForm(posted(request), letters=waiting)
    if form.is_valid():
        done = services.mark_done(
            reminders=waiting.filter(pk__in=[r.pk for r in form.cleaned_data["letters"]]),
            by=user,
            now=timezone.now(),
        )
        messages.success(request, f"{done} letter{'s' if done != 1 else ''} marked as printed.")
        return redirect("reminders:letters")
    batch = list(
        waiting.select_related(
            "mentee", "relationship__mentor", "relationship__referral", "programme"
        )
        .only(
            "contact_on", "relationship", "programme__name", "programme__contact_phone",
            "programme__contact_name", "mentee__first_name", "mentee__last_name",
            "mentee__needs_large_print", "relationship__mentor__first_name",
            "relationship__referral__address", "relationship__referral__postcode",
        )
        .order_by("contact_on", "mentee__last_name", "pk")[:LETTERS_PER_BATCH]
    )  # fmt: skip
    waiting_count = waiting.count()
    return render(
        request,
        "reminders/letters.html",
        {"form": form, "batch": batch, "today": today, "waiting_count": waiting_count},
    )
