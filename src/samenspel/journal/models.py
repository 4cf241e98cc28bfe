"""The travel report (reisverslag) of a programme: its chapters (written or generated),
the voices picked for it with their consent, the review round's comments, the frozen
publications and the renderings of a book into a file.

Editable texts carry a `version` counter: a save with a stale version is refused and the
writer is shown both versions to merge, so no edit is ever silently lost.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from samenspel.journal.constants import (
    ChapterKind,
    Consent,
    RenderFormat,
    RenderState,
    VoiceKind,
    VoiceSource,
)
from samenspel.learning_sessions.constants import InsightKind
from samenspel.programmes.models import Programme


class Journal(models.Model):
    """The travel report of one programme: the draft being written, and its publications."""

    programme_path = "programme_id"

    programme = models.OneToOneField(Programme, on_delete=models.CASCADE, related_name="journal")
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(_("subtitle"), max_length=300, blank=True)
    covers_from = models.DateField(_("covers from"), null=True, blank=True)
    covers_until = models.DateField(_("covers until"), null=True, blank=True)
    public = models.BooleanField(
        _("readable without logging in"),
        default=False,
        help_text=_("Published versions can be read by anyone with the address."),
    )
    # The review round: while open, members read the draft and comment per paragraph.
    review_opened_at = models.DateTimeField(_("review round opened"), null=True, blank=True)
    review_closed_at = models.DateTimeField(_("review round closed"), null=True, blank=True)
    version = models.PositiveIntegerField(default=1)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("travel report")
        verbose_name_plural = _("travel reports")

    def __str__(self) -> str:
        return self.title

    @property
    def review_open(self) -> bool:
        return self.review_opened_at is not None and self.review_closed_at is None


class Chapter(models.Model):
    programme_path = "journal.programme_id"

    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="chapters")
    kind = models.CharField(_("kind"), max_length=16, choices=ChapterKind.choices)
    title = models.CharField(_("title"), max_length=200)
    # Markdown: the whole chapter when written; an introduction above a generated one.
    body = models.TextField(_("text"), blank=True)
    position = models.PositiveIntegerField(default=0)
    included = models.BooleanField(_("in the book"), default=True)
    version = models.PositiveIntegerField(default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("chapter")
        verbose_name_plural = _("chapters")
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return self.title


class Voice(models.Model):
    """A quote or story in a participant's own words, shown by role (never by name unless
    its author chose so) beside the writers' commentary. It reaches a book only with
    consent (constants.CONSENTED)."""

    programme_path = "journal.programme_id"

    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="voices")
    chapter = models.ForeignKey(
        Chapter, null=True, blank=True, on_delete=models.SET_NULL, related_name="voices"
    )
    kind = models.CharField(
        _("kind"), max_length=8, choices=VoiceKind.choices, default=VoiceKind.QUOTE
    )
    nature = models.CharField(
        _("fact, perception or reflection"),
        max_length=16,
        choices=InsightKind.choices,
        default=InsightKind.PERCEPTION,
    )
    text = models.TextField(_("the words"))
    commentary = models.TextField(_("commentary of the writers"), blank=True)
    source = models.CharField(
        _("source"), max_length=16, choices=VoiceSource.choices, default=VoiceSource.OWN
    )
    # The source row's key (a contribution's UUID, a review's or observation's number).
    source_key = models.CharField(max_length=64, blank=True)
    # Who must consent; empty for anonymous session input (the session's rule decides).
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    role_label = models.CharField(_("shown as"), max_length=120)
    named = models.BooleanField(_("show my name"), default=False)
    consent = models.CharField(
        _("consent"), max_length=16, choices=Consent.choices, default=Consent.ASKED
    )
    consent_changed_at = models.DateTimeField(null=True, blank=True)
    position = models.PositiveIntegerField(default=0)
    version = models.PositiveIntegerField(default=1)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("voice")
        verbose_name_plural = _("voices")
        ordering = ["position", "id"]
        constraints = [
            # Anonymous input has no author to name.
            models.CheckConstraint(
                condition=models.Q(named=False) | models.Q(author__isnull=False),
                name="journal_voice_named_has_author",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:60]


class ReviewComment(models.Model):
    """A reader's comment on one paragraph of the draft, in the review round."""

    programme_path = "journal.programme_id"

    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="comments")
    chapter = models.ForeignKey(Chapter, on_delete=models.CASCADE, related_name="comments")
    # The paragraph's key in the composed draft (book.Block.key) and its words when the
    # comment was written, so a comment still reads right after the paragraph changed.
    paragraph = models.CharField(max_length=64)
    quoted = models.TextField(blank=True)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("written"), auto_now_add=True)
    resolved_at = models.DateTimeField(_("handled"), null=True, blank=True)
    resolved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["created_at", "id"]
        indexes = [models.Index(fields=["journal", "chapter", "paragraph"])]

    def __str__(self) -> str:
        return self.text[:60]


class Publication(models.Model):
    """A numbered, dated version of the travel report, frozen when published: its whole
    book (book.Book as JSON), so it reads the same however the programme changes."""

    programme_path = "journal.programme_id"

    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="publications")
    number = models.PositiveIntegerField(_("version"))
    title = models.CharField(_("title"), max_length=200)
    published_on = models.DateField(_("published on"))
    published_at = models.DateTimeField(_("published"), default=timezone.now)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    book = models.JSONField(default=dict)

    class Meta:
        verbose_name = _("publication")
        verbose_name_plural = _("publications")
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["journal", "number"], name="journal_publication_number_unique"
            )
        ]

    def __str__(self) -> str:
        return f"{self.title} ({self.number})"


class Rendering(models.Model):
    """One book made into one file, off the request by a task (journal.tasks). The page
    reads its state and progress; the file is kept for downloading.

    Deliberately no `programme_path` (common.models): a file made from the book changes
    nothing the programme's pages show, and a draft's rendering is keyed by the
    programme's data version, which its own writes (a progress step every half second)
    must therefore leave alone (journal.rendering_services)."""

    journal = models.ForeignKey(Journal, on_delete=models.CASCADE, related_name="renderings")
    # Empty: the current draft, as it was at `data_version`.
    publication = models.ForeignKey(
        Publication, null=True, blank=True, on_delete=models.CASCADE, related_name="renderings"
    )
    format = models.CharField(_("format"), max_length=8, choices=RenderFormat.choices)
    data_version = models.PositiveBigIntegerField(default=0)
    state = models.CharField(
        _("state"), max_length=8, choices=RenderState.choices, default=RenderState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(default=0, validators=[MaxValueValidator(100)])
    step = models.CharField(max_length=200, blank=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    requested_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    content = models.BinaryField(null=True, blank=True)
    size = models.PositiveBigIntegerField(default=0)
    error = models.TextField(blank=True)
    # The language the draft is composed in (the requester's; a publication's is its
    # book's), and the name the file is downloaded under, set when it is made.
    language = models.CharField(max_length=8, default="nl")
    file_name = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = _("rendering")
        verbose_name_plural = _("renderings")
        ordering = ["-requested_at", "-id"]
        indexes = [models.Index(fields=["journal", "publication", "format", "data_version"])]

    def __str__(self) -> str:
        return f"{self.journal_id} {self.format} {self.state}"
