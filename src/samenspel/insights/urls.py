"""Addresses of the helicopter view. Each part has its own list of addresses."""

from samenspel.insights import (
    dashboard_urls,
    helicopter_urls,
    reminder_urls,
    search_urls,
    theme_urls,
)

urlpatterns = [
    *helicopter_urls.urlpatterns,
    *theme_urls.urlpatterns,
    *search_urls.urlpatterns,
    *dashboard_urls.urlpatterns,
    *reminder_urls.urlpatterns,
]
