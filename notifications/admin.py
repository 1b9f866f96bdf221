from django.contrib import admin
from django.http import HttpRequest

from notifications.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Written by the app only: read-only here. Coordinators resend from their own page."""

    list_display = ["kind", "recipient_key", "subject_key", "due_on", "status", "attempts"]
    list_filter = ["status", "kind", "programme"]
    readonly_fields = [f.name for f in Delivery._meta.fields]
    exclude = ["address"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return False
