"""What the travel report adds to the programme (programmes.extensions: its menu link)
and how its events read in a history (common.history). Registered in
JournalConfig.ready()."""

from django.utils.translation import gettext_lazy

from samenspel.common.history import register_labels
from samenspel.journal import access
from samenspel.programmes import extensions

# Every page of the travel report marks the programme menu's "Travel report" tab.
PAGES = frozenset(
    {
        "journal",
        "journal-start",
        "journal-settings",
        "journal-draft",
        "journal-chapter-add",
        "journal-chapter-edit",
        "journal-chapter-delete",
        "journal-review",
        "journal-publish",
        "journal-publication",
        "journal-compare",
        "journal-voices",
        "journal-voice-pick",
        "journal-voice-add",
        "journal-voice-edit",
        "journal-voice-delete",
        "journal-consent",
        "journal-rendering",
        "journal-render",
    }
)


def register() -> None:
    from samenspel.journal.voice_extensions import register_voice_sections

    register_voice_sections()
    extensions.add_menu_link(
        extensions.MenuLink(
            gettext_lazy("Travel report"), "journal", access.can_see, current=PAGES, order=25
        )
    )
    register_labels(
        {
            "journal.start": gettext_lazy("Travel report started"),
            "journal.update": gettext_lazy("Travel report settings changed"),
            "chapter.add": gettext_lazy("Chapter added"),
            "chapter.update": gettext_lazy("Chapter changed"),
            "chapter.move": gettext_lazy("Chapter moved"),
            "chapter.delete": gettext_lazy("Chapter deleted"),
            "journal_review.open": gettext_lazy("Review round opened"),
            "journal_review.close": gettext_lazy("Review round closed"),
            "review_comment.add": gettext_lazy("Comment on the draft written"),
            "review_comment.resolve": gettext_lazy("Comment on the draft handled"),
            "publication.publish": gettext_lazy("Travel report published"),
            "voice.add": gettext_lazy("Voice added to the travel report"),
            "voice.update": gettext_lazy("Voice changed"),
            "voice.delete": gettext_lazy("Voice removed"),
            "voice.consent": gettext_lazy("Consent for a voice answered"),
            "rendering.request": gettext_lazy("File of the travel report requested"),
        }
    )
