"""What the compass adds to the programme (programmes.extensions), to the room of a
learning session (learning_sessions.places: the compass round) and how its events read
in a history (common.history). Registered in CompassConfig.ready()."""

from django.utils.translation import gettext_lazy

from samenspel.common.history import register_labels
from samenspel.compass import rounds
from samenspel.learning_sessions import places


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


def register() -> None:
    _register_round()
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
