"""Account forms that differ from Django's own."""

from collections.abc import Iterator
from typing import Any

from django import forms
from django.contrib.auth import forms as auth_forms
from django.utils.translation import gettext_lazy as _

from samenspel.accounts.models import User


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Also for accounts that have no password yet: a member who was invited but whose
    invitation link expired asks for a new link with "Forgot your password?". (Django
    skips such accounts, for sites where they log in some other way; here they don't.)"""

    def get_users(self, email: str) -> Iterator[Any]:
        return iter(User.objects.filter(email__iexact=email, is_active=True))


class SettingsForm(forms.Form):
    """A person's own settings. Today: whether they get e-mail reminders."""

    reminders = forms.BooleanField(
        label=_("Send me e-mail reminders"),
        required=False,
        help_text=_(
            "At most one e-mail a day, only on days when something is due: cycles and "
            "actions that are due soon or overdue, quotes that wait for your consent, and "
            "learning sessions of tomorrow."
        ),
    )
