"""Reads for the voices of the travel report: the words a co-author can pick from (session
contributions, after action reviews and observations of this programme only), the voices
of a report with their consent, and the voices waiting for someone's consent.

Where words may come from, and whose consent they need:

- a named contribution of a member: that member is asked;
- an anonymous contribution, or a guest's (who has no account to ask): only when its
  session said beforehand that anonymous contributions may be quoted (`quotable`), and
  never with a name — nobody is stored as its writer, so nobody is shown or asked;
- an answer of an after action review, or an observation: whoever recorded it is asked.
  A review held in a learning session is not offered: its answers are the session's
  contributions, whose writers are not the person who recorded the review — they are
  picked from the session instead.

Contributions are offered once their session has moved past silent input (before that
nobody, not even the facilitator, has read them).

Every list is read in a fixed number of queries (the page, its count, and the roles of
the people on it), however many rows there are.
"""

import datetime
import json
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import Case, Count, Q, QuerySet, Value, When
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenspel.accounts.models import User
from samenspel.common.text import normalise
from samenspel.cycles.models import LearningCycle, Observation, Review
from samenspel.journal.constants import ChapterKind, Consent, VoiceSource
from samenspel.journal.models import Chapter, Journal, Voice
from samenspel.learning_sessions.constants import PHASE_ORDER, SessionPhase, phase_reached
from samenspel.learning_sessions.models import Contribution
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Initiative, Membership, Programme

# How anonymous input is shown: nothing more than where it was said.
ANONYMOUS_LABEL = gettext_lazy("Participant in a learning session")
# Someone who is no longer a member of the programme.
FORMER_MEMBER_LABEL = gettext_lazy("Participant")

# The sources a co-author picks from, in the order the page offers them.
PICKABLE = [VoiceSource.CONTRIBUTION, VoiceSource.REVIEW, VoiceSource.OBSERVATION]

# A session's contributions are read by others from the themes on.
READABLE_PHASES = [p for p in PHASE_ORDER if phase_reached(p, SessionPhase.GROUPING)]

REVIEW_KEY_SEPARATOR = ":"


def journal_of(*, programme: Programme) -> Journal | None:
    journal = Journal.objects.filter(programme=programme).order_by().first()
    if journal is not None:
        journal.programme = programme
    return journal


# How a person is shown ---------------------------------------------------------------------


@dataclass(frozen=True)
class People:
    """The roles of some people in one programme, and for initiators the area of their
    (first) initiative: what their words are shown by."""

    roles: dict[int, str]
    areas: dict[int, str]

    def label(self, user_id: int | None, initiative: Initiative | None = None) -> str:
        """The role label a voice gets by default: the person's role in the programme;
        an initiator with the area (kern) of the initiative the words are about, or else
        of their own initiative ("Initiatiefnemer, Woudrichem")."""
        if user_id is None:
            return str(ANONYMOUS_LABEL)
        role = self.roles.get(user_id)
        if role is None:
            return str(FORMER_MEMBER_LABEL)
        label = str(Role(role).label)
        if role == Role.INITIATOR:
            area = initiative.area.name if initiative is not None and initiative.area else None
            area = area or self.areas.get(user_id)
            if area:
                return f"{label}, {area}"
        return label


def people_of(*, programme: Programme, user_ids: Iterable[int | None]) -> People:
    """Two queries, whatever the number of people."""
    ids = {user_id for user_id in user_ids if user_id is not None}
    if not ids:
        return People(roles={}, areas={})
    roles = dict(
        Membership.objects.filter(programme=programme, user_id__in=ids).values_list(
            "user_id", "role"
        )
    )
    initiators = [user_id for user_id, role in roles.items() if role == Role.INITIATOR]
    areas: dict[int, str] = {}
    if initiators:
        found = (
            Initiative.initiator_accounts.through.objects.filter(
                user_id__in=initiators,
                initiative__programme=programme,
                initiative__area__isnull=False,
            )
            .order_by("initiative__sort_name", "initiative_id")
            .values_list("user_id", "initiative__area__name")
        )
        for user_id, area in found:
            areas.setdefault(user_id, area)
    return People(roles=roles, areas=areas)


def role_label_of(*, programme: Programme, user: User | None) -> str:
    return people_of(programme=programme, user_ids=[user.pk if user else None]).label(
        user.pk if user else None
    )


# The sources -------------------------------------------------------------------------------


@dataclass
class Source:
    """Words a voice can be picked from, with where they come from and whose they are."""

    source: str  # VoiceSource
    key: str
    text: str
    question: str  # the question the words answer ("" for an observation)
    where: str  # the session, or the initiative and its cycle
    on: datetime.date | None
    initiative: Initiative | None
    # The account that is asked for consent; None when nobody can be asked.
    author: User | None
    # Input without an account to ask (anonymous, or a guest's): the session's rule decides.
    anonymous: bool = False
    # The session's rule (contributions only).
    quotable: bool = False
    # Whether a co-author may read the words yet (a contribution: after silent input).
    readable: bool = True
    role_label: str = ""

    @property
    def allowed(self) -> bool:
        return self.readable and (self.author is not None or self.quotable)


def _cycle_where(cycle: LearningCycle) -> str:
    return _("%(initiative)s · cycle %(number)s: %(title)s") % {
        "initiative": cycle.initiative.title,
        "number": cycle.number,
        "title": cycle.title,
    }


def _question(questions: Sequence[str], index: int) -> str:
    return str(questions[index]) if 0 <= index < len(questions) else ""


def _from_contribution(contribution: Contribution) -> Source:
    session = contribution.session
    participant = contribution.author
    author = participant.user if participant is not None else None
    on = timezone.localdate(session.starts_at)
    return Source(
        source=VoiceSource.CONTRIBUTION,
        key=str(contribution.pk),
        text=contribution.text,
        question=_question(session.questions, contribution.question),
        where=f"{session.title} · {date_format(on, 'j F Y')}",
        on=on,
        initiative=contribution.cycle.initiative if contribution.cycle else None,
        author=author,
        anonymous=author is None,
        quotable=session.quotable,
        readable=session.phase in READABLE_PHASES,
    )


def _from_review(review: Review, index: int) -> Source:
    answer = review.answers[index]
    cycle = review.cycle
    return Source(
        source=VoiceSource.REVIEW,
        key=f"{review.pk}{REVIEW_KEY_SEPARATOR}{index}",
        text=str(answer.get("answer", "")),
        question=str(answer.get("question", "")),
        where=_cycle_where(cycle),
        on=cycle.reviewed_on or timezone.localdate(review.recorded_at),
        initiative=cycle.initiative,
        author=review.recorded_by,
        # A review held in a session speaks with the session's voices (module docstring).
        readable=not review.held_in,
    )


def _from_observation(observation: Observation) -> Source:
    return Source(
        source=VoiceSource.OBSERVATION,
        key=str(observation.pk),
        text=observation.text,
        question="",
        where=_cycle_where(observation.cycle),
        on=observation.occurred_on,
        initiative=observation.cycle.initiative,
        author=observation.recorded_by,
    )


def _labelled(programme: Programme, sources: list[Source]) -> list[Source]:
    people = people_of(
        programme=programme, user_ids=[s.author.pk for s in sources if s.author is not None]
    )
    for source in sources:
        source.role_label = people.label(
            source.author.pk if source.author is not None else None, source.initiative
        )
    return sources


def contribution_sources(
    *, programme: Programme, initiative_id: int | None = None, search: str = ""
) -> QuerySet[Contribution]:
    """Contributions a co-author may quote: named ones of members, and anonymous or
    guests' ones of sessions whose rule allows it; newest session first."""
    found = (
        Contribution.objects.filter(
            session__programme=programme, session__phase__in=READABLE_PHASES
        )
        .filter(Q(session__quotable=True) | Q(author__user__isnull=False))
        .select_related("session", "author__user", "cycle__initiative__area")
        .order_by("-session__starts_at", "-session_id", "question", "sort_key", "id")
    )
    if initiative_id is not None:
        found = found.filter(cycle__initiative_id=initiative_id)
    if search:
        found = found.filter(text__icontains=search)
    return found


def _as_in_json(text: str) -> str:
    """`text` as it stands inside the stored JSON of the answers, to search there: with
    quotes and backslashes escaped; on SQLite, which stores JSON in ASCII, an accented
    letter as its escape too ("café" as "caf\\u00e9"). PostgreSQL reads jsonb as text
    with the letters themselves."""
    ascii_only = connection.vendor == "sqlite"
    return json.dumps(text, ensure_ascii=ascii_only)[1:-1]


def review_sources(
    *, programme: Programme, initiative_id: int | None = None, search: str = ""
) -> QuerySet[Review]:
    found = (
        Review.objects.filter(
            cycle__initiative__programme=programme, held_in="", recorded_by__isnull=False
        )
        .select_related("cycle__initiative__area", "recorded_by")
        .order_by("-recorded_at", "-id")
    )
    if initiative_id is not None:
        found = found.filter(cycle__initiative_id=initiative_id)
    if search:
        found = found.filter(answers__icontains=_as_in_json(search))
    return found


def observation_sources(
    *, programme: Programme, initiative_id: int | None = None, search: str = ""
) -> QuerySet[Observation]:
    found = (
        Observation.objects.filter(
            cycle__initiative__programme=programme, recorded_by__isnull=False
        )
        .select_related("cycle__initiative__area", "recorded_by")
        .order_by("-occurred_on", "-id")
    )
    if initiative_id is not None:
        found = found.filter(cycle__initiative_id=initiative_id)
    if search:
        found = found.filter(text__icontains=search)
    return found


def source_list(
    *, programme: Programme, source: str, initiative_id: int | None = None, search: str = ""
) -> QuerySet[Any]:
    """The rows of one kind of source, to paginate; `source_rows` makes the page's rows
    into Sources."""
    readers = {
        VoiceSource.CONTRIBUTION: contribution_sources,
        VoiceSource.REVIEW: review_sources,
        VoiceSource.OBSERVATION: observation_sources,
    }
    return readers[VoiceSource(source)](
        programme=programme, initiative_id=initiative_id, search=search
    )


def source_rows(*, programme: Programme, rows: Iterable[Any], search: str = "") -> list[Source]:
    """The Sources of a page of `source_list`: a review gives one per answer (with a
    search, the answers that match it)."""
    sources: list[Source] = []
    wanted = normalise(search)
    for row in rows:
        if isinstance(row, Contribution):
            sources.append(_from_contribution(row))
        elif isinstance(row, Review):
            for index, answer in enumerate(row.answers):
                text = str(answer.get("answer", ""))
                if text.strip() and (not wanted or wanted in normalise(text)):
                    sources.append(_from_review(row, index))
        else:
            sources.append(_from_observation(row))
    return _labelled(programme, sources)


def source_of(*, programme: Programme, source: str, key: str) -> Source | None:
    """One source of this programme, by its kind and key; None when there is none
    (another programme's, or a key that names nothing)."""
    found: Source | None = None
    if source == VoiceSource.CONTRIBUTION:
        try:
            contribution_id = uuid.UUID(key)
        except (ValueError, TypeError, AttributeError):
            return None
        contribution = (
            Contribution.objects.filter(pk=contribution_id, session__programme=programme)
            .select_related("session", "author__user", "cycle__initiative__area")
            .first()
        )
        found = _from_contribution(contribution) if contribution else None
    elif source == VoiceSource.REVIEW:
        number, _separator, index = key.partition(REVIEW_KEY_SEPARATOR)
        if not (number.isdecimal() and index.isdecimal() and len(number) < 12 and len(index) < 4):
            return None
        review = (
            Review.objects.filter(pk=int(number), cycle__initiative__programme=programme)
            .select_related("cycle__initiative__area", "recorded_by")
            .first()
        )
        if review is not None and int(index) < len(review.answers):
            found = _from_review(review, int(index))
    elif source == VoiceSource.OBSERVATION:
        if not (key.isdecimal() and len(key) < 12):
            return None
        observation = (
            Observation.objects.filter(pk=int(key), cycle__initiative__programme=programme)
            .select_related("cycle__initiative__area", "recorded_by")
            .first()
        )
        found = _from_observation(observation) if observation else None
    if found is None:
        return None
    return _labelled(programme, [found])[0]


def source_initiatives(*, programme: Programme) -> list[tuple[int, str]]:
    return list(
        Initiative.objects.filter(programme=programme)
        .order_by("sort_name", "id")
        .values_list("id", "title")
    )


# The voices of a report ----------------------------------------------------------------------


def journal_voices(*, journal: Journal, consent: str = "", source: str = "") -> QuerySet[Voice]:
    """The voices of the report in their order, with their author and chapter."""
    found = Voice.objects.filter(journal=journal).select_related("author", "chapter")
    if consent:
        found = found.filter(consent=consent)
    if source:
        found = found.filter(source=source)
    return found.order_by("position", "id")


def voice_counts(*, journal: Journal) -> dict[str, int]:
    """How many voices the report has in each consent state (one query)."""
    return dict(
        Voice.objects.filter(journal=journal)
        .order_by()
        .values_list("consent")
        .annotate(count=Count("id"))
        .values_list("consent", "count")
    )


def voices_of_author(*, journal: Journal, user: User) -> QuerySet[Voice]:
    """The voices whose author is `user`: those waiting for an answer first."""
    return (
        Voice.objects.filter(journal=journal, author=user)
        .select_related("chapter")
        .alias(waiting=Case(When(consent=Consent.ASKED, then=Value(0)), default=Value(1)))
        .order_by("waiting", "position", "id")
    )


def voices_chapter(*, journal: Journal) -> Chapter | None:
    """The chapter where voices without a chapter of their own appear."""
    return (
        Chapter.objects.filter(journal=journal, kind=ChapterKind.VOICES, included=True)
        .order_by("position", "id")
        .first()
    )


@dataclass(frozen=True)
class Waiting:
    programme_slug: str
    programme_name: str
    count: int


def voices_awaiting_consent(*, user: User, programme_ids: Sequence[int]) -> list[Waiting]:
    """Per programme, how many voices wait for `user`'s answer (one query)."""
    if not programme_ids:
        return []
    found = (
        Voice.objects.filter(
            author=user, consent=Consent.ASKED, journal__programme_id__in=programme_ids
        )
        .order_by()
        .values("journal__programme__slug", "journal__programme__name")
        .annotate(count=Count("id"))
        .order_by("journal__programme__name")
    )
    return [
        Waiting(row["journal__programme__slug"], row["journal__programme__name"], row["count"])
        for row in found
    ]
