"""Shared models: the audit trail (every state change in Samenspel writes one AuditEvent)
and the Record base of what people write down.

A model whose rows belong to one programme says how to find it in `programme_path`, an
attribute path from a row to the programme's id ("cycle.initiative.programme_id"). Saving
or deleting such a row makes the programme's cached pages stale (programmes.signals), so
no write can leave a page stale, whether or not it went through a service.

Events are append-only. They name the actor (never for anonymous input), the programme
they belong to, the object they concern and a small JSON payload (from/to states, fields).
"""

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Record(models.Model):
    """Who wrote a record (an expectation, a review, a wording of a question), and when."""

    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    recorded_at = models.DateTimeField(_("recorded"), default=timezone.now)

    class Meta:
        abstract = True


class AuditEvent(models.Model):
    programme_path = "programme_id"

    at = models.DateTimeField(_("when"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("who"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    action = models.CharField(_("action"), max_length=64)
    # A plain number, not a foreign key: common is the ground floor and knows no programme.
    programme_id = models.PositiveBigIntegerField(_("programme"), null=True, blank=True)
    target_type = models.ForeignKey(
        ContentType, verbose_name=_("kind of object"), on_delete=models.CASCADE, related_name="+"
    )
    target_id = models.PositiveBigIntegerField(_("object number"))
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["at", "id"]
        indexes = [
            models.Index(fields=["target_type", "target_id", "at"]),
            models.Index(fields=["programme_id", "at"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action}"
