"""Addresses of the compass, under its programme (/programmes/<slug>/compass/…)."""

from django.urls import path

from samenspel.compass import pictures

P = "programmes/<slug:slug>/compass/"

urlpatterns = [
    # Pictures (pictures.py): the overview with its radar and gaps, the trend, one's own
    # compass, and the downloads.
    path(P, pictures.overview, name="compass"),
    path(P + "trend/", pictures.trend, name="compass-trend"),
    path(P + "mine/", pictures.personal, name="compass-personal"),
    path(P + "charts/<str:chart>.<str:fmt>", pictures.chart, name="compass-chart"),
    path(P + "export.<str:fmt>", pictures.export, name="compass-export"),
]
