from django.contrib import admin

from core.admin import ReadOnlyAdmin
from notifications.models import Delivery


@admin.register(Delivery)
class DeliveryAdmin(ReadOnlyAdmin):
    """Written by the app only. Coordinators resend from their own page."""

    list_display = ["kind", "recipient_key", "subject_key", "due_on", "status", "attempts"]
    list_filter = ["status", "kind", "programme"]
    exclude = ["address"]
