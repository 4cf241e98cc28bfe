"""All of Samenspel's web addresses: each app has its own urls.py."""

from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("samenspel.accounts.urls")),
    path("", include("samenspel.programmes.urls")),
    path("", include("samenspel.cycles.urls")),
    path("", include("samenspel.learning_sessions.urls")),
    path("", include("samenspel.coaching.urls")),
    path("", include("samenspel.compass.urls")),
    path("", include("samenspel.journal.urls")),
    path("", include("samenspel.insights.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
]
