"""What the compass adds to the programme (programmes.extensions) and how its events read
in a history (common.history). Registered in CompassConfig.ready()."""

from django.utils.translation import gettext_lazy

from samenspel.common.history import register_labels
from samenspel.compass import access
from samenspel.programmes import extensions

# Every page of the compass marks the programme menu's "Compass" tab.
PAGES = frozenset(
    {
        "compass",
        "compass-setup",
        "compass-facets",
        "compass-facet-edit",
        "compass-facet-delete",
        "compass-answer",
        "compass-answers",
        "compass-assessment-delete",
        "compass-links",
        "compass-link-close",
        "compass-trend",
        "compass-chart",
        "compass-export",
        "compass-personal",
    }
)


def register() -> None:
    extensions.add_menu_link(
        extensions.MenuLink(
            gettext_lazy("Compass"), "compass", access.can_see, current=PAGES, order=15
        )
    )
    register_labels(
        {
            "compass.create": gettext_lazy("Compass chosen"),
            "compass.template": gettext_lazy("Compass started again from a template"),
            "compass.update": gettext_lazy("Compass core changed"),
            "facet.add": gettext_lazy("Facet added"),
            "facet.update": gettext_lazy("Facet changed"),
            "facet.move": gettext_lazy("Facet moved"),
            "facet.retire": gettext_lazy("Facet retired"),
            "facet.restore": gettext_lazy("Facet back in use"),
            "facet.delete": gettext_lazy("Facet deleted"),
            "assessment.record": gettext_lazy("Compass answered"),
            "assessment.delete": gettext_lazy("Compass answer taken back"),
            "link.create": gettext_lazy("Answer link made"),
            "link.close": gettext_lazy("Answer link closed"),
            "link.reopen": gettext_lazy("Answer link opened again"),
        }
    )
