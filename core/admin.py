from django.contrib import admin
from django.http import HttpRequest

from core.models import Heartbeat


@admin.register(Heartbeat)
class HeartbeatAdmin(admin.ModelAdmin):
    """Written by the worker only: read-only here."""

    list_display = ["name", "last_seen_at"]
    readonly_fields = ["name", "last_seen_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
