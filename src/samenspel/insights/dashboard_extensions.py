"""What the dashboards add to the programme's pages (programmes.extensions): the menu
links "Dashboard" (for those who run the programme) and "Governance overview" (for every
member), and on "my work" the person's open actions.

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
from django.utils.translation import gettext_lazy

from samenspel.insights import dashboards
from samenspel.insights.access import can_run, can_see
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
    extensions.add_menu_link(
        extensions.MenuLink(gettext_lazy("Dashboard"), "dashboard", can_run, order=30)
    )
    extensions.add_menu_link(
        extensions.MenuLink(gettext_lazy("Governance overview"), "governance", can_see, order=31)
    )
    extensions.add_personal_section(
        extensions.PersonalSection("insights/my_actions.html", _my_actions, order=3)
    )
