"""Flags and feedback in the admin: to read, for whoever looks after the service. Flags are
opened and cleared by the monitoring run and worked through on the monitoring pages (with
who and when); feedback comes from the mentee's link or a coordinator's page. Changing either
here would skip that record, so the admin only reads them. A programme's thresholds are on
its page (accounts.admin inlines every programme setting)."""

from django.contrib import admin

from core.admin import ReadOnlyAdmin
from sessions_log.monitoring.models import Feedback, Flag


@admin.register(Flag)
class FlagAdmin(ReadOnlyAdmin):
    list_display = ["pk", "rule", "severity", "programme", "opened_at", "state"]
    list_filter = ["rule", "severity", "programme"]
    list_select_related = ["programme"]
    date_hierarchy = "opened_at"

    @admin.display(description="state")
    def state(self, flag: Flag) -> str:
        return flag.state()


@admin.register(Feedback)
class FeedbackAdmin(ReadOnlyAdmin):
    list_display = ["pk", "point", "programme", "requested_at", "rating", "answered_at"]
    list_filter = ["point", "rating", "programme"]
    list_select_related = ["programme"]
    date_hierarchy = "requested_at"
