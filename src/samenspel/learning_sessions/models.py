"""Collective learning sessions (leersessies): the session and its agenda, the people
who take part, and what the session produces — contributions, themes, insights, actions
and proposed updates of the learning agenda.

Two rules shape these tables.

*Scoped versions.* A session's rows carry no `programme_path` (common.models): writing a
contribution or a vote raises only the session's own `version`, which the live board
polls, and never makes the programme's cached pages stale. The services raise the
programme's data_version themselves at the few moments the programme's pages change
(a session planned, moved to another date, closed).

*Anonymity.* In an anonymous session a contribution stores no author and nothing that
could point to one: its key is random (not a counter), it has no time of its own (the
phase says when it was written), and it is shown in the order of a random sort key. A
vote is not stored as a row at all: a theme counts its votes, and a participant counts
the votes they used, apart from each other (docs/privacy.md).
"""

import secrets
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenspel.learning_sessions.constants import (
    DEFAULT_VOTES,
    ActionStatus,
    InsightKind,
    ProposalKind,
    SessionKind,
    SessionPhase,
)


def new_watch_key() -> str:
    return secrets.token_urlsafe(18)


def random_sort_key() -> int:
    return uuid.uuid4().int >> 100  # 28 random bits: an order that follows nothing


class Course(models.Model):
    """A series of course days with a fixed cohort (e.g. four days for 25 employees)."""

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="courses"
    )
    name = models.CharField(_("name"), max_length=200)
    cohort = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("cohort"), blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("course")
        verbose_name_plural = _("courses")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class LearningSession(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="learning_sessions"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices)
    title = models.CharField(_("title"), max_length=200)
    starts_at = models.DateTimeField(_("starts"))
    ends_at = models.DateTimeField(_("ends"))
    place = models.CharField(_("place"), max_length=200, blank=True)
    facilitator = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("facilitator"),
        on_delete=models.PROTECT,
        related_name="facilitated_sessions",
    )
    course = models.ForeignKey(
        Course,
        verbose_name=_("course"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="days",
    )
    phase = models.CharField(
        _("phase"), max_length=16, choices=SessionPhase.choices, default=SessionPhase.PLANNED
    )
    anonymous = models.BooleanField(
        _("anonymous input"),
        default=True,
        help_text=_("Contributions are stored without their writer. Fixed once input opens."),
    )
    # The session's rule for the travel report, stated before input opens like anonymity:
    # whether its anonymous contributions may be quoted there (by role, never by name).
    quotable = models.BooleanField(
        _("anonymous contributions may be quoted in the travel report"),
        default=False,
        help_text=_("Without a name. Fixed once input opens, like anonymity."),
    )
    votes_per_person = models.PositiveSmallIntegerField(
        _("votes per person"), default=DEFAULT_VOTES
    )
    # The questions the participants answer in silent input, copied when the session is
    # planned so that a later change of the programme's questions changes nothing here.
    questions = models.JSONField(_("questions"), default=list)
    agenda_cycles = models.ManyToManyField(
        "cycles.LearningCycle", verbose_name=_("cycles to review"), blank=True, related_name="+"
    )
    agenda_questions = models.ManyToManyField(
        "programmes.LearningQuestion",
        verbose_name=_("learning questions"),
        blank=True,
        related_name="+",
    )
    # Guests join with this code; it is cleared when the session closes.
    join_code = models.CharField(_("join code"), max_length=8, null=True, blank=True, unique=True)
    # Raised by every change in the session; what the live board polls (docs/decisions).
    version = models.PositiveBigIntegerField(default=1, editable=False)
    # The live board's address names the session by this key, not by its number, so that
    # a poll needs no log-in and no session lookup (it answers only a version number).
    watch_key = models.CharField(max_length=32, unique=True, default=new_watch_key, editable=False)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)
    report_note = models.TextField(_("closing words"), blank=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("learning session")
        verbose_name_plural = _("learning sessions")
        ordering = ["-starts_at", "-id"]
        indexes = [models.Index(fields=["programme", "starts_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")),
                name="session_ends_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(votes_per_person__gte=1, votes_per_person__lte=20),
                name="session_votes_per_person",
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Participant(models.Model):
    """Someone who takes part: a member of the programme (user) or a guest who joined with
    the code (display name only). `votes_used` is the only trace of voting per person."""

    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="participants"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    display_name = models.CharField(_("name"), max_length=80, blank=True)
    # How the participant is named when the session is anonymous: a role, never a name.
    role_label = models.CharField(max_length=32, blank=True)
    votes_used = models.PositiveSmallIntegerField(default=0)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("participant")
        verbose_name_plural = _("participants")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "user"],
                condition=models.Q(user__isnull=False),
                name="participant_once_per_session",
            )
        ]

    def __str__(self) -> str:
        return self.display_name or str(self.user)

    @property
    def is_guest(self) -> bool:
        return self.user_id is None


class Theme(models.Model):
    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="themes")
    title = models.CharField(_("title"), max_length=200)
    votes = models.PositiveIntegerField(_("votes"), default=0)
    discussion = models.TextField(_("what was said"), blank=True)
    position = models.PositiveIntegerField(default=0)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Contribution(models.Model):
    # A random key: a counter would tell the order in which contributions came in.
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    session = models.ForeignKey(
        LearningSession, on_delete=models.CASCADE, related_name="contributions"
    )
    question = models.PositiveSmallIntegerField(_("question"))
    cycle = models.ForeignKey(
        "cycles.LearningCycle",
        verbose_name=_("cycle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    text = models.TextField(_("contribution"))
    # Empty in an anonymous session, always.
    author = models.ForeignKey(
        Participant, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="contributions"
    )
    sort_key = models.PositiveIntegerField(default=random_sort_key)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        ordering = ["question", "sort_key", "id"]
        indexes = [models.Index(fields=["session", "question", "sort_key"])]

    def __str__(self) -> str:
        return self.text[:60]


class Insight(models.Model):
    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="insights")
    text = models.TextField(_("insight"))
    kind = models.CharField(_("kind"), max_length=16, choices=InsightKind.choices)
    theme = models.ForeignKey(
        Theme, null=True, blank=True, on_delete=models.SET_NULL, related_name="insights"
    )
    learning_questions = models.ManyToManyField(
        "programmes.LearningQuestion",
        verbose_name=_("learning questions"),
        blank=True,
        related_name="session_insights",
    )
    initiatives = models.ManyToManyField(
        "programmes.Initiative",
        verbose_name=_("initiatives"),
        blank=True,
        related_name="session_insights",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("insight")
        verbose_name_plural = _("insights")
        ordering = ["id"]

    def __str__(self) -> str:
        return self.text[:60]


class Action(models.Model):
    """An owned follow-up with a due date, reviewed at a later session of the programme."""

    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="actions")
    text = models.TextField(_("action"))
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("owner"),
        on_delete=models.PROTECT,
        related_name="session_actions",
    )
    due_on = models.DateField(_("due"))
    status = models.CharField(
        _("status"), max_length=16, choices=ActionStatus.choices, default=ActionStatus.OPEN
    )
    reviewed_in = models.ForeignKey(
        LearningSession,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="reviewed_actions",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["due_on", "id"]
        indexes = [models.Index(fields=["status", "due_on"])]

    def __str__(self) -> str:
        return self.text[:60]


class AgendaProposal(models.Model):
    """A proposed update of a learning question, applied when the session closes (the
    learning agenda keeps every wording as a version)."""

    session = models.ForeignKey(LearningSession, on_delete=models.CASCADE, related_name="proposals")
    question = models.ForeignKey(
        "programmes.LearningQuestion", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(_("proposal"), max_length=16, choices=ProposalKind.choices)
    text = models.TextField(_("new wording or answer"), blank=True)
    applied = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("proposed update of the learning agenda")
        verbose_name_plural = _("proposed updates of the learning agenda")
        ordering = ["id"]

    def __str__(self) -> str:
        return f"{self.question_id}: {self.kind}"


class JoinThrottle(models.Model):
    """Join attempts counted per window, per address and per code. The key is a keyed
    hash: the table never holds an address or a code in the clear."""

    key = models.CharField(max_length=64)
    window = models.PositiveBigIntegerField()
    attempts = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["key", "window"], name="join_throttle_unique")
        ]

    def __str__(self) -> str:
        return f"{self.window}: {self.attempts}"


class CalendarFeed(models.Model):
    """A private, revocable address of an iCalendar feed of sessions: of one person's
    sessions, or (with a programme) of all sessions of that programme."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feeds"
    )
    programme = models.ForeignKey(
        "programmes.Programme", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    token = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "programme"],
                condition=models.Q(programme__isnull=False),
                name="one_programme_calendar_feed",
            ),
            models.UniqueConstraint(
                fields=["user"],
                condition=models.Q(programme__isnull=True),
                name="one_personal_calendar_feed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id}/{self.programme_id or '-'}"
