from django.contrib import admin

from sessions_log.logs.models import Concern, SessionLog, SessionLogChange, SessionPlanStep


@admin.register(SessionPlanStep)
class SessionPlanStepAdmin(admin.ModelAdmin):
    list_display = ["programme", "number", "topic"]
    list_filter = ["programme"]


class SessionLogChangeInline(admin.TabularInline):
    model = SessionLogChange
    extra = 0
    can_delete = False
    readonly_fields = ["by", "at", "changes"]

    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(SessionLog)
class SessionLogAdmin(admin.ModelAdmin):
    """Logs are written through the app (a key, the concern, the change history); the admin
    reads them."""

    list_display = ["pk", "relationship", "occurred_at", "outcome", "concern", "on_behalf"]
    list_filter = ["outcome", "concern", "relationship__programme"]
    list_select_related = ["relationship__mentee", "relationship__mentor"]
    raw_id_fields = ["relationship", "logged_by"]
    readonly_fields = ["key", "on_behalf", "created_at", "updated_at"]
    inlines = [SessionLogChangeInline]
    date_hierarchy = "occurred_at"

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Concern)
class ConcernAdmin(admin.ModelAdmin):
    list_display = ["pk", "kind", "urgent", "programme", "raised_at", "closed_at"]
    list_filter = ["kind", "urgent", "programme"]
    raw_id_fields = ["log", "relationship", "raised_by", "taken_by", "closed_by"]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
