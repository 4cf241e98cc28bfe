from django.contrib import admin

from samenspel.cycles.models import LearningCycle


@admin.register(LearningCycle)
class LearningCycleAdmin(admin.ModelAdmin):
    """Read-only: cycles change only through their phases, in the application, so that
    every transition is audited and the expectation stays frozen."""

    list_display = ["__str__", "state", "owner", "adjustment_due"]
    list_filter = ["state"]

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
