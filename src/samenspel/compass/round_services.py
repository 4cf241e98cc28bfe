"""Writes of the compass round in a learning session: the facilitator opens and closes
it, and each participant answers the compass about the session once.

Keyword-only, atomic, audited, as compass.services. Opening and closing are events of
the session only (programme=None, as learning_sessions' own session events): the
programme's cached pages do not change with them. An answer is an assessment recorded
through compass.services.assessment_record (subject: the session), which audits it: in
an anonymous session, and for a guest, without a respondent and with no actor. Every
write raises the session's version (learning_sessions.services.session_touch), so the
live board, which shows the round, refreshes.

A participant's answer leaves one trace per person, RoundResponse: that they answered,
with a random key and no tie to the assessment (docs/privacy.md).
"""

from collections.abc import Mapping

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.accounts.models import User
from samenspel.common.services import audit_record
from samenspel.compass.constants import PERSPECTIVE_OF_ROLE, Perspective, Subject
from samenspel.compass.models import Assessment, Compass, CompassRound, RoundResponse
from samenspel.compass.services import ScoreInput, assessment_record
from samenspel.learning_sessions.constants import SessionPhase
from samenspel.learning_sessions.models import LearningSession, Participant
from samenspel.learning_sessions.services import session_touch
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Membership

# A round is opened from the review of open actions until insights and actions are
# captured: not before the session started, not after it closed.
ROUND_PHASES = frozenset(
    {
        SessionPhase.ACTIONS,
        SessionPhase.INPUT,
        SessionPhase.GROUPING,
        SessionPhase.VOTING,
        SessionPhase.DISCUSSION,
        SessionPhase.CAPTURE,
    }
)


def _refuse(message: str, field: str | None = None, code: str = "invalid") -> ValidationError:
    error = ValidationError(message, code=code)
    return ValidationError({field: error}) if field else error


def _locked_session(session: LearningSession) -> LearningSession:
    return (
        LearningSession.objects.select_for_update().select_related("programme").get(pk=session.pk)
    )


def _session_audit(by: User, action: str, target: Model, session: LearningSession) -> None:
    audit_record(
        actor=by, action=action, target=target, programme=None, data={"session": session.pk}
    )


@transaction.atomic
def round_open(*, session: LearningSession, by: User) -> CompassRound:
    """Open the session's compass round: only its facilitator, only while the session
    runs (ROUND_PHASES), only when the programme's compass has facets in use, and once
    per session."""
    fresh = _locked_session(session)
    if by.pk != fresh.facilitator_id:
        raise _refuse(
            _("Only the facilitator of this session can do this."), code="not_facilitator"
        )
    if fresh.phase not in ROUND_PHASES:
        raise _refuse(
            _("A compass round can be held while the session runs, not in the phase “%(phase)s”.")
            % {"phase": SessionPhase(fresh.phase).label},
            code="wrong_phase",
        )
    compass = Compass.objects.filter(programme=fresh.programme).first()
    if compass is None or not compass.facets.filter(retired_at__isnull=True).exists():
        raise _refuse(
            _("The programme's compass has no facets in use yet. Choose the compass first."),
            code="no_compass",
        )
    if CompassRound.objects.filter(session=fresh).exists():
        raise _refuse(_("This session has had its compass round already."), code="exists")
    compass_round = CompassRound.objects.create(session=fresh)
    # Everyone on the list has their row before anyone answers (see RoundResponse).
    RoundResponse.objects.bulk_create(
        RoundResponse(round=compass_round, participant=participant)
        for participant in fresh.participants.order_by("?")
    )
    session_touch(session=fresh)
    _session_audit(by, "compass_round.open", compass_round, fresh)
    return compass_round


@transaction.atomic
def round_close(*, round: CompassRound, by: User) -> CompassRound:
    """Close the round: it takes no more answers; the board keeps showing its figures."""
    fresh = CompassRound.objects.select_for_update().select_related("session").get(pk=round.pk)
    if by.pk != fresh.session.facilitator_id:
        raise _refuse(
            _("Only the facilitator of this session can do this."), code="not_facilitator"
        )
    if fresh.closed_at is not None:
        raise _refuse(_("The compass round is closed already."), code="closed")
    fresh.closed_at = timezone.now()
    fresh.save(update_fields=["closed_at"])
    session_touch(session=fresh.session)
    _session_audit(by, "compass_round.close", fresh, fresh.session)
    return fresh


def round_seen(*, round: CompassRound, participant: Participant) -> None:
    """A participant who joined after the round opened sees it: their row is made now,
    before they answer (see RoundResponse). Not audited: nothing changes for anyone."""
    if round.is_open:
        RoundResponse.objects.get_or_create(round=round, participant=participant)


def perspective_of_participant(
    participant: Participant, session: LearningSession, chosen: str = ""
) -> str:
    """A member answers from the perspective of their role in the programme; a guest
    (or a member who has left the programme) chooses, residents unless they say else."""
    if participant.user_id is not None:
        role = (
            Membership.objects.filter(
                programme_id=session.programme_id, user_id=participant.user_id
            )
            .values_list("role", flat=True)
            .first()
        )
        if role is not None:
            return PERSPECTIVE_OF_ROLE[Role(role)]
    return chosen or Perspective.RESIDENTS


@transaction.atomic
def round_answer(
    *,
    round: CompassRound,
    participant: Participant,
    answers: Mapping[int, ScoreInput],
    perspective: str = "",
) -> Assessment:
    """A participant's answers in the round, once. `perspective` is what a guest chose;
    a member's follows from their role. Anonymous (no respondent, no actor) when the
    session is anonymous or the participant is a guest."""
    fresh = CompassRound.objects.select_for_update().get(pk=round.pk)
    session = _locked_session(fresh.session)
    if participant.session_id != session.pk:
        raise _refuse(_("You do not take part in this session."), code="not_participant")
    if fresh.closed_at is not None or session.phase == SessionPhase.CLOSED:
        raise _refuse(_("The compass round is closed. It no longer takes answers."), code="closed")
    if RoundResponse.objects.filter(round=fresh, participant=participant, answered=True).exists():
        raise _refuse(
            _("You have answered in this compass round already. Each person answers once."),
            code="duplicate",
        )
    if participant.user_id is None and perspective and perspective not in Perspective.values:
        raise _refuse(_("Choose a perspective."), "perspective")
    anonymous = session.anonymous or participant.user_id is None
    assessment = assessment_record(
        programme=session.programme,
        subject=Subject.SESSION,
        session=session,
        perspective=perspective_of_participant(participant, session, perspective),
        answers=answers,
        respondent=None if anonymous else participant.user,
        anonymous=anonymous,
    )
    # The row was made before (round_open, round_seen); the round's row lock above keeps
    # two sends of one person apart. Only a participant who never saw the round open
    # gets their row now.
    ticked = RoundResponse.objects.filter(
        round=fresh, participant=participant, answered=False
    ).update(answered=True)
    if not ticked:
        RoundResponse.objects.create(round=fresh, participant=participant, answered=True)
    session_touch(session=session)
    return assessment
