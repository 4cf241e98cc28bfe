"""Addresses of learning cycles, under the programme they belong to."""

from django.urls import path

from samenspel.cycles import views

C = "programmes/<slug:slug>/cycles/<int:cycle_id>/"

urlpatterns = [
    path(
        "programmes/<slug:slug>/initiatives/<int:initiative_id>/cycles/new/",
        views.cycle_create,
        name="cycle-create",
    ),
    path(C, views.cycle_detail, name="cycle-detail"),
    path(C + "expectation/", views.cycle_expectation, name="cycle-expectation"),
    path(C + "start/", views.cycle_start, name="cycle-start"),
    path(C + "observations/", views.cycle_observation, name="cycle-observation"),
    path(C + "review/", views.cycle_review, name="cycle-review"),
    path(C + "adjustment/", views.cycle_adjustment, name="cycle-adjustment"),
    path(C + "abandon/", views.cycle_abandon, name="cycle-abandon"),
    path(C + "replan/", views.cycle_replan, name="cycle-replan"),
    path(C + "hand-over/", views.cycle_hand_over, name="cycle-hand-over"),
]
