"""Every write of a learning session. Keyword-only, atomic, and each one audited —
except where auditing would betray an anonymous writer (see below).

The phases (constants.SessionPhase) are a one-way road that only the session's
facilitator travels (`session_advance`). What may be done depends on the phase; a
request that comes too late (a contribution after input closed, a vote after voting
closed) is refused with a message, and nothing is stored.

Every write raises the session's own `version` (`_touched`), which the live board polls.
The programme's data_version (its cached pages) is raised only where its pages change:
when a session is planned, changed or closed (through the audit events written then).

Anonymous input: a contribution in an anonymous session is stored without its writer,
and no audit event is written for it — an event would carry the moment of writing and
a key that points to the contribution. Instead the end of the input phase is audited
with the number of contributions received. A vote is never stored as a row: the theme
counts its votes, the participant counts the votes they used, apart from each other.
"""

import hashlib
import hmac
import secrets
import time
from datetime import date, datetime, timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.accounts.models import User
from samenspel.common.services import audit_record
from samenspel.common.services import refusal as _refuse
from samenspel.common.text import tidy
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import LearningCycle
from samenspel.cycles.services import review_record
from samenspel.learning_sessions.constants import (
    ACTION_OUTCOMES,
    BEFORE_INPUT,
    CAPTURING,
    GOVERNANCE_QUESTIONS,
    JOIN_CODE_ALPHABET,
    JOIN_CODE_LENGTH,
    MAX_CONTRIBUTION_LENGTH,
    MAX_VOTES,
    ActionStatus,
    InsightKind,
    ProposalKind,
    SessionKind,
    SessionPhase,
    next_phase,
)
from samenspel.learning_sessions.models import (
    Action,
    AgendaProposal,
    CalendarFeed,
    Contribution,
    Course,
    Insight,
    JoinThrottle,
    LearningSession,
    Participant,
    Theme,
)
from samenspel.programmes.constants import QuestionStatus, Role
from samenspel.programmes.models import Initiative, LearningQuestion, Membership, Programme
from samenspel.programmes.services import question_update

# Session dates lie within this distance of today: further is a typing error.
SESSION_DATE_RANGE = timedelta(days=366 * 10)
# How far ahead an action may be due.
ACTION_DUE_RANGE = timedelta(days=366 * 3)


def _touched(session: LearningSession) -> None:
    """Raise the session's version: the live board of everyone in it refreshes."""
    LearningSession.objects.filter(pk=session.pk).update(version=F("version") + 1)


def session_touch(*, session: LearningSession) -> None:
    """Raise the session's version for a change that another app made in it (a board
    section of learning_sessions.places): the live board of everyone in it refreshes.
    Not audited: the change itself is, by the app that made it."""
    _touched(session)


def _locked(session: LearningSession, *phases: SessionPhase) -> LearningSession:
    """Re-read the session with its row locked; refuse when it is not in one of `phases`."""
    fresh = LearningSession.objects.select_for_update().get(pk=session.pk)
    if phases and fresh.phase not in phases:
        raise _refuse(
            _("This cannot be done now: the session is in the phase “%(phase)s”.")
            % {"phase": SessionPhase(fresh.phase).label},
            code="wrong_phase",
        )
    return fresh


def _require_facilitator(session: LearningSession, by: User) -> None:
    if by.pk != session.facilitator_id:
        raise _refuse(
            _("Only the facilitator of this session can do this."), code="not_facilitator"
        )


def _audit(
    session: LearningSession, by: User | None, action: str, target: Any, **data: Any
) -> None:
    audit_record(actor=by, action=action, target=target, programme=session.programme, data=data)


def _session_audit(by: User | None, action: str, target: Any, **data: Any) -> None:
    """An event that belongs to the session only: it names no programme, so it leaves the
    programme's cached pages as they are (the session's version tells the board)."""
    audit_record(actor=by, action=action, target=target, programme=None, data=data)


def role_label(role: str | None) -> str:
    """How a participant is named in an anonymous session: by role."""
    return role or "guest"


def default_questions(*, programme: Programme, kind: str) -> list[str]:
    if kind == SessionKind.GOVERNANCE:
        return [str(question) for question in GOVERNANCE_QUESTIONS]
    return list(programme.review_questions)


def new_join_code() -> str:
    return "".join(secrets.choice(JOIN_CODE_ALPHABET) for _ in range(JOIN_CODE_LENGTH))


def _check_times(starts_at: datetime, ends_at: datetime) -> None:
    if ends_at <= starts_at:
        raise _refuse(_("The session ends after it starts."), "ends_at")
    if abs(starts_at - timezone.now()) > SESSION_DATE_RANGE:
        raise _refuse(_("Choose a date within ten years of today."), "starts_at")
    if ends_at - starts_at > timedelta(days=1):
        raise _refuse(_("A session lasts at most a day; plan a course as several days."), "ends_at")


def _check_facilitator(programme: Programme, user: User, field: str = "facilitator") -> None:
    role = Membership.objects.filter(programme=programme, user=user).values_list("role", flat=True)
    if not (set(role) & {Role.FACILITATOR, Role.ADMINISTRATOR, Role.CIVIL_SERVANT}):
        raise _refuse(
            _(
                "The facilitator must be a facilitator, civil servant or administrator "
                "of this programme."
            ),
            field,
        )


def _check_votes(votes_per_person: int) -> None:
    if not 1 <= votes_per_person <= MAX_VOTES:
        raise _refuse(
            _("Give everyone between 1 and %(max)s votes.") % {"max": MAX_VOTES},
            "votes_per_person",
        )


# Planning ----------------------------------------------------------------------------------


@transaction.atomic
def session_plan(
    *,
    programme: Programme,
    kind: str,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    facilitator: User,
    by: User,
    place: str = "",
    anonymous: bool = True,
    quotable: bool = False,
    votes_per_person: int = 3,
    course: Course | None = None,
    participants: list[User] | None = None,
) -> LearningSession:
    title = tidy(title)
    if not title:
        raise _refuse(_("Give the session a title."), "title")
    if kind not in SessionKind.values:
        raise _refuse(_("Choose a kind of session."), "kind")
    _check_times(starts_at, ends_at)
    _check_facilitator(programme, facilitator)
    _check_votes(votes_per_person)
    if course is not None and course.programme_id != programme.pk:
        raise _refuse(_("Choose a course of this programme."), "course")
    session = None
    for _attempt in range(5):  # a new code until it is not in use (it nearly always is not)
        try:
            with transaction.atomic():
                session = LearningSession.objects.create(
                    programme=programme,
                    kind=kind,
                    title=title,
                    starts_at=starts_at,
                    ends_at=ends_at,
                    place=tidy(place),
                    facilitator=facilitator,
                    anonymous=anonymous,
                    quotable=quotable,
                    votes_per_person=votes_per_person,
                    course=course if kind == SessionKind.COURSE_DAY else None,
                    questions=default_questions(programme=programme, kind=kind),
                    join_code=new_join_code(),
                )
            break
        except IntegrityError:  # pragma: no cover - a code already in use, try another
            continue
    if session is None:  # pragma: no cover
        raise _refuse(_("Please try again."))
    people = list(participants or [])
    if course is not None and kind == SessionKind.COURSE_DAY:
        people += list(course.cohort.all())
    participants_set(session=session, users=people, by=by, audit=False)
    _audit(session, by, "session.plan", session, kind=kind)
    return session


@transaction.atomic
def session_update(
    *,
    session: LearningSession,
    by: User,
    title: str,
    starts_at: datetime,
    ends_at: datetime,
    place: str,
    anonymous: bool,
    votes_per_person: int,
    quotable: bool | None = None,
) -> LearningSession:
    """Change the plan. `quotable` (the rule for quoting anonymous contributions in the
    travel report): None keeps it. Anonymity and that rule are fixed once input opens:
    participants wrote trusting them."""
    fresh = _locked(session, *[p for p in SessionPhase if p != SessionPhase.CLOSED])
    if quotable is None:
        quotable = fresh.quotable
    title = tidy(title)
    if not title:
        raise _refuse(_("Give the session a title."), "title")
    _check_times(starts_at, ends_at)
    _check_votes(votes_per_person)
    if anonymous != fresh.anonymous and fresh.phase not in BEFORE_INPUT:
        raise _refuse(
            _("Anonymous or named is chosen before input opens; it cannot change now."),
            "anonymous",
            code="anonymity_fixed",
        )
    if quotable != fresh.quotable and fresh.phase not in BEFORE_INPUT:
        raise _refuse(
            _(
                "Whether anonymous contributions may be quoted is chosen before input "
                "opens; it cannot change now."
            ),
            "quotable",
            code="quotable_fixed",
        )
    if (
        votes_per_person < fresh.votes_per_person
        and fresh.participants.filter(votes_used__gt=votes_per_person).exists()
    ):
        raise _refuse(_("Some participants already used more votes than that."), "votes_per_person")
    changed = {
        name: value
        for name, value in {
            "title": title,
            "starts_at": starts_at,
            "ends_at": ends_at,
            "place": tidy(place),
            "anonymous": anonymous,
            "quotable": quotable,
            "votes_per_person": votes_per_person,
        }.items()
        if getattr(fresh, name) != value
    }
    for name, value in changed.items():
        setattr(fresh, name, value)
    if changed:
        fresh.save(update_fields=list(changed))
    _touched(fresh)
    if changed:
        _audit(fresh, by, "session.update", fresh, fields=sorted(changed))
    session.refresh_from_db()
    return session


@transaction.atomic
def participants_set(
    *, session: LearningSession, users: list[User], by: User, audit: bool = True
) -> None:
    """Put these members on the participant list (members already on it stay; guests are
    not touched). Only members of the programme can be added."""
    if session.phase == SessionPhase.CLOSED:
        raise _refuse(_("This session is closed."), code="closed")
    roles = dict(
        Membership.objects.filter(programme_id=session.programme_id, user__in=users).values_list(
            "user_id", "role"
        )
    )
    strangers = [user for user in users if user.pk not in roles]
    if strangers:
        raise _refuse(_("Only members of the programme can take part as members."), "users")
    present = set(
        Participant.objects.filter(session=session, user__isnull=False).values_list(
            "user_id", flat=True
        )
    )
    new = [
        Participant(
            session=session,
            user=user,
            display_name=user.name,
            role_label=role_label(roles[user.pk]),
        )
        for user in {user.pk: user for user in users}.values()
        if user.pk not in present
    ]
    Participant.objects.bulk_create(new)
    _touched(session)
    if audit and new:
        _audit(session, by, "session.participants", session, added=len(new))


@transaction.atomic
def participant_remove(*, participant: Participant, by: User) -> None:
    session = _locked(participant.session, *BEFORE_INPUT)
    participant.delete()
    _touched(session)
    _audit(session, by, "session.participant_remove", session)


@transaction.atomic
def agenda_set(
    *,
    session: LearningSession,
    cycles: list[LearningCycle],
    questions: list[LearningQuestion],
    by: User,
) -> None:
    fresh = _locked(session, *BEFORE_INPUT)
    programme_id = fresh.programme_id
    if any(cycle.initiative.programme_id != programme_id for cycle in cycles):
        raise _refuse(_("Choose cycles of this programme."), "cycles")
    if any(question.programme_id != programme_id for question in questions):
        raise _refuse(_("Choose learning questions of this programme."), "questions")
    fresh.agenda_cycles.set(cycles)
    fresh.agenda_questions.set(questions)
    _touched(fresh)
    _audit(fresh, by, "session.agenda", fresh, cycles=len(cycles), questions=len(questions))


@transaction.atomic
def facilitator_hand_over(*, session: LearningSession, to: User, by: User) -> LearningSession:
    fresh = _locked(session, *[p for p in SessionPhase if p != SessionPhase.CLOSED])
    _check_facilitator(fresh.programme, to, "to")
    if to.pk == fresh.facilitator_id:
        raise _refuse(_("This person already facilitates the session."), "to")
    old = fresh.facilitator_id
    fresh.facilitator = to
    fresh.save(update_fields=["facilitator"])
    _touched(fresh)
    _audit(fresh, by, "session.hand_over", fresh, **{"from": old, "to": to.pk})
    session.refresh_from_db()
    return session


@transaction.atomic
def course_create(*, programme: Programme, name: str, cohort: list[User], by: User) -> Course:
    name = tidy(name)
    if not name:
        raise _refuse(_("Give the course a name."), "name")
    members = set(
        Membership.objects.filter(programme=programme, user__in=cohort).values_list(
            "user_id", flat=True
        )
    )
    if any(user.pk not in members for user in cohort):
        raise _refuse(_("Only members of the programme can be in the cohort."), "cohort")
    course = Course.objects.create(programme=programme, name=name)
    course.cohort.set(cohort)
    audit_record(
        actor=by,
        action="course.create",
        target=course,
        programme=programme,
        data={"cohort": len(cohort)},
    )
    return course


# The phases --------------------------------------------------------------------------------


@transaction.atomic
def session_advance(*, session: LearningSession, by: User, expected: str) -> LearningSession:
    """Move the session to its next phase. `expected` is the phase the facilitator saw:
    a second click on the same button does not skip a phase."""
    _require_facilitator(session, by)
    fresh = _locked(session)
    if fresh.phase != expected:
        raise _refuse(
            _("The session already moved on to “%(phase)s”.")
            % {"phase": SessionPhase(fresh.phase).label},
            code="stale_phase",
        )
    to = next_phase(fresh.phase)
    if to is None:
        raise _refuse(_("This session is closed."), code="closed")
    if to == SessionPhase.CLOSED:
        return _close(session, fresh, by)
    data: dict[str, Any] = {"from": fresh.phase, "to": to}
    if fresh.phase == SessionPhase.INPUT:
        # The only trace of anonymous input in the audit trail: how much came in.
        data["contributions"] = fresh.contributions.count()
    if fresh.phase == SessionPhase.VOTING:
        data["votes"] = sum(fresh.themes.values_list("votes", flat=True))
    fresh.phase = to
    fresh.save(update_fields=["phase"])
    _touched(fresh)
    # A phase change shows on the programme's session list: audited with the programme.
    _audit(fresh, by, "session.phase", fresh, **data)
    session.refresh_from_db()
    return session


def _close(session: LearningSession, fresh: LearningSession, by: User) -> LearningSession:
    now = timezone.now()
    fresh.phase = SessionPhase.CLOSED
    fresh.closed_at = now
    fresh.join_code = None
    fresh.save(update_fields=["phase", "closed_at", "join_code"])
    applied = _apply_proposals(fresh, by)
    # A review held in a session happened on the session's day, even when the
    # facilitator closes the session a day later.
    reviewed = _review_agenda_cycles(fresh, by, timezone.localdate(fresh.starts_at))
    _touched(fresh)
    _audit(
        fresh,
        by,
        "session.phase",
        fresh,
        **{"from": SessionPhase.CAPTURE, "to": SessionPhase.CLOSED},
        proposals=applied,
        reviewed_cycles=reviewed,
    )
    session.refresh_from_db()
    return session


def _apply_proposals(session: LearningSession, by: User) -> int:
    applied = 0
    for proposal in session.proposals.select_related("question__programme").filter(applied=False):
        question = LearningQuestion.objects.select_for_update().get(pk=proposal.question_id)
        question.programme = session.programme
        if proposal.kind == ProposalKind.REFORMULATE:
            text, status, answer = proposal.text, question.status, None
        elif proposal.kind == ProposalKind.ANSWER:
            text, status, answer = question.text, QuestionStatus.ANSWERED, proposal.text
        else:
            text, status, answer = question.text, QuestionStatus.PERSISTENT, None
        question_update(
            question=question,
            text=text,
            status=status,
            answer=answer,
            by=by,
            expected_version=question.version,
        )
        proposal.applied = True
        proposal.save(update_fields=["applied"])
        applied += 1
    return applied


def taken_part(session: LearningSession) -> list[str]:
    """Who took part, as a review records it: names in a named session; in an anonymous
    one, how many took part per role ("Civil servant: 3")."""
    participants = list(session.participants.order_by("display_name", "id"))
    if not session.anonymous:
        return [p.display_name or str(_("Guest")) for p in participants]
    counts: dict[str, int] = {}
    for participant in participants:
        label = role_name(participant.role_label)
        counts[label] = counts.get(label, 0) + 1
    return [f"{label}: {count}" for label, count in sorted(counts.items())]


def role_name(label: str) -> str:
    """The translated name of a participant's role label."""
    return str(Role(label).label) if label in Role.values else _("Guest")


def _review_agenda_cycles(session: LearningSession, by: User, on: date) -> int:
    """The acting cycles on the agenda are reviewed with the session's answers: per
    question, the contributions about that cycle (and those about no cycle in
    particular). Only when the session answered the programme's own review questions."""
    programme = Programme.objects.get(pk=session.programme_id)
    if list(session.questions) != list(programme.review_questions):
        return 0
    cycles = list(
        session.agenda_cycles.filter(state=CycleState.ACTING).select_related("initiative")
    )
    if not cycles:
        return 0
    people = taken_part(session)
    by_question: dict[tuple[int | None, int], list[str]] = {}
    for cycle_id, question, text in session.contributions.values_list(
        "cycle_id", "question", "text"
    ):
        by_question.setdefault((cycle_id, question), []).append(text)
    nothing = _("(No contributions to this question in the session.)")
    reviewed = 0
    for cycle in cycles:
        answers = []
        for index in range(len(session.questions)):
            texts = by_question.get((cycle.pk, index), []) + by_question.get((None, index), [])
            answers.append("\n\n".join(texts) if texts else nothing)
        on_day = max(on, cycle.acting_on or cycle.starts_on)
        review_record(
            cycle=cycle,
            answers=answers,
            by=by,
            reviewed_on=min(on_day, timezone.localdate()),
            held_in=session.title,
            taken_part=people,
        )
        reviewed += 1
    return reviewed


# Open actions of earlier sessions ---------------------------------------------------------


@transaction.atomic
def action_review(*, session: LearningSession, action: Action, outcome: str, by: User) -> Action:
    """Done, carried over (it stays open for the next session) or dropped."""
    _require_facilitator(session, by)
    _locked(session, SessionPhase.ACTIONS)
    if outcome not in ACTION_OUTCOMES:
        raise _refuse(_("Choose done, carried over or dropped."), "outcome")
    fresh = Action.objects.select_for_update().select_related("session").get(pk=action.pk)
    if fresh.session.programme_id != session.programme_id or fresh.session_id == session.pk:
        raise _refuse(_("Choose an open action of an earlier session."), "action")
    if fresh.status != ActionStatus.OPEN and fresh.reviewed_in_id != session.pk:
        raise _refuse(_("This action was already reviewed."), "action")
    old = fresh.status
    fresh.status = ActionStatus.OPEN if outcome == ActionStatus.CARRIED_OVER else outcome
    fresh.reviewed_in = session
    fresh.save(update_fields=["status", "reviewed_in"])
    _touched(session)
    _audit(session, by, "action.review", fresh, **{"from": old, "to": outcome})
    return fresh


# Silent input, themes and votes ----------------------------------------------------------


@transaction.atomic
def contribution_add(
    *,
    session: LearningSession,
    participant: Participant,
    question: int,
    text: str,
    cycle: LearningCycle | None = None,
) -> Contribution:
    """One contribution in silent input. In an anonymous session nothing of the writer is
    kept: no author, no time, no audit event (see the module's docstring)."""
    fresh = _locked(session, SessionPhase.INPUT)
    if participant.session_id != fresh.pk:
        raise _refuse(_("You do not take part in this session."), code="not_participant")
    text = tidy(text)
    if not text:
        raise _refuse(_("Write your contribution first."), "text", code="empty")
    if len(text) > MAX_CONTRIBUTION_LENGTH:
        raise _refuse(
            _("Keep your contribution under %(max)s characters.")
            % {"max": MAX_CONTRIBUTION_LENGTH},
            "text",
        )
    if not 0 <= question < len(fresh.questions):
        raise _refuse(_("Choose one of the session's questions."), "question")
    if cycle is not None and not fresh.agenda_cycles.filter(pk=cycle.pk).exists():
        raise _refuse(_("Choose a cycle on the agenda."), "cycle")
    contribution = Contribution.objects.create(
        session=fresh,
        question=question,
        text=text,
        cycle=cycle,
        author=None if fresh.anonymous else participant,
    )
    _touched(fresh)
    if not fresh.anonymous:
        # A contribution's key is a UUID, which an audit event's number cannot hold: the
        # event names the session and carries the key.
        _session_audit(
            participant.user,
            "contribution.add",
            fresh,
            session=fresh.pk,
            contribution=str(contribution.pk),
        )
    return contribution


@transaction.atomic
def theme_create(
    *, session: LearningSession, title: str, contributions: list[Contribution], by: User
) -> Theme:
    _require_facilitator(session, by)
    fresh = _locked(session, SessionPhase.GROUPING)
    title = tidy(title)
    if not title:
        raise _refuse(_("Give the theme a name."), "title")
    if any(c.session_id != fresh.pk for c in contributions):
        raise _refuse(_("Choose contributions of this session."), "contributions")
    position = (fresh.themes.aggregate(m=Max("position"))["m"] or 0) + 1
    theme = Theme.objects.create(session=fresh, title=title[:200], position=position)
    Contribution.objects.filter(pk__in=[c.pk for c in contributions]).update(theme=theme)
    _touched(fresh)
    _session_audit(by, "theme.create", theme, session=fresh.pk, contributions=len(contributions))
    return theme


@transaction.atomic
def contributions_group(
    *, session: LearningSession, theme: Theme | None, contributions: list[Contribution], by: User
) -> None:
    """Put contributions in a theme (None: take them out of their theme)."""
    _require_facilitator(session, by)
    fresh = _locked(session, SessionPhase.GROUPING)
    if theme is not None and theme.session_id != fresh.pk:
        raise _refuse(_("Choose a theme of this session."), "theme")
    if any(c.session_id != fresh.pk for c in contributions):
        raise _refuse(_("Choose contributions of this session."), "contributions")
    Contribution.objects.filter(pk__in=[c.pk for c in contributions]).update(theme=theme)
    _touched(fresh)
    _session_audit(
        by, "theme.group", theme or fresh, session=fresh.pk, contributions=len(contributions)
    )


@transaction.atomic
def vote_cast(*, session: LearningSession, participant: Participant, theme: Theme) -> int:
    """One vote on a theme; returns the votes the participant has left. The limit holds
    without storing who voted what: the participant's counter goes up only while it is
    under the limit, in one statement, and the theme's count goes up beside it."""
    fresh = _locked(session, SessionPhase.VOTING)
    if participant.session_id != fresh.pk:
        raise _refuse(_("You do not take part in this session."), code="not_participant")
    if theme.session_id != fresh.pk:
        raise _refuse(_("Choose a theme of this session."), "theme")
    counted = Participant.objects.filter(
        pk=participant.pk, votes_used__lt=fresh.votes_per_person
    ).update(votes_used=F("votes_used") + 1)
    if not counted:
        raise _refuse(
            _("You have used all your %(votes)s votes.") % {"votes": fresh.votes_per_person},
            code="no_votes_left",
        )
    Theme.objects.filter(pk=theme.pk).update(votes=F("votes") + 1)
    # The session's version stays: the board shows no votes until voting closes (the
    # phase change raises it then), so a vote changes nothing anyone watches. Raising it
    # made every watcher fetch the whole board again for each vote (bench/README.md).
    used = Participant.objects.values_list("votes_used", flat=True).get(pk=participant.pk)
    return fresh.votes_per_person - used


# Discussion and capture --------------------------------------------------------------------


@transaction.atomic
def theme_note(*, session: LearningSession, theme: Theme, text: str, by: User) -> Theme:
    """What was said about a theme in the discussion."""
    _require_facilitator(session, by)
    fresh = _locked(session, *CAPTURING)
    if theme.session_id != fresh.pk:
        raise _refuse(_("Choose a theme of this session."), "theme")
    theme.discussion = tidy(text)
    theme.save(update_fields=["discussion"])
    _touched(fresh)
    _session_audit(by, "theme.note", theme, session=fresh.pk)
    return theme


@transaction.atomic
def insight_add(
    *,
    session: LearningSession,
    text: str,
    kind: str,
    by: User,
    theme: Theme | None = None,
    questions: list[LearningQuestion] | None = None,
    initiatives: list[Initiative] | None = None,
) -> Insight:
    _require_facilitator(session, by)
    fresh = _locked(session, *CAPTURING)
    text = tidy(text)
    if not text:
        raise _refuse(_("Write the insight."), "text", code="empty")
    if kind not in InsightKind.values:
        raise _refuse(_("Mark the insight as a fact, a perception or a reflection."), "kind")
    if theme is not None and theme.session_id != fresh.pk:
        raise _refuse(_("Choose a theme of this session."), "theme")
    questions, initiatives = questions or [], initiatives or []
    if any(q.programme_id != fresh.programme_id for q in questions):
        raise _refuse(_("Choose learning questions of this programme."), "questions")
    if any(i.programme_id != fresh.programme_id for i in initiatives):
        raise _refuse(_("Choose initiatives of this programme."), "initiatives")
    insight = Insight.objects.create(
        session=fresh, text=text, kind=kind, theme=theme, recorded_by=by
    )
    insight.learning_questions.set(questions)
    insight.initiatives.set(initiatives)
    _touched(fresh)
    _session_audit(by, "insight.add", insight, session=fresh.pk)
    return insight


@transaction.atomic
def action_add(
    *, session: LearningSession, text: str, owner: User, due_on: date, by: User
) -> Action:
    _require_facilitator(session, by)
    fresh = _locked(session, *CAPTURING)
    text = tidy(text)
    if not text:
        raise _refuse(_("Describe the action."), "text", code="empty")
    if not Membership.objects.filter(programme_id=fresh.programme_id, user=owner).exists():
        raise _refuse(_("The owner must be a member of the programme."), "owner")
    today = timezone.localdate()
    if due_on < fresh.starts_at.date() or due_on > today + ACTION_DUE_RANGE:
        raise _refuse(_("Choose a due date after the session, within three years."), "due_on")
    action = Action.objects.create(
        session=fresh, text=text, owner=owner, due_on=due_on, recorded_by=by
    )
    _touched(fresh)
    _session_audit(by, "action.add", action, session=fresh.pk)
    return action


@transaction.atomic
def proposal_add(
    *, session: LearningSession, question: LearningQuestion, kind: str, text: str, by: User
) -> AgendaProposal:
    """A proposed update of the learning agenda, applied when the session closes."""
    _require_facilitator(session, by)
    fresh = _locked(session, *CAPTURING)
    if question.programme_id != fresh.programme_id:
        raise _refuse(_("Choose a learning question of this programme."), "question")
    if kind not in ProposalKind.values:
        raise _refuse(_("Choose what to propose."), "kind")
    text = tidy(text)
    if kind in {ProposalKind.REFORMULATE, ProposalKind.ANSWER} and not text:
        message = (
            _("Write the new wording.")
            if kind == ProposalKind.REFORMULATE
            else _("Write the answer.")
        )
        raise _refuse(message, "text", code="empty")
    proposal = AgendaProposal.objects.create(session=fresh, question=question, kind=kind, text=text)
    _touched(fresh)
    _session_audit(by, "proposal.add", proposal, session=fresh.pk, kind=kind)
    return proposal


# Guests ------------------------------------------------------------------------------------


def normalise_code(code: str) -> str:
    """A join code as stored: capitals, without the spaces and dashes people type."""
    return "".join((code or "").split()).upper().replace("-", "")


@transaction.atomic
def guest_join(*, code: str, display_name: str = "") -> Participant:
    """A guest joins with the session's code. The code works until the session closes."""
    code = normalise_code(code)
    session = (
        LearningSession.objects.select_for_update()
        .filter(join_code=code)
        .exclude(phase=SessionPhase.CLOSED)
        .first()
        if code
        else None
    )
    if session is None:
        raise _refuse(
            _("This code is not valid, or the session has closed."), "code", code="bad_code"
        )
    name = tidy(display_name)[:80]
    participant = Participant.objects.create(session=session, display_name=name, role_label="guest")
    _touched(session)
    # No actor: a guest has no account. The event says a guest joined, not who.
    _session_audit(None, "session.guest_join", session)
    return participant


# Join attempts, counted (the throttle) ----------------------------------------------------
#
# Guessing a six-letter code is slowed down twice: per address, failed attempts are
# counted; per code, every attempt. Counted per ten minutes; the rows hold a keyed hash
# (HMAC with the SECRET_KEY) of the address or the code, never the address or the code
# itself. Not audited: a counter is no change of the programme's data, and an event per
# attempt would keep every guest's address (hashed) and time.

THROTTLE_WINDOW_MINUTES = 10


def throttle_key(kind: str, value: str) -> str:
    message = f"{kind}:{value}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def throttle_window(at: float | None = None) -> int:
    """The number of the current ten minutes since the epoch."""
    return int((time.time() if at is None else at) // 60) // THROTTLE_WINDOW_MINUTES


def join_throttled(*, address: str, code: str) -> bool:
    """Whether this address failed too often, or this code was tried too often, in the
    current window (settings JOIN_FAILURES_PER_ADDRESS and JOIN_ATTEMPTS_PER_CODE)."""
    limits = {
        throttle_key("address", address): settings.JOIN_FAILURES_PER_ADDRESS,
        throttle_key("code", code): settings.JOIN_ATTEMPTS_PER_CODE,
    }
    counted = JoinThrottle.objects.filter(key__in=limits, window=throttle_window()).values_list(
        "key", "attempts"
    )
    return any(attempts >= limits[key] for key, attempts in counted)


@transaction.atomic
def join_attempt_record(*, address: str, code: str, failed: bool) -> None:
    """Count an attempt to join with `code`, and a failure of this address."""
    window = throttle_window()
    keys = [throttle_key("code", code)]
    if failed:
        keys.append(throttle_key("address", address))
    for key in keys:
        if JoinThrottle.objects.filter(key=key, window=window).update(attempts=F("attempts") + 1):
            continue
        try:
            with transaction.atomic():
                JoinThrottle.objects.create(key=key, window=window, attempts=1)
        except IntegrityError:  # another attempt created it at the same moment
            JoinThrottle.objects.filter(key=key, window=window).update(attempts=F("attempts") + 1)
        else:
            # The first attempt of a window clears the windows before the previous one.
            JoinThrottle.objects.filter(window__lt=window - 1).delete()


# The calendar ------------------------------------------------------------------------------


@transaction.atomic
def calendar_feed_create(*, user: User, programme: Programme | None = None) -> CalendarFeed:
    """A new private address of a calendar feed: a person's own sessions, or (with a
    programme they are a member of) all of that programme's sessions. An address that
    existed is replaced: the old one stops working at once."""
    if (
        programme is not None
        and not Membership.objects.filter(programme=programme, user=user).exists()
    ):
        raise _refuse(
            _("You can only follow the sessions of a programme you are a member of."),
            "programme",
        )
    replaced = CalendarFeed.objects.filter(user=user, programme=programme).delete()[0] > 0
    feed = CalendarFeed.objects.create(
        user=user, programme=programme, token=secrets.token_urlsafe(32)
    )
    # Never the token: the trail is readable by administrators.
    audit_record(
        actor=user,
        action="calendar.create",
        target=feed,
        data={"programme": programme.pk if programme else None, "replaced": replaced},
    )
    return feed


@transaction.atomic
def calendar_feed_revoke(*, feed: CalendarFeed, by: User) -> None:
    """The address stops working: the row is deleted, a new address gets a new token."""
    if feed.user_id != by.pk:
        raise _refuse(_("This is not your calendar address."), code="not_owner")
    audit_record(
        actor=by, action="calendar.revoke", target=feed, data={"programme": feed.programme_id}
    )
    feed.delete()
