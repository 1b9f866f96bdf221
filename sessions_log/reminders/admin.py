from django.contrib import admin

from core.admin import ReadOnlyAdmin
from sessions_log.reminders.models import (
    CoordinatorReminderPreferences,
    ManualReminder,
    MenteeReminderPreferences,
    MentorReminderPreferences,
)


@admin.register(MentorReminderPreferences)
class MentorReminderPreferencesAdmin(admin.ModelAdmin):
    list_display = ["mentor", "channel", "contact_reminders", "log_nudges"]
    list_filter = ["channel", "contact_reminders", "log_nudges"]
    raw_id_fields = ["mentor"]


@admin.register(CoordinatorReminderPreferences)
class CoordinatorReminderPreferencesAdmin(admin.ModelAdmin):
    list_display = ["user", "daily_digest"]
    list_filter = ["daily_digest"]
    raw_id_fields = ["user"]


@admin.register(MenteeReminderPreferences)
class MenteeReminderPreferencesAdmin(admin.ModelAdmin):
    list_display = ["mentee", "contact_reminders"]
    list_filter = ["contact_reminders"]
    raw_id_fields = ["mentee"]


@admin.register(ManualReminder)
class ManualReminderAdmin(ReadOnlyAdmin):
    """Written by the planning run; coordinators tick them off on their own pages."""

    list_display = ["how", "programme", "contact_on", "due_on", "done_at"]
    list_filter = ["how", "programme"]
