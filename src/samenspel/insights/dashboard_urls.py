"""Addresses of the dashboards: the facilitator's dashboard and the governance overview
with its PDF and CSV, under the programme like every page a member reads. "My work"
(programmes) gets the civil servant's open actions through dashboard_extensions."""

from django.urls import path

from samenspel.insights import dashboard_views

P = "programmes/<slug:slug>/"

urlpatterns = [
    path(P + "dashboard/", dashboard_views.dashboard, name="dashboard"),
    path(P + "governance/", dashboard_views.governance, name="governance"),
    path(P + "governance/overview.pdf", dashboard_views.governance_pdf, name="governance-pdf"),
    path(P + "governance/initiatives.csv", dashboard_views.governance_csv, name="governance-csv"),
]
