"""What the recurring themes add: the programme menu's "Themes" link (for every member),
the listener that queues a new analysis when a programme's texts change, and how their
events read in a history."""

from django.utils.translation import gettext_lazy

from samenspel.common.history import register_labels
from samenspel.insights import access, signals
from samenspel.programmes import extensions

# The pages on which the menu's "Themes" link is the current one.
PAGES = frozenset({"themes", "theme-detail", "themes-refresh"})


def register() -> None:
    from samenspel.insights.theme_services import texts_changed

    signals.on_texts_changed(texts_changed)
    extensions.add_menu_link(
        extensions.MenuLink(
            gettext_lazy("Themes"), "themes", access.can_see, current=PAGES, order=30
        )
    )
    register_labels(
        {
            "themes.request": gettext_lazy("New theme analysis asked for"),
            "themes.analyse": gettext_lazy("Themes analysed"),
        }
    )
