"""Addresses of programmes and what they own. Programme data lives under
/programmes/<slug>/, so every address names the programme it belongs to."""

from django.urls import path

from samenspel.programmes import views

P = "programmes/<slug:slug>/"

urlpatterns = [
    path("my-work/", views.my_work, name="my-work"),
    path("programmes/", views.programme_list, name="programme-list"),
    path("programmes/new/", views.programme_create, name="programme-create"),
    path(P, views.programme_detail, name="programme-detail"),
    path(P + "edit/", views.programme_edit, name="programme-edit"),
    path(P + "areas/", views.area_list, name="area-list"),
    path(P + "areas/new/", views.area_form, name="area-create"),
    path(P + "areas/new/several/", views.area_add_lines, name="area-add-lines"),
    path(P + "areas/<int:area_id>/edit/", views.area_form, name="area-edit"),
    path(P + "areas/<int:area_id>/delete/", views.area_delete, name="area-delete"),
    path(P + "initiatives/", views.initiative_list, name="initiative-list"),
    path(P + "initiatives/new/", views.initiative_create, name="initiative-create"),
    path(P + "initiatives/propose/", views.initiative_propose, name="initiative-propose"),
    path(
        P + "initiatives/<int:initiative_id>/accept/",
        views.initiative_accept,
        name="initiative-accept",
    ),
    path(P + "initiatives/<int:initiative_id>/", views.initiative_detail, name="initiative-detail"),
    path(
        P + "initiatives/<int:initiative_id>/edit/", views.initiative_edit, name="initiative-edit"
    ),
    path(P + "learning-agenda/", views.question_list, name="question-list"),
    path(P + "learning-agenda/new/", views.question_create, name="question-create"),
    path(P + "learning-agenda/<int:number>/", views.question_detail, name="question-detail"),
    path(P + "learning-agenda/<int:number>/edit/", views.question_edit, name="question-edit"),
    path(P + "members/", views.membership_list, name="membership-list"),
    path(P + "members/new/", views.membership_add, name="membership-add"),
    path(P + "members/new/several/", views.membership_add_lines, name="membership-add-lines"),
    path(P + "members/<int:membership_id>/edit/", views.membership_edit, name="membership-edit"),
    path(
        P + "members/<int:membership_id>/remove/",
        views.membership_remove,
        name="membership-remove",
    ),
]
