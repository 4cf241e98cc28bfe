from django.contrib import admin

from samenspel.common.admin import ReadOnlyAdmin
from samenspel.cycles.models import LearningCycle


@admin.register(LearningCycle)
class LearningCycleAdmin(ReadOnlyAdmin):
    """Cycles change only through their phases, in the application, so that every
    transition is audited and the expectation stays frozen."""

    list_display = ["__str__", "state", "owner", "adjustment_due"]
    list_filter = ["state"]
