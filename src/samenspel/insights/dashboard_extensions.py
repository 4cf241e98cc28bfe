"""What the dashboards add to the programme's pages (programmes.extensions): on "my work"
the person's open actions. The dashboard and the governance overview are reached through
the helicopter view's link in the programme's menu and its own navigation
(templates/insights/_views.html).

"My work" already shows a person's open cycles (cycles), next sessions (learning
sessions) and quotes waiting for consent (journal); the actions of learning sessions
were missing. Actions are written in a session without raising the programme's data
version (learning_sessions.models: scoped versions), so "my work", cached per data
version of the person's programmes, shows a new or reviewed action once its session
moves to its next phase or closes (each audited with the programme) or the next day.
"""

from typing import Any

from django.http import HttpRequest
from django.utils import timezone

from samenspel.insights import dashboards
from samenspel.programmes import extensions


def _my_actions(request: HttpRequest, memberships: list[Any]) -> dict[str, Any]:
    """Two queries, whatever the number of actions."""
    user: Any = request.user
    return {
        "mine": dashboards.my_open_actions(
            user=user, programme_ids=[membership.programme_id for membership in memberships]
        ),
        "has_programmes": bool(memberships),
        "today": timezone.localdate(),
    }


def register() -> None:
    extensions.add_personal_section(
        extensions.PersonalSection("insights/my_actions.html", _my_actions, order=3)
    )
