"""What the helicopter part adds to the programme: the menu link "Helicopter view" for
every member, marked on each of its pages (programmes.extensions.MenuLink: decided on
the access answer alone, without a query)."""

from django.utils.translation import gettext_lazy

from samenspel.insights import access
from samenspel.programmes import extensions

PAGES = frozenset({"helicopter", "helicopter-question", "helicopter-cell"})


def register() -> None:
    extensions.add_menu_link(
        extensions.MenuLink(
            gettext_lazy("Helicopter view"), "helicopter", access.can_see, current=PAGES, order=30
        )
    )
