"""What the voices of the travel report add to "my work" (programmes.extensions): how
many quotes wait for the person's consent, per programme, with the way to answer.
Registered through register_voice_sections(), called from journal.extensions.register."""

from typing import Any

from django.http import HttpRequest

from samenspel.journal import voice_selectors
from samenspel.programmes import extensions


def _waiting(request: HttpRequest, memberships: list[Any]) -> dict[str, Any]:
    """One query. "My work" is cached per data version of the person's programmes, which
    every voice's change raises (its audit event names the programme)."""
    user: Any = request.user
    return {
        "waiting": voice_selectors.voices_awaiting_consent(
            user=user, programme_ids=[membership.programme_id for membership in memberships]
        )
    }


def register_voice_sections() -> None:
    extensions.add_personal_section(
        extensions.PersonalSection("journal/voices/personal.html", _waiting, order=1)
    )
