"""Addresses of the search part of the helicopter view: one page, for every logged-in
user, over the programmes they are a member of."""

from django.urls import path

from samenspel.insights import search_views

urlpatterns = [
    path("search/", search_views.search_page, name="search"),
]
