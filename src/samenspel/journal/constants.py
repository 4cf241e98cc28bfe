"""The words of the travel report (reisverslag): the kinds of chapter, of voice, of
consent, and the states of a rendering. Services, views and templates read these."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ChapterKind(models.TextChoices):
    # Written by people, in Markdown.
    WRITTEN = "written", _("Written chapter")
    # Generated from the programme's data when the book is composed; a generated chapter
    # may carry a written introduction (its body) above what is generated.
    TIMELINE = "timeline", _("The journey")
    INITIATIVES = "initiatives", _("The initiatives")
    LESSONS = "lessons", _("Lessons per learning question")
    FUNDING = "funding", _("Funding and co-investment")
    COMPASS = "compass", _("Compass: trends and perspectives")
    LEARNING_YIELD = "learning_yield", _("Learning yield")
    VOICES = "voices", _("Voices")


GENERATED_KINDS = [kind for kind in ChapterKind if kind != ChapterKind.WRITTEN]

# The chapters a new travel report starts with, in order: (kind, title). Titles are source
# strings, stored in the language of the person who starts the report.
DEFAULT_CHAPTERS = [
    (ChapterKind.WRITTEN, _("Introduction")),
    (ChapterKind.TIMELINE, _("The journey")),
    (ChapterKind.INITIATIVES, _("The initiatives")),
    (ChapterKind.LESSONS, _("Lessons per learning question")),
    (ChapterKind.VOICES, _("Voices")),
    (ChapterKind.COMPASS, _("Compass: trends and perspectives")),
    (ChapterKind.FUNDING, _("Funding and co-investment")),
    (ChapterKind.LEARNING_YIELD, _("Learning yield")),
    (ChapterKind.WRITTEN, _("Theoretical frame")),
    (ChapterKind.WRITTEN, _("The road ahead")),
]

MAX_CHAPTERS = 40
MAX_CHAPTER_LENGTH = 100_000  # characters of Markdown in one chapter
MAX_VOICE_LENGTH = 5_000
MAX_COMMENT_LENGTH = 2_000


class VoiceKind(models.TextChoices):
    QUOTE = "quote", _("Quote")
    STORY = "story", _("Story")


class VoiceSource(models.TextChoices):
    """Where a voice's words come from."""

    CONTRIBUTION = "contribution", _("Session contribution")
    REVIEW = "review", _("After action review")
    OBSERVATION = "observation", _("Observation")
    OWN = "own", _("Written for the travel report")


class Consent(models.TextChoices):
    """Whether a voice may appear. Only GIVEN and SESSION_RULE reach a book."""

    ASKED = "asked", _("Asked, no answer yet")
    GIVEN = "given", _("Given")
    REFUSED = "refused", _("Refused")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    # Anonymous session input: the session said before input opened that anonymous
    # contributions may be quoted; there is nobody to ask.
    SESSION_RULE = "session_rule", _("Allowed by the session's rule")


CONSENTED = {Consent.GIVEN, Consent.SESSION_RULE}


class RenderFormat(models.TextChoices):
    HTML = "html", _("Web page (HTML file)")
    PDF = "pdf", _("PDF")
    MARKDOWN = "md", _("Markdown")
    DOCX = "docx", _("Word (DOCX)")


CONTENT_TYPES = {
    RenderFormat.HTML: "text/html; charset=utf-8",
    RenderFormat.PDF: "application/pdf",
    RenderFormat.MARKDOWN: "text/markdown; charset=utf-8",
    RenderFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
}


class RenderState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")


# A rendering whose worker has not reported for this long is taken to be lost (a worker
# that was stopped or restarted mid-book) and is queued again.
RENDER_STALE_AFTER_SECONDS = 120
RENDER_MAX_ATTEMPTS = 3
