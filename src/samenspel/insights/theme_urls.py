"""Addresses of the theme part of the helicopter view (filled in by its builder)."""

from django.urls import URLPattern

urlpatterns: list[URLPattern] = []
