"""User accounts in the admin. Changes made here are written to the audit trail too.
Memberships are managed on a programme's Members page (and listed in the admin by the
programmes app)."""

from typing import Any

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import HttpRequest

from samenspel.accounts.models import User
from samenspel.common.services import audit_record


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    ordering = ["sort_name", "email"]
    list_display = ["email", "name", "is_staff", "is_active", "last_login"]
    list_filter = ["is_staff", "is_active"]
    search_fields = ["email", "name"]
    fieldsets = (
        (None, {"fields": ("email", "name", "password")}),
        ("", {"fields": ("is_active", "is_staff", "is_superuser", "groups", "reminders")}),
        ("", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("email", "name", "password1", "password2")}),
    )
    filter_horizontal = ["groups"]

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
