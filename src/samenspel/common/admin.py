from django.contrib import admin

from samenspel.common.models import AuditEvent


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "action", "actor", "programme", "target_type", "target_id"]
    list_filter = ["action"]
    date_hierarchy = "at"

    # The audit trail is evidence: nobody edits or deletes it through the admin.
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False
