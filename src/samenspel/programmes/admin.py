from django.contrib import admin

from samenspel.common.admin import ReadOnlyAdmin
from samenspel.programmes.models import Area, Initiative, LearningQuestion, Membership, Programme


@admin.register(Programme)
class ProgrammeAdmin(ReadOnlyAdmin):
    list_display = ["name", "slug", "starts_on", "ends_on"]
    search_fields = ["name"]


@admin.register(Area)
class AreaAdmin(ReadOnlyAdmin):
    list_display = ["name", "programme"]
    list_filter = ["programme"]


@admin.register(Initiative)
class InitiativeAdmin(ReadOnlyAdmin):
    list_display = ["title", "programme", "area", "status"]
    list_filter = ["programme", "status"]
    search_fields = ["title"]


@admin.register(LearningQuestion)
class LearningQuestionAdmin(ReadOnlyAdmin):
    list_display = ["number", "text", "programme", "status"]
    list_filter = ["programme", "status"]


@admin.register(Membership)
class MembershipAdmin(ReadOnlyAdmin):
    list_display = ["user", "programme", "role"]
    list_filter = ["programme", "role"]
    search_fields = ["user__email", "user__name"]
