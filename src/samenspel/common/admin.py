"""Admin helpers. The Django admin is for administrators to look things up and to manage
user accounts; domain data changes only in the application, where every change is
validated, versioned and written to the audit trail."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from samenspel.common.models import AuditEvent


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(ReadOnlyAdmin):
    list_display = ["at", "action", "actor", "programme_id", "target_type", "target_id"]
    list_filter = ["action"]
    date_hierarchy = "at"
