from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    """The roles of DESIGN.md §1. A role belongs to a membership of one programme."""

    FACILITATOR = "facilitator", _("Facilitator")
    CIVIL_SERVANT = "civil_servant", _("Civil servant")
    GOVERNANCE = "governance", _("Governance member")
    INITIATOR = "initiator", _("Initiator")
    PARTNER = "partner", _("Partner")
    ADMINISTRATOR = "administrator", _("Administrator")
