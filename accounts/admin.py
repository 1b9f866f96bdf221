from django import forms
from django.apps import apps
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.core.exceptions import ValidationError
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from accounts.models import Membership, Programme, Site, User
from core.forms import PhoneField
from core.models import ProgrammeSettings
from core.validators import normalise_uk_phone


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


def settings_inlines() -> list[type[admin.StackedInline]]:
    """One inline per feature's programme settings (every concrete subclass of
    core.models.ProgrammeSettings), so a programme's settings are edited on one page while
    each feature keeps its own fields beside its code."""
    inlines = []
    for model in apps.get_models():
        if issubclass(model, ProgrammeSettings):
            inlines.append(
                type(
                    f"{model.__name__}Inline",
                    (admin.StackedInline,),
                    {"model": model, "can_delete": False, "extra": 1, "max_num": 1},
                )
            )
    return sorted(inlines, key=lambda inline: inline.model._meta.verbose_name)


PROGRAMME_FIELDS = ["name", "region", "is_active", "contact_name", "contact_phone", "contact_email"]


class ProgrammeAdminForm(forms.ModelForm):
    """The coordinator's phone shown the way people write it and stored in E.164."""

    contact_phone = PhoneField(
        label="Coordinator's phone",
        required=False,
        help_text=Programme._meta.get_field("contact_phone").help_text,
    )

    class Meta:
        model = Programme
        fields = PROGRAMME_FIELDS

    def clean_contact_phone(self) -> str:
        value = self.cleaned_data.get("contact_phone", "").strip()
        return normalise_uk_phone(value) if value else ""


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    form = ProgrammeAdminForm
    list_display = ["name", "region", "is_active"]
    search_fields = ["name", "region"]
    fieldsets = (
        (None, {"fields": ("name", "region", "is_active")}),
        (
            "Who mentors and mentees contact",
            {
                "fields": ("contact_name", "contact_phone", "contact_email"),
                "description": "Shown on every mentor's and mentee's pages.",
            },
        ),
    )

    def get_inlines(self, request: HttpRequest, obj: Programme | None) -> list[type]:
        return [SiteInline, *settings_inlines()]


@admin.register(Site)
class SiteAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "programme", "postcode", "is_active"]
    list_filter = ["kind", "programme"]
    search_fields = ["name", "postcode"]
