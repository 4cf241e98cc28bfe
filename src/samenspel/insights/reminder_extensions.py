"""What the reminders add elsewhere: a short section on "my work" that leads to the
person's settings, where they turn e-mail reminders on or off; and how their events read
in a history (common.history). Registered through insights.extensions.register()."""

from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext_lazy

from samenspel.common.history import register_labels
from samenspel.programmes import extensions


def _nothing(request: HttpRequest, memberships: list[Any]) -> dict[str, Any]:
    # No query and nothing personal: "my work" is cached per the person's programmes'
    # data versions, which a change of this setting does not raise; so the section
    # shows no on/off state, only the way to the settings page.
    return {}


def register() -> None:
    extensions.add_personal_section(
        extensions.PersonalSection("insights/reminders/personal.html", _nothing, order=90)
    )
    register_labels(
        {
            "user.reminders": gettext_lazy("E-mail reminders turned on or off"),
            "reminder.sent": gettext_lazy("Reminder e-mail sent"),
            "reminder.failed": gettext_lazy("Reminder e-mail could not be sent"),
        }
    )
