"""A programme's compass, its facets, the assessments people make on it, and the links
through which residents answer without an account (DESIGN.md §5).

An assessment is one answer sheet: one respondent (or nobody, when anonymous), one
perspective group, one subject, one day; it holds a score per facet. The scores carry no
programme_path: they are written only together with their assessment (bulk, in
compass.services), whose save already makes the programme's cached pages stale once.
"""

import secrets
import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from samenspel.compass.constants import (
    CORE_MAX,
    FACET_DESCRIPTION_MAX,
    FACET_NAME_MAX,
    SCORE_MAX,
    SCORE_MIN,
    FacetColour,
    Perspective,
    Subject,
)


class Compass(models.Model):
    programme_path = "programme_id"

    programme = models.OneToOneField(
        "programmes.Programme", on_delete=models.CASCADE, related_name="compass"
    )
    core = models.CharField(_("core"), max_length=CORE_MAX)
    # The template the facets were copied from ("" for one's own facets); a record, the
    # facets themselves are the compass's own and may be edited.
    template = models.CharField(_("template"), max_length=32, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("compass")
        verbose_name_plural = _("compasses")

    def __str__(self) -> str:
        return self.core


class Facet(models.Model):
    """A direction of the compass ("windrichting"). One with answers is never deleted:
    it can be renamed or retired (then nobody answers it any more, and its history
    stays in every picture)."""

    programme_path = "compass.programme_id"

    compass = models.ForeignKey(Compass, on_delete=models.CASCADE, related_name="facets")
    position = models.PositiveSmallIntegerField(_("position"))
    name = models.CharField(_("name"), max_length=FACET_NAME_MAX)
    description = models.CharField(_("description"), max_length=FACET_DESCRIPTION_MAX, blank=True)
    colour = models.CharField(
        _("colour"), max_length=16, choices=FacetColour.choices, default=FacetColour.BLUE
    )
    retired_at = models.DateTimeField(_("retired"), null=True, blank=True)

    class Meta:
        verbose_name = _("facet")
        verbose_name_plural = _("facets")
        ordering = ["compass", "position", "id"]
        constraints = [
            models.UniqueConstraint(fields=["compass", "name"], name="facet_name_unique"),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def retired(self) -> bool:
        return self.retired_at is not None


def new_link_key() -> str:
    """32 characters, the column's length (token_urlsafe() alone gives 43, which
    PostgreSQL refuses)."""
    return secrets.token_urlsafe(24)


class AnswerLink(models.Model):
    """An address through which residents answer without an account, about one subject.
    Its answers are anonymous; it can be closed, after which it refuses new answers."""

    programme_path = "programme_id"

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    title = models.CharField(_("title"), max_length=200)
    subject = models.CharField(
        _("subject"), max_length=16, choices=Subject.choices, default=Subject.PROGRAMME
    )
    initiative = models.ForeignKey(
        "programmes.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    key = models.CharField(max_length=32, unique=True, default=new_link_key)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("answer link")
        verbose_name_plural = _("answer links")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return self.title

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class Assessment(models.Model):
    programme_path = "programme_id"

    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    subject = models.CharField(_("subject"), max_length=16, choices=Subject.choices)
    initiative = models.ForeignKey(
        "programmes.Initiative",
        verbose_name=_("initiative"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    session = models.ForeignKey(
        "learning_sessions.LearningSession",
        verbose_name=_("learning session"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # The person a self-assessment is about: always its respondent.
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("person"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    perspective = models.CharField(_("perspective"), max_length=16, choices=Perspective.choices)
    # Nobody when anonymous: then nothing here (or in its audit event) names a person.
    respondent = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("respondent"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    anonymous = models.BooleanField(_("anonymous"), default=False)
    link = models.ForeignKey(
        AnswerLink, null=True, blank=True, on_delete=models.SET_NULL, related_name="assessments"
    )
    # The day only, no time of writing: an anonymous answer's moment could be set beside
    # what its writer did at that moment (docs/privacy.md).
    assessed_on = models.DateField(_("day"))

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-id"]
        indexes = [
            # Covers the figures' counting (compass.selectors): the assessments of one
            # subject in a period, with the perspective they answered for, read from the
            # index alone (bench/compass.py).
            models.Index(fields=["programme", "subject", "assessed_on", "perspective"]),
            models.Index(fields=["person", "assessed_on"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(anonymous=False) | models.Q(respondent__isnull=True),
                name="assessment_anonymous_has_no_respondent",
            ),
            models.CheckConstraint(
                condition=(
                    models.Q(
                        subject=Subject.PROGRAMME,
                        initiative__isnull=True,
                        session__isnull=True,
                        person__isnull=True,
                    )
                    | models.Q(
                        subject=Subject.INITIATIVE,
                        initiative__isnull=False,
                        session__isnull=True,
                        person__isnull=True,
                    )
                    | models.Q(
                        subject=Subject.SESSION,
                        initiative__isnull=True,
                        session__isnull=False,
                        person__isnull=True,
                    )
                    | models.Q(
                        subject=Subject.PERSON,
                        initiative__isnull=True,
                        session__isnull=True,
                        person__isnull=False,
                    )
                ),
                name="assessment_subject_matches",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_subject_display()} · {self.assessed_on}"


class Score(models.Model):
    """One facet's answer in an assessment: where it stands now (0 to 10), optionally where
    it should be, and a note that says why."""

    assessment = models.ForeignKey(Assessment, on_delete=models.CASCADE, related_name="scores")
    # RESTRICT, not PROTECT: a facet with answers is never deleted on its own, but goes
    # with its programme (whose assessments and scores go in the same cascade).
    facet = models.ForeignKey(Facet, on_delete=models.RESTRICT, related_name="scores")
    current = models.PositiveSmallIntegerField(
        _("now"), validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)]
    )
    desired = models.PositiveSmallIntegerField(
        _("desired"),
        null=True,
        blank=True,
        validators=[MinValueValidator(SCORE_MIN), MaxValueValidator(SCORE_MAX)],
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        verbose_name = _("score")
        verbose_name_plural = _("scores")
        constraints = [
            models.UniqueConstraint(fields=["assessment", "facet"], name="score_once_per_facet"),
            models.CheckConstraint(
                condition=models.Q(current__gte=SCORE_MIN, current__lte=SCORE_MAX),
                name="score_current_in_range",
            ),
            models.CheckConstraint(
                condition=models.Q(desired__isnull=True)
                | models.Q(desired__gte=SCORE_MIN, desired__lte=SCORE_MAX),
                name="score_desired_in_range",
            ),
        ]
        indexes = [
            models.Index(fields=["facet", "current"]),
            # Covers the histograms: an assessment's scores read from the index alone.
            models.Index(fields=["assessment", "facet", "current", "desired"]),
        ]

    def __str__(self) -> str:
        return f"{self.facet_id}: {self.current}"


class LinkVisit(models.Model):
    """A used visit key of an answer link: one visit sends one assessment. The key itself
    is signed, not stored, while the visit is open (compass.services.link_visit_start);
    sending stores its keyed hash here, with the day only, so that the same form cannot
    send twice. Holds no address and no time, and no tie to the assessment it became."""

    link = models.ForeignKey(AnswerLink, on_delete=models.CASCADE, related_name="+")
    key_hash = models.CharField(max_length=64, unique=True)
    # Kept while a key of that day could still be sent (a key lasts a day), then cleared.
    used_on = models.DateField()

    class Meta:
        verbose_name = _("answer-link visit")
        verbose_name_plural = _("answer-link visits")

    def __str__(self) -> str:
        return str(self.used_on)


class GoalFacet(models.Model):
    """A coachee's development goal linked to a facet it works on. Lives here, on the
    compass's floor, so that coaching knows nothing of the compass; private like the
    goal (no programme_path: the programme's pages never show it)."""

    goal = models.ForeignKey("coaching.DevelopmentGoal", on_delete=models.CASCADE, related_name="+")
    facet = models.ForeignKey(Facet, on_delete=models.CASCADE, related_name="+")

    class Meta:
        verbose_name = _("facet of a goal")
        verbose_name_plural = _("facets of goals")
        constraints = [
            models.UniqueConstraint(fields=["goal", "facet"], name="goal_facet_once"),
        ]

    def __str__(self) -> str:
        return f"{self.goal_id} · {self.facet_id}"


class CompassRound(models.Model):
    """A compass round in a learning session: while it is open, every participant
    answers the compass about the session once, and the board shows the aggregate."""

    session = models.OneToOneField(
        "learning_sessions.LearningSession", on_delete=models.CASCADE, related_name="+"
    )
    opened_at = models.DateTimeField(_("opened"), auto_now_add=True)
    closed_at = models.DateTimeField(_("closed"), null=True, blank=True)

    class Meta:
        verbose_name = _("compass round")
        verbose_name_plural = _("compass rounds")

    def __str__(self) -> str:
        return str(self.session_id)

    @property
    def is_open(self) -> bool:
        return self.closed_at is None


class RoundResponse(models.Model):
    """Whether a participant has answered in a round: like a participant's votes_used,
    the only trace per person, with no tie to the (possibly anonymous) assessment. The
    row is made before its participant answers (when the round opens, or when they first
    see it) and answering only ticks `answered`: rows made at the moment of answering
    would stand in the order of the answers, beside the assessments in the same order.
    Its key is random, not a counter, for the same reason."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    round = models.ForeignKey(CompassRound, on_delete=models.CASCADE, related_name="+")
    participant = models.ForeignKey(
        "learning_sessions.Participant", on_delete=models.CASCADE, related_name="+"
    )
    answered = models.BooleanField(default=False)

    class Meta:
        verbose_name = _("answer in a round")
        verbose_name_plural = _("answers in a round")
        constraints = [
            models.UniqueConstraint(fields=["round", "participant"], name="round_answer_once"),
        ]

    def __str__(self) -> str:
        return f"{self.round_id} · {self.participant_id}"
