"""Addresses of the helicopter part of the helicopter view: the matrix, a learning
question and a cell (an initiative on a question)."""

from django.urls import URLPattern, path

from samenspel.insights import helicopter_views as views

P = "programmes/<slug:slug>/helicopter/"

urlpatterns: list[URLPattern] = [
    path(P, views.helicopter_matrix, name="helicopter"),
    path(P + "questions/<int:number>/", views.helicopter_question, name="helicopter-question"),
    path(
        P + "initiatives/<int:initiative_id>/questions/<int:number>/",
        views.helicopter_cell,
        name="helicopter-cell",
    ),
]
