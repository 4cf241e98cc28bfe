"""Addresses of accounts: home, log-in, password reset and change, the about page and a
person's own settings."""

from django.contrib.auth import views as auth_views
from django.urls import include, path

from samenspel.accounts import views
from samenspel.accounts.forms import PasswordResetForm

urlpatterns = [
    path("", views.home, name="home"),
    path("about/", views.about, name="about"),
    path("accounts/settings/", views.account_settings, name="account-settings"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
]
