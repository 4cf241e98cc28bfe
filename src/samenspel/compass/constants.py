"""The words of the compass: perspective groups, subjects, the colours a facet can take,
the two templates that ship, and the bounds of a score."""

from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db import models
from django.utils.translation import gettext_lazy as _

from samenspel.programmes.constants import Role

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

SCORE_MIN = 0
SCORE_MAX = 10
SCORES = range(SCORE_MIN, SCORE_MAX + 1)

# Two perspective groups whose medians differ by this many points or more show in the
# gap list.
GAP_THRESHOLD = 2

# A compass stays readable as a radar, and answerable on one page.
MAX_FACETS = 12
FACET_NAME_MAX = 80
FACET_DESCRIPTION_MAX = 300
NOTE_MAX = 1000
CORE_MAX = 300

# An assessment's day: not in the future, and (without a programme start) not more than
# this many years back, so that a mistyped year is caught.
MAX_YEARS_BACK = 10


class Perspective(models.TextChoices):
    """The group a respondent answers for. The order is the order of every legend."""

    RESIDENTS = "residents", _("Residents")
    CIVIL_SERVANTS = "civil_servants", _("Civil servants")
    GOVERNANCE = "governance", _("Council and board")
    FACILITATOR = "facilitator", _("Facilitator")


# The perspective of a member who answers in the interface follows from their role.
# The province (partner) and an administrator answer from the government side.
PERSPECTIVE_OF_ROLE = {
    Role.FACILITATOR: Perspective.FACILITATOR,
    Role.CIVIL_SERVANT: Perspective.CIVIL_SERVANTS,
    Role.GOVERNANCE: Perspective.GOVERNANCE,
    Role.INITIATOR: Perspective.RESIDENTS,
    Role.PARTNER: Perspective.GOVERNANCE,
    Role.ADMINISTRATOR: Perspective.CIVIL_SERVANTS,
}


class Subject(models.TextChoices):
    """What an assessment is about."""

    PROGRAMME = "programme", _("The programme")
    INITIATIVE = "initiative", _("An initiative")
    SESSION = "session", _("A learning session")
    PERSON = "person", _("Myself")


class FacetColour(models.TextChoices):
    """Colours dark enough to read as lines and labels on white (contrast 4.5:1 or more)
    and apart from each other in print; a chart never relies on colour alone."""

    BLUE = "blue", _("Blue")
    GREEN = "green", _("Green")
    ORANGE = "orange", _("Orange")
    PURPLE = "purple", _("Purple")
    RED = "red", _("Red")
    TEAL = "teal", _("Teal")
    BROWN = "brown", _("Brown")
    GREY = "grey", _("Grey")


COLOUR_HEX = {
    FacetColour.BLUE: "#1f5aa6",
    FacetColour.GREEN: "#2e6b30",
    FacetColour.ORANGE: "#a14c00",
    FacetColour.PURPLE: "#6a3d9a",
    FacetColour.RED: "#b0252a",
    FacetColour.TEAL: "#00676b",
    FacetColour.BROWN: "#6d4c2f",
    FacetColour.GREY: "#4d4d4d",
}


@dataclass(frozen=True)
class FacetTemplate:
    name: "StrPromise"
    description: "StrPromise"
    colour: str


@dataclass(frozen=True)
class CompassTemplate:
    key: str
    title: "StrPromise"
    core: "StrPromise"
    facets: tuple[FacetTemplate, ...]


# The two templates (DESIGN.md §5). Source strings are English; a compass stores them in
# the language of whoever chose the template, and may then edit them.
TEMPLATES = {
    "government_roles": CompassTemplate(
        "government_roles",
        _("Four government roles"),
        _("Learning by experimenting"),
        (
            FacetTemplate(
                _("Lawful government"),
                _("Equal treatment, rules and procedures carefully applied."),
                FacetColour.BLUE,
            ),
            FacetTemplate(
                _("Performing government"),
                _("Results and services delivered efficiently, as promised."),
                FacetColour.ORANGE,
            ),
            FacetTemplate(
                _("Networking government"),
                _("Working with partners and residents on shared tasks."),
                FacetColour.GREEN,
            ),
            FacetTemplate(
                _("Responsive government"),
                _("Following and supporting what residents start themselves."),
                FacetColour.PURPLE,
            ),
        ),
    ),
    "participation_ladder": CompassTemplate(
        "participation_ladder",
        _("Government participation ladder"),
        _("Letting go with trust"),
        (
            FacetTemplate(
                _("Letting go"),
                _("The municipality steps back; residents carry it themselves."),
                FacetColour.TEAL,
            ),
            FacetTemplate(
                _("Facilitating"),
                _("The municipality helps with means, rooms or knowledge."),
                FacetColour.GREEN,
            ),
            FacetTemplate(
                _("Stimulating"),
                _("The municipality encourages and inspires initiatives."),
                FacetColour.BLUE,
            ),
            FacetTemplate(
                _("Directing"),
                _("The municipality sets the frame and steers the process."),
                FacetColour.ORANGE,
            ),
            FacetTemplate(
                _("Regulating"),
                _("The municipality decides with rules, permits and enforcement."),
                FacetColour.RED,
            ),
        ),
    ),
}
DEFAULT_TEMPLATE = "government_roles"
# Start with no facets and write one's own.
OWN_FACETS = "own"
