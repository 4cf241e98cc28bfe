"""Account forms that differ from Django's own."""

from collections.abc import Iterator
from typing import Any

from django.contrib.auth import forms as auth_forms

from samenspel.accounts.models import User


class PasswordResetForm(auth_forms.PasswordResetForm):
    """Also for accounts that have no password yet: a member who was invited but whose
    invitation link expired asks for a new link with "Forgot your password?". (Django
    skips such accounts, for sites where they log in some other way; here they don't.)"""

    def get_users(self, email: str) -> Iterator[Any]:
        return iter(User.objects.filter(email__iexact=email, is_active=True))
