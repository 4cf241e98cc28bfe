"""Addresses of the reminder part of the helicopter view: the stop link in the reminder
e-mail (no log-in: the signed token names the person). The settings page where a person
turns reminders on or off is the accounts app's (`account-settings`)."""

from django.urls import URLPattern, path

from samenspel.insights import reminder_views

urlpatterns: list[URLPattern] = [
    path("reminders/stop/<str:token>/", reminder_views.reminders_stop, name="reminders-stop"),
]
