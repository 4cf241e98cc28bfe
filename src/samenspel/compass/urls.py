"""Addresses of the compass: its pages under the programme it belongs to, and the
public form of an answer link at /kompas/<key>/ (for residents, without an account)."""

from django.urls import path

from samenspel.compass import goals, links, pictures, rounds, views

P = "programmes/<slug:slug>/compass/"
F = P + "facets/<int:facet_id>/"
R = "room/<int:session_id>/compass/"
G = "programmes/<slug:slug>/coaching/<int:coaching_id>/goals/<int:goal_id>/"

urlpatterns = [
    # Pictures (pictures.py): the overview with its radar and gaps, the trend, one's own
    # compass, and the downloads.
    path(P, pictures.overview, name="compass"),
    path(P + "trend/", pictures.trend, name="compass-trend"),
    path(P + "mine/", pictures.personal, name="compass-personal"),
    path(P + "charts/<str:chart>.<str:fmt>", pictures.chart, name="compass-chart"),
    path(P + "export.<str:fmt>", pictures.export, name="compass-export"),
    # Setting up, editing and answering (views.py)
    path(P + "setup/", views.compass_setup, name="compass-setup"),
    path(P + "facets/", views.compass_facets, name="compass-facets"),
    path(F, views.facet_edit, name="compass-facet-edit"),
    path(F + "move/", views.facet_move, name="compass-facet-move"),
    path(F + "retire/", views.facet_retire, name="compass-facet-retire"),
    path(F + "delete/", views.facet_delete, name="compass-facet-delete"),
    path(P + "answer/", views.compass_answer, name="compass-answer"),
    path(P + "answers/", views.my_answers, name="compass-answers"),
    path(
        P + "answers/<int:assessment_id>/delete/",
        views.assessment_delete,
        name="compass-assessment-delete",
    ),
    # Answer links (links.py)
    path(P + "links/", links.link_list, name="compass-links"),
    path(P + "links/<int:link_id>/close/", links.link_close, name="compass-link-close"),
    path(P + "links/<int:link_id>/reopen/", links.link_reopen, name="compass-link-reopen"),
    path("kompas/<str:link_key>/", links.link_answer, name="compass-link-answer"),
    path("kompas/<str:link_key>/thanks/", links.link_thanks, name="compass-link-thanks"),
    # Compass round: steps in the room of a learning session (compass/rounds.py), under
    # the room's own address, POST only.
    path(R + "open/", rounds.round_open, name="room-compass-open"),
    path(R + "close/", rounds.round_close, name="room-compass-close"),
    path(R + "answer/", rounds.round_answer, name="room-compass-answer"),
    # Coaching: the facets a development goal works on (compass/goals.py).
    path(G + "facets/", goals.goal_facets, name="coaching-goal-facets"),
]
