"""The benchmark's two baselines (bench/README.md), mounted only when BENCH_BASELINES is
true, so neither a live service nor the URL walks of the tests ever see them.

- The floor: one indexed query (the signed-in person's first programme membership) and
  the base layout, through the same middleware and context processors as every page.
- The Django admin changelist of the model each page lists (referrals, mentors, training
  records, mentees, relationships, session logs, concerns, flags, letters and calls), on
  an admin site of its own
  with plain changelists, the same kind for every model.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import path

from accounts.models import Membership
from mentoring.matching.models import Relationship
from mentoring.mentees.models import Mentee
from mentoring.recruitment.models import Mentor
from mentoring.referrals.models import Referral
from mentoring.training.models import TrainingRecord
from sessions_log.logs.models import Concern, SessionLog
from sessions_log.monitoring.models import Flag
from sessions_log.reminders.models import ManualReminder


def floor(request: HttpRequest) -> HttpResponse:
    membership = (
        Membership.objects.filter(user=request.user)  # type: ignore[misc]
        .select_related("programme")
        .first()
    )
    return render(
        request,
        "demo/bench_floor.html",
        {"programme": membership.programme if membership else None},
    )


class BenchAdminSite(admin.AdminSite):
    site_header = "Bench baselines"


class ReferralAdmin(admin.ModelAdmin):
    list_display = ["__str__", "first_name", "last_name", "status", "submitted_at", "programme"]
    list_filter = ["status"]
    list_select_related = ["programme"]


class MentorAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "area", "applied_at", "programme"]
    list_filter = ["status"]
    list_select_related = ["programme"]


class TrainingRecordAdmin(admin.ModelAdmin):
    list_display = ["mentor", "module", "completed_on", "quiz_score", "expires_on"]
    list_select_related = ["mentor", "module"]


class MenteeAdmin(admin.ModelAdmin):
    list_display = ["__str__", "area", "waiting_since", "registered_at", "programme"]
    list_filter = ["reminder_channel"]
    list_select_related = ["programme"]


class RelationshipAdmin(admin.ModelAdmin):
    list_display = ["__str__", "status", "started_on", "status_changed_at", "programme"]
    list_filter = ["status"]
    list_select_related = ["programme", "mentee", "mentor"]


class SessionLogAdmin(admin.ModelAdmin):
    list_display = ["__str__", "relationship", "outcome", "concern", "occurred_at"]
    list_filter = ["outcome"]
    list_select_related = ["relationship__mentee", "relationship__mentor"]


class ConcernAdmin(admin.ModelAdmin):
    list_display = ["__str__", "relationship", "urgent", "raised_at", "closed_at"]
    list_filter = ["kind"]
    list_select_related = ["relationship__mentee", "relationship__mentor"]


class FlagAdmin(admin.ModelAdmin):
    list_display = ["__str__", "relationship", "severity", "opened_at", "resolved_at"]
    list_filter = ["rule"]
    list_select_related = ["relationship__mentee", "relationship__mentor"]


class ManualReminderAdmin(admin.ModelAdmin):
    list_display = ["__str__", "mentee", "how", "due_on", "done_at"]
    list_filter = ["how"]
    list_select_related = ["mentee"]


site = BenchAdminSite(name="bench_admin")
site.register(Referral, ReferralAdmin)
site.register(Mentor, MentorAdmin)
site.register(TrainingRecord, TrainingRecordAdmin)
site.register(Mentee, MenteeAdmin)
site.register(Relationship, RelationshipAdmin)
site.register(SessionLog, SessionLogAdmin)
site.register(Concern, ConcernAdmin)
site.register(Flag, FlagAdmin)
site.register(ManualReminder, ManualReminderAdmin)

urlpatterns = [
    path("bench/floor/", floor, name="bench_floor"),
    path("bench/admin/", site.urls),
]
