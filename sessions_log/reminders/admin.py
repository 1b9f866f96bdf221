from django.contrib import admin
from django.http import HttpRequest

from sessions_log.reminders.models import (
    ManualReminder,
    MenteeReminderPreferences,
    MentorReminderPreferences,
)


@admin.register(MentorReminderPreferences)
class MentorReminderPreferencesAdmin(admin.ModelAdmin):
    list_display = ["mentor", "channel", "contact_reminders", "log_nudges"]
    list_filter = ["channel", "contact_reminders", "log_nudges"]
    raw_id_fields = ["mentor"]


@admin.register(MenteeReminderPreferences)
class MenteeReminderPreferencesAdmin(admin.ModelAdmin):
    list_display = ["mentee", "contact_reminders"]
    list_filter = ["contact_reminders"]
    raw_id_fields = ["mentee"]


@admin.register(ManualReminder)
class ManualReminderAdmin(admin.ModelAdmin):
    """Written by the planning run; coordinators tick them off on their own pages."""

    list_display = ["how", "programme", "contact_on", "due_on", "done_at"]
    list_filter = ["how", "programme"]
    readonly_fields = [f.name for f in ManualReminder._meta.fields]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
