from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from core.models import Heartbeat


class ReadOnlyAdmin(admin.ModelAdmin):
    """For records the app writes and keeps (deliveries, flags, the worker's heartbeat): the
    admin shows them and changes nothing, since a change here would skip the app's own record
    of who did what, and a deleted row could let a message go twice."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        hidden = set(self.exclude or ())
        return [field.name for field in self.model._meta.fields if field.name not in hidden]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Heartbeat)
class HeartbeatAdmin(ReadOnlyAdmin):
    """Written by the worker only."""

    list_display = ["name", "last_seen_at"]
