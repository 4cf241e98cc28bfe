"""Addresses of the recurring themes."""

from django.urls import URLPattern, path

from samenspel.insights import theme_views

P = "programmes/<slug:slug>/themes/"

urlpatterns: list[URLPattern] = [
    path(P, theme_views.themes, name="themes"),
    path(P + "refresh/", theme_views.themes_refresh, name="themes-refresh"),
    path(P + "<int:theme_id>/", theme_views.theme_detail, name="theme-detail"),
]
