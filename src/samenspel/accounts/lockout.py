"""How django-axes names the account a log-in attempt is for. People type their e-mail
address in any case and with stray spaces; every spelling is the same account (log-in
itself matches case-insensitively, see UserManager.get_by_natural_key), so every
spelling must count towards the same lockout."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest


def normalised_username(request: HttpRequest, credentials: dict[str, Any] | None = None) -> str:
    field = settings.AXES_USERNAME_FORM_FIELD
    source = credentials or getattr(request, "POST", {})
    username = source.get(field)
    return str(username or "").strip().lower()
