"""What the helicopter part adds to the programme: the menu link "Helicopter view" for
every member, marked on each of its pages (programmes.extensions.MenuLink: decided on
the access answer alone, without a query)."""

from django.utils.translation import gettext_lazy

from samenspel.insights import access
from samenspel.programmes import extensions

# Every page of the helicopter view: the one menu link is current on each, and the
# view's own navigation (templates/insights/_views.html) leads between them.
PAGES = frozenset(
    {
        "helicopter",
        "helicopter-question",
        "helicopter-cell",
        "themes",
        "theme-detail",
        "governance",
        "dashboard",
    }
)


def register() -> None:
    extensions.add_menu_link(
        extensions.MenuLink(
            gettext_lazy("Helicopter view"), "helicopter", access.can_see, current=PAGES, order=30
        )
    )
