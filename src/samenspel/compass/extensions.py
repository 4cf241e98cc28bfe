"""What the compass adds to the programme (programmes.extensions), to the room of a
learning session (learning_sessions.places: the compass round), to the coaching's pages
(coaching.places: goals linked to facets, the coachee's own compass) and how its events
read in a history (common.history). Registered in CompassConfig.ready()."""

from typing import Any

from django.utils.translation import gettext_lazy

from samenspel.coaching import places as coaching_places
from samenspel.common.history import register_labels
from samenspel.compass import access, goals, rounds
from samenspel.compass.constants import Subject
from samenspel.compass.models import Assessment, Compass
from samenspel.learning_sessions import places
from samenspel.programmes import extensions
from samenspel.programmes.access import ProgrammeAccess


def _register_round() -> None:
    """The compass round: a section of the room and one of the board (compass.rounds)."""
    places.add_room_section(places.RoomSection("compass/round_room.html", rounds.room_context))
    places.add_board_section(places.BoardSection("compass/round_board.html", rounds.board_context))
    register_labels(
        {
            "compass_round.open": gettext_lazy("Compass round opened"),
            "compass_round.close": gettext_lazy("Compass round closed"),
        }
    )


def _register_coaching() -> None:
    """A goal's facets and the coachee's own compass on the coaching's pages
    (compass.goals)."""
    coaching_places.add_goal_form_fields(
        coaching_places.GoalFormFields(goals.goal_form_fields, goals.goal_form_save)
    )
    for place in ("coaching", "goals"):
        coaching_places.add_goal_part(
            place, coaching_places.GoalPart("compass/goal_part.html", goals.goal_part)
        )
        coaching_places.add_section(
            place, coaching_places.Section("compass/own_compass.html", goals.own_compass_section)
        )
    register_labels({"coaching.goal_facets": gettext_lazy("Facets of a goal changed")})


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


def _initiative_compass(request: Any, access_: ProgrammeAccess, initiative: Any) -> dict:
    """The compass on an initiative's page: two queries, on a cache miss only."""
    return {
        "initiative": initiative,
        "compass_there": Compass.objects.filter(programme=access_.programme).exists(),
        "answers": Assessment.objects.filter(
            programme=access_.programme, subject=Subject.INITIATIVE, initiative=initiative
        ).count(),
        "can_answer": access.can_answer(access_),
    }


def register() -> None:
    extensions.add_section(
        "initiative",
        extensions.Section("compass/initiative_compass.html", _initiative_compass, order=10),
    )
    extensions.add_menu_link(
        extensions.MenuLink(
            gettext_lazy("Compass"), "compass", access.can_see, current=PAGES, order=15
        )
    )
    _register_round()
    _register_coaching()
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
