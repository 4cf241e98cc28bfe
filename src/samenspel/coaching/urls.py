"""Addresses of coaching, under the programme it belongs to."""

from django.urls import path

from samenspel.coaching import views

P = "programmes/<slug:slug>/coaching/"
C = P + "<int:coaching_id>/"

urlpatterns = [
    path(P, views.coaching_list, name="coaching-list"),
    path(P + "new/", views.coaching_start, name="coaching-start"),
    path(C, views.coaching_detail, name="coaching-detail"),
    path(C + "end/", views.coaching_end, name="coaching-end"),
    path(C + "conversations/new/", views.conversation_create, name="coaching-conversation-create"),
    path(
        C + "conversations/<int:conversation_id>/edit/",
        views.conversation_edit,
        name="coaching-conversation-edit",
    ),
    path(C + "goals/", views.coaching_goals, name="coaching-goals"),
    path(C + "goals/new/", views.goal_create, name="coaching-goal-create"),
    path(C + "goals/<int:goal_id>/step/", views.goal_step, name="coaching-goal-step"),
]
