"""User accounts in the admin. Changes made here are written to the audit trail too;
memberships are shown, and managed on a programme's Members page."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from samenspel.accounts.models import Membership, User
from samenspel.common.services import audit_record, data_changed
from samenspel.programmes.models import Programme


class MembershipInline(admin.TabularInline):
    model = Membership
    extra = 0
    fields = ["programme", "role"]
    readonly_fields = ["programme", "role"]
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["name", "email"]
    list_display = ["email", "name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "name", "password")}),
        ("", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )
    filter_horizontal = ["groups"]
    inlines = [MembershipInline]

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        # The history names who did what: deactivate an account instead of deleting it.
        return False

    def save_model(self, request: HttpRequest, obj: User, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        audit_record(
            actor=request.user,
            action="user.change" if change else "user.create",
            target=obj,
            data={"fields": sorted(form.changed_data), "via": "admin"},
        )
        # Names and e-mail addresses appear on the pages of the user's programmes.
        data_changed(Programme.objects.filter(memberships__user=obj))
