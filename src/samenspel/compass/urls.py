"""Addresses of the compass."""

from django.urls import path

from samenspel.compass import goals, rounds

R = "room/<int:session_id>/compass/"
G = "programmes/<slug:slug>/coaching/<int:coaching_id>/goals/<int:goal_id>/"

urlpatterns = [
    # Compass round: steps in the room of a learning session (compass/rounds.py), under
    # the room's own address, POST only.
    path(R + "open/", rounds.round_open, name="room-compass-open"),
    path(R + "close/", rounds.round_close, name="room-compass-close"),
    path(R + "answer/", rounds.round_answer, name="room-compass-answer"),
]

urlpatterns += [
    # Coaching: the facets a development goal works on (compass/goals.py).
    path(G + "facets/", goals.goal_facets, name="coaching-goal-facets"),
]
