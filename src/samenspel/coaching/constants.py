"""The words of coaching: who takes part, a goal's status, and the bounds of its dates."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from samenspel.programmes.constants import Role

# A facilitator (procesbegeleider) coaches; a civil servant (ambtenaar) is coached
# (DESIGN.md §1). The roles are checked when a coaching starts; a later change of role
# does not end it.
COACH_ROLES = [Role.FACILITATOR]
COACHEE_ROLES = [Role.CIVIL_SERVANT]

# A programme without a start date still has no coaching from the distant past: a date
# more than this many years ago is a typing error.
MAX_YEARS_BACK = 10

# A development goal is one or two sentences: it is the heading of its course.
GOAL_MAX = 300

# Conversations on one page of a coaching, the newest first.
CONVERSATIONS_PER_PAGE = 10


class GoalStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACHIEVED = "achieved", _("Achieved")
    DROPPED = "dropped", _("Dropped")


CLOSED_STATUSES = [GoalStatus.ACHIEVED, GoalStatus.DROPPED]
