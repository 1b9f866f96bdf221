from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet

from accounts.models import EmailDelivery, Membership, Programme, Site, User


class MembershipFormSet(BaseInlineFormSet):
    def clean(self) -> None:
        super().clean()
        kept = [
            form
            for form in self.forms
            if form.cleaned_data.get("programme") and not form.cleaned_data.get("DELETE")
        ]
        if self.instance.role in User.SINGLE_PROGRAMME_ROLES and len(kept) > 1:
            raise ValidationError("A mentor or mentee belongs to one programme only.")


class MembershipInline(admin.TabularInline):
    model = Membership
    formset = MembershipFormSet
    extra = 0
    autocomplete_fields = ["programme"]


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "role", "is_active", "is_superuser"]
    list_filter = ["role", "is_active", "is_superuser", "programmes"]
    search_fields = ["email", "first_name", "last_name"]
    inlines = [MembershipInline]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Personal details", {"fields": ("first_name", "last_name")}),
        ("Role", {"fields": ("role", "is_active", "is_staff", "is_superuser")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (
            None,
            {
                "classes": ("wide",),
                "fields": ("email", "first_name", "last_name", "role", "password1", "password2"),
            },
        ),
    )


class SiteInline(admin.TabularInline):
    model = Site
    extra = 0


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["name", "region", "is_active"]
    search_fields = ["name", "region"]
    inlines = [SiteInline]
    fieldsets = (
        (None, {"fields": ("name", "region", "is_active")}),
        (
            "Eligibility and referrals",
            {
                "fields": (
                    "eligibility_min_age",
                    "eligibility_min_pain_weeks",
                    "referral_wait_working_days",
                    "applicant_wait_working_days",
                    "default_mentor_capacity",
                )
            },
        ),
        (
            "The plan a new pair starts with",
            {
                "fields": (
                    "planned_sessions",
                    "planned_interval_days",
                    "planned_length_weeks",
                    "review_after_session",
                )
            },
        ),
        (
            "Monitoring thresholds",
            {
                "fields": (
                    "first_contact_within_days",
                    "no_contact_after_days",
                    "missed_contacts_in_a_row",
                    "pain_rise_points",
                    "confidence_drop_points",
                    "expiry_warning_days",
                    "low_feedback_rating",
                )
            },
        ),
    )


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "programme", "postcode", "is_active"]
    list_filter = ["kind", "programme"]
    search_fields = ["name", "postcode"]


@admin.register(EmailDelivery)
class EmailDeliveryAdmin(admin.ModelAdmin):
    list_display = ["key", "created_at", "sent_at"]
    readonly_fields = ["key", "created_at", "sent_at"]
