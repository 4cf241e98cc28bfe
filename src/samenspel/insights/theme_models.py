"""The stored result of the recurring themes: an analysis of a programme's texts
(ThemeAnalysis), its themes (Theme) and which texts each holds (ThemeText).

The pages read only these rows; the analysis itself runs on the task queue
(insights.theme_services, theme_tasks). A new analysis is a new row: the last finished
one stays readable while it runs, and is removed once a newer one has finished.

Deliberately no `programme_path` (common.models): the result is derived from the
programme's texts and changes nothing that its other pages show; and each analysis
records the programme's data version it read, which its own writes must leave alone,
or every analysis would make itself stale (and queue the next).

A ThemeText is a reference, not a copy: the kind and key of its source row (a review's
answer, an observation, a contribution, an insight), with the initiative, area and day
for the theme's figures. The words are read from the source when a page shows them,
so a text changed or removed later is shown as it is now, and no author of anonymous
input is ever stored here (a contribution has none; this table has no field for one).
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.insights.theme_constants import AnalysisState, TextKind


class ThemeAnalysis(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="theme_analyses"
    )
    state = models.CharField(
        _("state"), max_length=8, choices=AnalysisState.choices, default=AnalysisState.QUEUED
    )
    # The programme's data version the analysed texts were read at.
    data_version = models.PositiveBigIntegerField(default=0)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    texts = models.PositiveIntegerField(_("texts"), default=0)
    outside = models.PositiveIntegerField(default=0)  # texts in no theme
    # Why a finished analysis found no themes: "too_few" texts, or "no_structure".
    reason = models.CharField(max_length=16, blank=True)
    # The first day of each quarter from the first text to the last: the themes' trends.
    quarters = models.JSONField(default=list, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        verbose_name = _("theme analysis")
        verbose_name_plural = _("theme analyses")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["programme", "state"])]
        constraints = [
            # One analysis waits per programme: asking again while it waits adds nothing.
            models.UniqueConstraint(
                fields=["programme"],
                condition=Q(state="queued"),
                name="theme_analysis_one_waiting",
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme_id} {self.state}"


class Theme(models.Model):
    analysis = models.ForeignKey(ThemeAnalysis, on_delete=models.CASCADE, related_name="themes")
    number = models.PositiveSmallIntegerField()  # 1 = the largest
    words = models.JSONField(default=list, blank=True)  # 3 to 5 readable words, strongest first
    size = models.PositiveIntegerField(default=0)
    # Texts per quarter of the analysis's `quarters`.
    trend = models.JSONField(default=list, blank=True)
    # [[id, texts], …], most texts first.
    initiatives = models.JSONField(default=list, blank=True)
    areas = models.JSONField(default=list, blank=True)

    class Meta:
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        ordering = ["analysis", "number"]
        constraints = [
            models.UniqueConstraint(fields=["analysis", "number"], name="theme_number_unique")
        ]

    def __str__(self) -> str:
        return ", ".join(self.words)


class ThemeText(models.Model):
    theme = models.ForeignKey(Theme, on_delete=models.CASCADE, related_name="texts")
    position = models.PositiveIntegerField()  # best fitting first
    kind = models.CharField(max_length=16, choices=TextKind.choices)
    # The source row's key: a review's "<id>.<answer>", a contribution's UUID, else the id.
    source_key = models.CharField(max_length=64)
    initiative_id = models.PositiveBigIntegerField(null=True, blank=True)
    area_id = models.PositiveBigIntegerField(null=True, blank=True)
    day = models.DateField(null=True, blank=True)
    fit = models.FloatField(default=0)

    class Meta:
        verbose_name = _("text of a theme")
        verbose_name_plural = _("texts of a theme")
        ordering = ["theme", "position"]
        indexes = [models.Index(fields=["theme", "position"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.source_key}"
