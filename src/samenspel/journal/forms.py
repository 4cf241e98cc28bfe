"""Forms of the travel report: its settings, a chapter (new or edited), a comment in the
review round, and the confirmation of publishing. They parse; journal.services decides
(a title's length, the order of the dates, a stale version), so that a direct service
call is refused the same way and its message lands on the field it concerns.

Forms of voices and consent are in voice_forms.py."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samenspel.common.forms import TextField, VersionedForm
from samenspel.common.text import SHORT_TEXT
from samenspel.journal.constants import MAX_CHAPTER_LENGTH, MAX_COMMENT_LENGTH
from samenspel.journal.models import Chapter
from samenspel.journal.services import SUBTITLE_MAX
from samenspel.learning_sessions.forms_room import DutchDateField

MARKDOWN_HELP = _(
    "You write in Markdown. An empty line starts a new paragraph. "
    "Examples are under “How to write in Markdown”."
)


class JournalSettingsForm(VersionedForm):
    title = TextField(label=_("Title"), max_length=SHORT_TEXT)
    subtitle = TextField(label=_("Subtitle"), max_length=SUBTITLE_MAX, required=False)
    covers_from = DutchDateField(
        label=_("Covers the journey from"),
        required=False,
        help_text=_("For example 14-3-2025. Empty: the start of the programme."),
    )
    covers_until = DutchDateField(
        label=_("Covers the journey until"),
        required=False,
        help_text=_("For example 14-3-2025. Empty: the end of the programme."),
    )
    public = forms.BooleanField(
        label=_("Readable without logging in"),
        required=False,
        help_text=_(
            "Anyone with the address can read the published versions. "
            "The draft and the comments stay within the programme."
        ),
    )


def _body_field(label: Any) -> TextField:
    return TextField(
        label=label,
        max_length=MAX_CHAPTER_LENGTH,
        required=False,
        widget=forms.Textarea(
            attrs={"rows": 18, "class": "journal-markdown", "spellcheck": "true"}
        ),
        help_text=MARKDOWN_HELP,
    )


class ChapterAddForm(forms.Form):
    title = TextField(label=_("Title"), max_length=SHORT_TEXT)
    body = _body_field(_("Text"))
    position = forms.TypedChoiceField(label=_("Place in the report"), coerce=int)

    def __init__(self, *args: Any, chapters: list[Chapter], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field: Any = self.fields["position"]
        field.choices = [
            ("1", _("At the start")),
            *(
                (str(index), _("After “%(title)s”") % {"title": chapter.title})
                for index, chapter in enumerate(chapters, start=2)
            ),
        ]
        field.initial = str(len(chapters) + 1)


class ChapterForm(VersionedForm):
    """A chapter as its co-authors change it. For a generated chapter the text is the
    introduction above what the report generates."""

    title = TextField(label=_("Title"), max_length=SHORT_TEXT)
    body = _body_field(_("Text"))
    included = forms.BooleanField(
        label=_("In the book"),
        required=False,
        help_text=_("Leave this off to keep the chapter out of the draft and the publications."),
    )

    def __init__(self, *args: Any, generated: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if generated:
            self.fields["body"].label = _("Introduction")
            self.fields["body"].help_text = _(
                "Optional. It comes above what the report makes from the programme's data. "
                "You write in Markdown; an empty line starts a new paragraph."
            )


class CommentForm(forms.Form):
    chapter = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
    paragraph = forms.CharField(widget=forms.HiddenInput, max_length=64)
    text = TextField(
        label=_("Your comment on this paragraph"),
        max_length=MAX_COMMENT_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class PublishForm(forms.Form):
    # The version number shown on the confirmation page: a second click, or another
    # manager publishing at the same moment, does not publish twice.
    number = forms.IntegerField(widget=forms.HiddenInput, min_value=1)
