"""Forms for the voices of the travel report: the filters of the sources and of the
voices, picking words from a source, one's own words, changing a voice, and the author's
consent. They parse; journal.voice_services decides (whose the source is, whether the
words are the source's, the session's rule, the version) and its refusals land on the
field they name."""

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from samenspel.common.forms import TextField, VersionedForm
from samenspel.journal import voice_selectors
from samenspel.journal.constants import MAX_VOICE_LENGTH, Consent, VoiceKind, VoiceSource
from samenspel.journal.models import Chapter, Journal
from samenspel.journal.voice_services import MAX_POSITION, ROLE_LABEL_MAX
from samenspel.learning_sessions.constants import InsightKind

SEARCH_MAX = 100

GIVE, REFUSE, WITHDRAW = "give", "refuse", "withdraw"
ANSWER_TO_CONSENT = {GIVE: Consent.GIVEN, REFUSE: Consent.REFUSED, WITHDRAW: Consent.WITHDRAWN}


class SourceFilterForm(forms.Form):
    """Which words to pick from (a GET form: bad values fall back to the defaults)."""

    source = forms.ChoiceField(
        label=_("Source"),
        choices=[(s.value, s.label) for s in voice_selectors.PICKABLE],
        required=False,
    )
    initiative = forms.TypedChoiceField(
        label=_("Initiative"), coerce=int, required=False, empty_value=None
    )
    q = forms.CharField(label=_("Words"), max_length=SEARCH_MAX, required=False, strip=True)

    def __init__(self, *args: Any, initiatives: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        initiative: Any = self.fields["initiative"]
        initiative.choices = [("", _("All initiatives")), *initiatives]

    def chosen(self) -> tuple[str, int | None, str]:
        """(source, initiative id, search): what the form asks, or the defaults."""
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        return (
            data.get("source") or VoiceSource.CONTRIBUTION,
            data.get("initiative"),
            data.get("q") or "",
        )


class VoiceFilterForm(forms.Form):
    consent = forms.ChoiceField(
        label=_("Consent"), choices=[("", _("All")), *Consent.choices], required=False
    )
    source = forms.ChoiceField(
        label=_("Source"), choices=[("", _("All")), *VoiceSource.choices], required=False
    )

    def chosen(self) -> tuple[str, str]:
        data: dict[str, Any] = self.cleaned_data if self.is_valid() else {}
        return data.get("consent") or "", data.get("source") or ""


def _text_field(**kwargs: Any) -> TextField:
    return TextField(
        label=_("The words"),
        max_length=MAX_VOICE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5}),
        **kwargs,
    )


def _kind_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Quote or story"),
        choices=VoiceKind.choices,
        widget=forms.RadioSelect,
        initial=VoiceKind.QUOTE,
    )


def _nature_field() -> forms.ChoiceField:
    return forms.ChoiceField(
        label=_("Fact, perception or reflection"),
        choices=InsightKind.choices,
        widget=forms.RadioSelect,
        initial=InsightKind.PERCEPTION,
        help_text=_(
            "A learning history keeps these apart: what happened, how people saw it, "
            "and what they think of it now."
        ),
    )


def _role_label_field() -> TextField:
    return TextField(
        label=_("Shown as"),
        max_length=ROLE_LABEL_MAX,
        required=False,
        help_text=_(
            "A role, never a name: for example “Civil servant” or “Initiator, Woudrichem”. "
            "Empty: the role in the programme."
        ),
    )


class ChapterChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.title)


def _chapter_field(journal: Journal) -> ChapterChoiceField:
    return ChapterChoiceField(
        label=_("Chapter"),
        queryset=Chapter.objects.filter(journal=journal).order_by("position", "id"),
        required=False,
        empty_label=_("The chapter with the voices"),
        help_text=_("Where the voice appears in the book."),
    )


def _commentary_field() -> TextField:
    return TextField(
        label=_("Commentary of the writers"),
        max_length=MAX_VOICE_LENGTH,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Shown beside the words, in the second column."),
    )


class WritersFields(forms.Form):
    """What the writers decide about a voice, whatever its words: the commentary beside
    them, its kind, its chapter and how its author is shown."""

    WRITERS = ("commentary", "kind", "nature", "chapter", "role_label")

    commentary = _commentary_field()
    kind = _kind_field()
    nature = _nature_field()
    chapter = ChapterChoiceField(queryset=Chapter.objects.none())
    role_label = _role_label_field()

    def __init__(self, *args: Any, journal: Journal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["chapter"] = _chapter_field(journal)

    def writers_values(self) -> dict[str, Any]:
        return {name: self.cleaned_data[name] for name in self.WRITERS}


class PickForm(WritersFields):
    """Words picked from a source, with the writers' commentary."""

    source = forms.CharField(widget=forms.HiddenInput, max_length=16)
    key = forms.CharField(widget=forms.HiddenInput, max_length=64)
    text = _text_field(
        help_text=_("You may leave parts out: mark a gap with … . Do not add words of your own.")
    )

    field_order = ["source", "key", "text", *WritersFields.WRITERS]


class OwnVoiceForm(forms.Form):
    """A member's own quote or story, for the report."""

    text = _text_field(help_text=_("In your own words: what you saw, felt or learned."))
    kind = _kind_field()
    nature = _nature_field()
    named = forms.BooleanField(
        label=_("Show my name with it"),
        required=False,
        help_text=_("Without a tick, you are shown by your role only."),
    )


class VoiceEditForm(WritersFields, VersionedForm):
    text = _text_field(
        help_text=_("If you change someone else's words, they are asked for their consent again.")
    )
    position = forms.IntegerField(
        label=_("Position"),
        min_value=0,
        max_value=MAX_POSITION,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
        help_text=_("Voices appear in the order of this number."),
    )

    field_order = ["text", *WritersFields.WRITERS, "position", "version"]


class ConsentForm(VersionedForm):
    """The author's answer about one voice. The version is the one they read: when the
    words changed in between, the answer is refused and they read them again."""

    answer = forms.ChoiceField(
        choices=[(GIVE, _("Give")), (REFUSE, _("Refuse")), (WITHDRAW, _("Withdraw"))]
    )
    named = forms.BooleanField(label=_("Show my name"), required=False)

    def consent(self) -> str:
        return ANSWER_TO_CONSENT[self.cleaned_data["answer"]]
