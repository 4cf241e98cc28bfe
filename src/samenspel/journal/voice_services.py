"""Writing the voices of the travel report and their consent. Keyword-only, atomic,
audited; a refusal is a ValidationError with a translated message (on the form field it
concerns) and nothing is stored.

Consent. A voice picked from someone's words asks that person (`Consent.ASKED`); only
they answer (`voice_consent`): give (with or without their name), refuse, or withdraw
what they gave. A member's own words, written for the report, are given by writing them.
Anonymous session input has nobody to ask: it may be picked only when its session said
beforehand that its anonymous contributions may be quoted (`Consent.SESSION_RULE`), and
it never carries a name. Which voices reach a book is decided in one place only:
compose.consented_voices (constants.CONSENTED).

Picked words stay the source's words: a co-author may leave parts out (marking a gap
with …) but not add or change any. So nobody is shown saying what they did not say, and
in particular not anonymous input, which nobody is asked about.

When a co-author changes someone else's words, or how they are shown, the author is
asked again: their consent was for what they read.

Audit events name the person acting. For an anonymous voice nothing identifies a writer
(none is stored), and no event ever copies a voice's words.
"""

import re
import unicodedata
from typing import Any

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.accounts.models import User
from samenspel.common.services import audit_record
from samenspel.common.services import refusal as _refuse
from samenspel.common.text import normalise, tidy
from samenspel.journal import voice_selectors
from samenspel.journal.constants import (
    CONSENTED,
    MAX_VOICE_LENGTH,
    Consent,
    VoiceKind,
    VoiceSource,
)
from samenspel.journal.models import Chapter, Journal, Rendering, Voice
from samenspel.learning_sessions.constants import InsightKind
from samenspel.programmes.models import Membership
from samenspel.programmes.services import STALE

ROLE_LABEL_MAX = 120
MAX_POSITION = 100_000
# What the author of a voice may answer.
ANSWERS = (Consent.GIVEN, Consent.REFUSED, Consent.WITHDRAWN)

# A gap in picked words: … or ... (in brackets or not).
_GAP = re.compile(r"[\[(]?\s*(?:…|\.\.\.)\s*[\])]?")


def _bare(part: str) -> str:
    """The part without the punctuation and spaces at its ends, which a co-author may
    add or drop (quotation marks, a full stop after a shortened sentence)."""
    start, end = 0, len(part)
    while start < end and unicodedata.category(part[start])[0] in "PZC":
        start += 1
    while end > start and unicodedata.category(part[end - 1])[0] in "PZC":
        end -= 1
    return part[start:end]


def drawn_from(words: str, original: str) -> bool:
    """Whether `words` are `original`'s words, maybe with parts left out: every part
    between the gaps (…) is found in the original, in order. Case, accents, spacing and
    punctuation at a part's ends do not count."""
    haystack = normalise(original)
    start = 0
    parts = [normalise(_bare(part)) for part in _GAP.split(words)]
    parts = [part for part in parts if part]
    if not parts:
        return False
    for part in parts:
        found = haystack.find(part, start)
        if found < 0:
            return False
        start = found + len(part)
    return True


def _bounded(field: str, value: str, limit: int) -> str:
    """The text tidied, refused when longer than `limit` (on `field`)."""
    text = tidy(value)
    if len(text) > limit:
        raise _refuse(
            _("Keep this under %(limit)s characters (now %(count)s).")
            % {"limit": limit, "count": len(text)},
            field,
            "too_long",
        )
    return text


def _words(text: str) -> str:
    words = _bounded("text", text, MAX_VOICE_LENGTH)
    if not words:
        raise _refuse(_("Write the words of the quote or story."), "text", "required")
    return words


def _commentary(text: str) -> str:
    return _bounded("commentary", text, MAX_VOICE_LENGTH)


def _kinds(kind: str, nature: str) -> None:
    if kind not in VoiceKind.values:
        raise _refuse(_("Choose quote or story."), "kind")
    if nature not in InsightKind.values:
        raise _refuse(_("Choose fact, perception or reflection."), "nature")


def _role_label(value: str, default: str) -> str:
    return _bounded("role_label", value, ROLE_LABEL_MAX) or default


def _chapter(journal: Journal, chapter: Chapter | None) -> Chapter | None:
    if chapter is not None and chapter.journal_id != journal.pk:
        raise _refuse(_("Choose a chapter of this travel report."), "chapter")
    return chapter


def _next_position(journal: Journal) -> int:
    highest = Voice.objects.filter(journal=journal).aggregate(highest=Max("position"))["highest"]
    return (highest or 0) + 1


def _picked(journal: Journal, source: str, key: str) -> voice_selectors.Source:
    """The source of picked words, refused unless this programme's and quotable."""
    picked = (
        voice_selectors.source_of(programme=journal.programme, source=source, key=key)
        if source in voice_selectors.PICKABLE
        else None
    )
    if picked is None:
        raise _refuse(
            _("Choose words from a session, review or observation of this programme."),
            code="no_source",
        )
    if not picked.readable and picked.source == VoiceSource.CONTRIBUTION:
        raise _refuse(
            _("This session is still in silent input. Its contributions cannot be quoted yet."),
            code="not_readable",
        )
    if not picked.readable:
        raise _refuse(
            _(
                "This review was held in a learning session. "
                "Pick the words from the contributions of that session instead."
            ),
            code="held_in_session",
        )
    if picked.author is None and not picked.quotable:
        raise _refuse(
            _(
                "This session did not allow quoting its anonymous contributions. "
                "Its contributions without a name cannot be quoted."
            ),
            code="not_quotable",
        )
    return picked


def _audit(by: User | None, action: str, target: Any, journal: Journal, **data: Any) -> None:
    audit_record(actor=by, action=action, target=target, programme=journal.programme, data=data)


@transaction.atomic
def voice_add_from_source(
    *,
    journal: Journal,
    source: str,
    key: str,
    text: str,
    by: User,
    kind: str = VoiceKind.QUOTE,
    nature: str = InsightKind.PERCEPTION,
    commentary: str = "",
    chapter: Chapter | None = None,
    role_label: str = "",
) -> Voice:
    """Pick words from a session contribution, a review answer or an observation of the
    report's programme. The source's account is asked for consent (or gives it, when it
    is the one who picks); anonymous input follows its session's rule."""
    picked = _picked(journal, source, key)
    words = _words(text)
    if not drawn_from(words, picked.text):
        raise _refuse(
            _(
                "Use the words of the source. You may leave parts out: "
                "mark a gap with … . Put your own words in the commentary."
            ),
            "text",
            "not_from_source",
        )
    _kinds(kind, nature)
    now = timezone.now()
    if picked.author is None:
        consent, changed_at = Consent.SESSION_RULE, now
    elif picked.author.pk == by.pk:
        consent, changed_at = Consent.GIVEN, now  # their own words, picked by themselves
    else:
        consent, changed_at = Consent.ASKED, None
    voice = Voice.objects.create(
        journal=journal,
        chapter=_chapter(journal, chapter),
        kind=kind,
        nature=nature,
        text=words,
        commentary=_commentary(commentary),
        source=picked.source,
        source_key=picked.key,
        author=picked.author,
        role_label=_role_label(role_label, picked.role_label),
        named=False,
        consent=consent,
        consent_changed_at=changed_at,
        position=_next_position(journal),
        added_by=by,
    )
    # The kind of source and the consent only: never the words, nor whose they are.
    _audit(by, "voice.add", voice, journal, source=voice.source, consent=voice.consent)
    return voice


@transaction.atomic
def voice_add_own(
    *,
    journal: Journal,
    by: User,
    text: str,
    kind: str = VoiceKind.QUOTE,
    nature: str = InsightKind.PERCEPTION,
    named: bool = False,
    role_label: str = "",
) -> Voice:
    """A member writes their own quote or story for the report: consent is given by
    writing it; they choose whether their name is shown."""
    if not Membership.objects.filter(programme_id=journal.programme_id, user=by).exists():
        raise _refuse(_("Only members of the programme write in its travel report."))
    words = _words(text)
    _kinds(kind, nature)
    default = voice_selectors.role_label_of(programme=journal.programme, user=by)
    voice = Voice.objects.create(
        journal=journal,
        kind=kind,
        nature=nature,
        text=words,
        source=VoiceSource.OWN,
        author=by,
        role_label=_role_label(role_label, default),
        named=bool(named),
        consent=Consent.GIVEN,
        consent_changed_at=timezone.now(),
        position=_next_position(journal),
        added_by=by,
    )
    _audit(by, "voice.add", voice, journal, source=voice.source, consent=voice.consent)
    return voice


def _locked(voice: Voice) -> Voice:
    """The voice as it is now, its report locked first, as publishing locks it: an answer
    or a change waits for a publication being made, and is then in or out of it whole."""
    Journal.objects.select_for_update().filter(pk=voice.journal_id).order_by().first()
    fresh = Voice.objects.select_for_update().get(pk=voice.pk)
    fresh.journal = voice.journal
    return fresh


@transaction.atomic
def voice_update(
    *,
    voice: Voice,
    by: User,
    expected_version: int,
    text: str,
    commentary: str,
    kind: str,
    nature: str,
    chapter: Chapter | None,
    role_label: str,
    position: int,
) -> Voice:
    """A co-author changes a voice: its words (someone else's: they are asked again),
    the commentary beside it, its kind, where it stands and how it is shown."""
    fresh = _locked(voice)
    if fresh.version != expected_version:
        raise _refuse(str(STALE), code="stale")
    journal = fresh.journal
    words = _words(text)
    if words != fresh.text and fresh.author_id is None:
        # Anonymous input: nobody can be asked, so the words stay the source's.
        picked = voice_selectors.source_of(
            programme=journal.programme, source=fresh.source, key=fresh.source_key
        )
        if picked is None or not drawn_from(words, picked.text):
            raise _refuse(
                _(
                    "Nobody can be asked about anonymous words: use the words of the "
                    "source. You may leave parts out: mark a gap with … ."
                ),
                "text",
                "not_from_source",
            )
    _kinds(kind, nature)
    if not 0 <= position <= MAX_POSITION:
        raise _refuse(
            _("Give a position between 0 and %(max)s.") % {"max": MAX_POSITION}, "position"
        )
    values = {
        "text": words,
        "commentary": _commentary(commentary),
        "kind": kind,
        "nature": nature,
        "chapter": _chapter(journal, chapter),
        "role_label": _role_label(role_label, fresh.role_label),
        "position": position,
    }
    changed = sorted(name for name, value in values.items() if getattr(fresh, name) != value)
    if not changed:
        return fresh
    for name, value in values.items():
        setattr(fresh, name, value)
    asked_again = (
        fresh.author_id is not None
        and fresh.author_id != by.pk
        and bool({"text", "role_label"} & set(changed))
        # A refusal or withdrawal stands: changed words do not ask again.
        and fresh.consent == Consent.GIVEN
    )
    fields = [*changed, "version"]
    if asked_again:
        fresh.consent, fresh.named, fresh.consent_changed_at = Consent.ASKED, False, None
        fields += ["consent", "named", "consent_changed_at"]
    fresh.version += 1
    fresh.save(update_fields=fields)
    if asked_again:
        _forget_draft_files(journal)
    _audit(by, "voice.update", fresh, journal, fields=changed, asked_again=asked_again)
    return fresh


@transaction.atomic
def voice_delete(*, voice: Voice, by: User) -> None:
    journal = voice.journal
    number, source = voice.pk, voice.source
    Voice.objects.filter(pk=voice.pk).delete()
    _forget_draft_files(journal)
    _audit(by, "voice.delete", journal, journal, voice=number, source=source)


def _forget_draft_files(journal: Journal) -> None:
    """Files made of the draft may hold words that may no longer appear: they go, so
    nobody downloads them later (a publication's files are frozen with it)."""
    Rendering.objects.filter(journal=journal, publication__isnull=True).delete()


@transaction.atomic
def voice_consent(
    *, voice: Voice, by: User, answer: str, expected_version: int, named: bool = False
) -> Voice:
    """The author's answer: give (and whether their name is shown), refuse (when asked),
    or withdraw what they gave. Withdrawing takes the voice out of the draft and every
    later version; a version already published is frozen and stays as it was."""
    fresh = _locked(voice)
    if fresh.author_id is None or fresh.author_id != by.pk:
        raise _refuse(_("Only the person whose words these are can answer."), code="not_author")
    if fresh.version != expected_version:
        raise _refuse(
            _("The words have changed since you opened the page. Read them again, then answer."),
            code="stale",
        )
    if answer not in ANSWERS:
        raise _refuse(_("Choose whether you give your consent."), "answer")
    if answer == Consent.REFUSED and fresh.consent != Consent.ASKED:
        raise _refuse(_("You can only refuse when you are asked."), "answer", "wrong_state")
    if answer == Consent.WITHDRAWN and fresh.consent != Consent.GIVEN:
        raise _refuse(_("You can only withdraw consent you gave."), "answer", "wrong_state")
    named = bool(named) and answer == Consent.GIVEN
    if fresh.consent == answer and fresh.named == named:
        return fresh
    old, was_named = fresh.consent, fresh.named
    fresh.consent, fresh.named, fresh.consent_changed_at = answer, named, timezone.now()
    fresh.version += 1
    fresh.save(update_fields=["consent", "named", "consent_changed_at", "version"])
    # Files of the draft made before may show words or a name that may no longer appear.
    if (old in CONSENTED and answer not in CONSENTED) or (was_named and not named):
        _forget_draft_files(fresh.journal)
    _audit(by, "voice.consent", fresh, fresh.journal, **{"from": old, "to": answer, "named": named})
    return fresh
