"""The ledger of reminder e-mails: one digest per person per day, and the items it carried.

A digest row is the claim on a person's mail of one day. Its unique (user, day) makes
the claim atomic on any database: of two runs that insert it at the same moment, one
gets an IntegrityError and leaves the person alone. Every later change of the row is a
compare-and-set on its `token` (a fresh random value at each claim), so a run that lost
its claim to another (it was too slow, its claim went stale) changes nothing. How the
states follow each other, and why no mail goes twice: reminder_services.
"""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class DigestState(models.TextChoices):
    CLAIMED = "claimed", _("Claimed")  # a run is putting the mail together
    SENDING = "sending", _("Sending")  # handed to the e-mail back-end, result not yet stored
    SENT = "sent", _("Sent")
    FAILED = "failed", _("Failed")  # the back-end refused it; the next run tries again
    # A run stopped while sending: it is unknown whether the mail went out, so it is not
    # sent again (the items come back in the next day's digest if still open).
    INTERRUPTED = "interrupted", _("Interrupted while sending")


class ReminderDigest(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="+",
        verbose_name=_("person"),
    )
    day = models.DateField(_("day"))
    state = models.CharField(_("state"), max_length=16, choices=DigestState.choices)
    # Changed at every claim; the claiming run's changes are made only while it holds.
    token = models.CharField(max_length=32)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    claimed_at = models.DateTimeField(_("claimed"))
    sent_at = models.DateTimeField(_("sent"), null=True, blank=True)
    items = models.PositiveSmallIntegerField(_("items"), default=0)
    # The error of the last failed attempt: the exception's class and message, cut short.
    last_error = models.CharField(_("last error"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("reminder e-mail")
        verbose_name_plural = _("reminder e-mails")
        ordering = ["-day", "user_id"]
        constraints = [
            models.UniqueConstraint(fields=["user", "day"], name="reminder_digest_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.day} · {self.state}"


class ReminderItem(models.Model):
    """One item that went out in a digest ("cycle:12:review_due", "action:45", …): a key
    of ids only, never the item's text."""

    digest = models.ForeignKey(ReminderDigest, on_delete=models.CASCADE, related_name="sent_items")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    day = models.DateField(_("day"))
    key = models.CharField(_("item"), max_length=64)

    class Meta:
        verbose_name = _("reminded item")
        verbose_name_plural = _("reminded items")
        constraints = [
            models.UniqueConstraint(fields=["user", "key", "day"], name="reminder_item_once_a_day")
        ]

    def __str__(self) -> str:
        return f"{self.user_id} · {self.day} · {self.key}"
