"""Writes on the compass: choose a template or one's own facets, edit the facets, record
assessments, and open and close the links through which residents answer.

Keyword-only, atomic, audited. A refusal is a ValidationError with a translated message
(on the form field it concerns) and nothing is stored. Anonymous answers are audited
with actor=None and carry nothing that names a person or an address.
"""

import datetime
import hashlib
import hmac
import secrets
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.utils import timezone
from django.utils.translation import gettext as _

from samenspel.accounts.models import User
from samenspel.common.services import audit_record
from samenspel.common.services import bounded_text as _text
from samenspel.common.services import refusal as _refuse
from samenspel.common.text import SHORT_TEXT
from samenspel.compass.constants import (
    CORE_MAX,
    FACET_DESCRIPTION_MAX,
    FACET_NAME_MAX,
    MAX_FACETS,
    MAX_YEARS_BACK,
    NOTE_MAX,
    OWN_FACETS,
    SCORE_MAX,
    SCORE_MIN,
    TEMPLATES,
    FacetColour,
    Perspective,
    Subject,
)
from samenspel.compass.models import (
    AnswerLink,
    Assessment,
    Compass,
    CompassRound,
    Facet,
    LinkVisit,
    Score,
)
from samenspel.learning_sessions.models import LearningSession
from samenspel.learning_sessions.services import session_touch
from samenspel.programmes.models import Initiative, Programme
from samenspel.programmes.services import STALE, check_in_period

# Answers through links, per client address, per hour (settings override).
LINK_WINDOW = datetime.timedelta(hours=1)


def _boards_changed(programme: Programme) -> None:
    """The boards of the programme's sessions with a compass round show facets' names and
    colours: raise those sessions' versions, so that they are drawn again."""
    LearningSession.objects.filter(
        pk__in=CompassRound.objects.filter(session__programme=programme).values("session_id")
    ).update(version=F("version") + 1)


# The compass and its facets ---------------------------------------------------------------


def _facets_from_template(compass: Compass, template: str) -> list[Facet]:
    if template == OWN_FACETS:
        return []
    return Facet.objects.bulk_create(
        Facet(
            compass=compass,
            position=position,
            name=str(facet.name),
            description=str(facet.description),
            colour=facet.colour,
        )
        for position, facet in enumerate(TEMPLATES[template].facets, start=1)
    )


def _check_template(template: str) -> None:
    if template != OWN_FACETS and template not in TEMPLATES:
        raise _refuse(_("Choose one of the templates."), "template")


@transaction.atomic
def compass_create(*, programme: Programme, template: str, by: User) -> Compass:
    """Give the programme its compass: a copy of a template's core and facets, or a core
    of one's own without facets yet (`OWN_FACETS`)."""
    _check_template(template)
    if Compass.objects.filter(programme=programme).exists():
        raise _refuse(_("This programme already has a compass."), code="exists")
    core = str(TEMPLATES[template].core) if template in TEMPLATES else _("Our compass")
    compass = Compass.objects.create(
        programme=programme, core=core, template=template if template in TEMPLATES else ""
    )
    _facets_from_template(compass, template)
    audit_record(
        actor=by,
        action="compass.create",
        target=compass,
        programme=programme,
        data={"template": compass.template},
    )
    return compass


def compass_has_answers(compass: Compass) -> bool:
    return Score.objects.filter(facet__compass=compass).exists()


@transaction.atomic
def compass_apply_template(*, compass: Compass, template: str, by: User) -> Compass:
    """Start again from a template: only while nobody has answered, since answers keep
    their facets."""
    _check_template(template)
    if compass_has_answers(compass):
        raise _refuse(
            _("People have answered this compass already. Rename, add or retire facets instead."),
            "template",
            "answered",
        )
    compass.facets.all().delete()
    _facets_from_template(compass, template)
    if template in TEMPLATES:
        compass.core = str(TEMPLATES[template].core)
    compass.template = template if template in TEMPLATES else ""
    compass.version = F("version") + 1
    compass.save(update_fields=["core", "template", "version"])
    compass.refresh_from_db()
    audit_record(
        actor=by,
        action="compass.template",
        target=compass,
        programme=compass.programme,
        data={"template": compass.template},
    )
    return compass


@transaction.atomic
def compass_update(*, compass: Compass, core: str, expected_version: int, by: User) -> Compass:
    core = _text("core", core, CORE_MAX, required=True)
    updated = Compass.objects.filter(pk=compass.pk, version=expected_version).update(
        core=core, version=F("version") + 1
    )
    if not updated:
        raise _refuse(str(STALE), code="stale")
    compass.refresh_from_db()
    audit_record(actor=by, action="compass.update", target=compass, programme=compass.programme)
    return compass


def _facet_fields(
    compass: Compass, *, name: str, description: str, colour: str, facet: Facet | None = None
) -> dict[str, str]:
    name = _text("name", name, FACET_NAME_MAX, required=True)
    description = _text("description", description, FACET_DESCRIPTION_MAX)
    if colour not in FacetColour.values:
        raise _refuse(_("Choose one of the colours."), "colour")
    taken = Facet.objects.filter(compass=compass, name__iexact=name)
    if facet is not None:
        taken = taken.exclude(pk=facet.pk)
    if taken.exists():
        raise _refuse(_("This compass already has a facet with this name."), "name", "taken")
    return {"name": name, "description": description, "colour": colour}


@transaction.atomic
def facet_add(
    *, compass: Compass, name: str, description: str = "", colour: str, by: User
) -> Facet:
    Compass.objects.select_for_update().filter(pk=compass.pk).first()
    fields = _facet_fields(compass, name=name, description=description, colour=colour)
    if compass.facets.filter(retired_at__isnull=True).count() >= MAX_FACETS:
        raise _refuse(
            _("A compass has at most %(count)s facets in use. Retire one first.")
            % {"count": MAX_FACETS},
            code="too_many",
        )
    last = compass.facets.aggregate(last=Max("position"))["last"] or 0
    facet = Facet.objects.create(compass=compass, position=last + 1, **fields)
    audit_record(
        actor=by,
        action="facet.add",
        target=facet,
        programme=compass.programme,
        data={"name": facet.name},
    )
    return facet


@transaction.atomic
def facet_update(*, facet: Facet, name: str, description: str = "", colour: str, by: User) -> Facet:
    """Rename or redescribe a facet, also one with answers: its answers stay with it."""
    fields = _facet_fields(
        facet.compass, name=name, description=description, colour=colour, facet=facet
    )
    before = facet.name
    for field, value in fields.items():
        setattr(facet, field, value)
    facet.save(update_fields=list(fields))
    _boards_changed(facet.compass.programme)
    audit_record(
        actor=by,
        action="facet.update",
        target=facet,
        programme=facet.compass.programme,
        data={"from": before, "to": facet.name},
    )
    return facet


@transaction.atomic
def facet_move(*, facet: Facet, up: bool, by: User) -> Facet:
    """Swap the facet with its neighbour above (up) or below: the order of the radar."""
    facets = list(facet.compass.facets.select_for_update().order_by("position", "id"))
    index = next(i for i, f in enumerate(facets) if f.pk == facet.pk)
    other = index - 1 if up else index + 1
    if not 0 <= other < len(facets):
        return facet
    facets[index], facets[other] = facets[other], facets[index]
    for position, each in enumerate(facets, start=1):
        each.position = position
    Facet.objects.bulk_update(facets, ["position"])
    facet.refresh_from_db()
    audit_record(
        actor=by,
        action="facet.move",
        target=facet,
        programme=facet.compass.programme,
        data={"position": facet.position},
    )
    return facet


@transaction.atomic
def facet_retire(*, facet: Facet, by: User) -> Facet:
    """Nobody answers a retired facet any more; its answers stay in every picture."""
    if facet.retired_at is None:
        facet.retired_at = timezone.now()
        facet.save(update_fields=["retired_at"])
        _boards_changed(facet.compass.programme)
        audit_record(
            actor=by, action="facet.retire", target=facet, programme=facet.compass.programme
        )
    return facet


@transaction.atomic
def facet_restore(*, facet: Facet, by: User) -> Facet:
    if facet.retired_at is not None:
        if facet.compass.facets.filter(retired_at__isnull=True).count() >= MAX_FACETS:
            raise _refuse(
                _("A compass has at most %(count)s facets in use. Retire one first.")
                % {"count": MAX_FACETS},
                code="too_many",
            )
        facet.retired_at = None
        facet.save(update_fields=["retired_at"])
        _boards_changed(facet.compass.programme)
        audit_record(
            actor=by, action="facet.restore", target=facet, programme=facet.compass.programme
        )
    return facet


@transaction.atomic
def facet_delete(*, facet: Facet, by: User) -> None:
    """Only a facet nobody answered goes; one with answers can be retired instead."""
    if Score.objects.filter(facet=facet).exists():
        raise _refuse(
            _("People have answered this facet. Retire it instead: its answers stay."),
            code="answered",
        )
    audit_record(
        actor=by,
        action="facet.delete",
        target=facet,
        programme=facet.compass.programme,
        data={"name": facet.name},
    )
    facet.delete()


# Assessments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreInput:
    """One facet's answer as typed: `current` None means the facet was skipped."""

    current: int | None
    desired: int | None = None
    note: str = ""


def _score(field: str, value: Any) -> int | None:
    if value is None or value == "":
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise _refuse(_("Give a whole number from 0 to 10."), field, "not_a_score")
    if not SCORE_MIN <= value <= SCORE_MAX:
        raise _refuse(
            _("Give a score from %(low)s to %(high)s.") % {"low": SCORE_MIN, "high": SCORE_MAX},
            field,
            "out_of_range",
        )
    return value


def _assessment_day(programme: Programme, value: datetime.date | None) -> datetime.date:
    today = timezone.localdate()
    value = value or today
    if value > today:
        raise _refuse(_("This date lies in the future."), "assessed_on", "future")
    check_in_period(programme, assessed_on=value)
    if programme.starts_on is None and value.year < today.year - MAX_YEARS_BACK:
        raise _refuse(
            _("Choose a date in the last %(years)s years.") % {"years": MAX_YEARS_BACK},
            "assessed_on",
        )
    return value


def _scores(compass: Compass, answers: Mapping[int, ScoreInput]) -> list[Score]:
    facets = {facet.pk: facet for facet in compass.facets.all()}
    errors: dict[str, Any] = {}
    scores = []
    for facet_id, answer in answers.items():
        facet = facets.get(facet_id)
        if facet is None:
            raise _refuse(_("This facet is not part of this programme's compass."), code="foreign")
        prefix = f"facet_{facet_id}"
        try:
            current = _score(f"{prefix}_current", answer.current)
            desired = _score(f"{prefix}_desired", answer.desired)
            note = _text(f"{prefix}_note", answer.note, NOTE_MAX)
            if facet.retired and (current is not None or desired is not None or note):
                raise _refuse(
                    _("The facet “%(name)s” is retired: nobody answers it any more.")
                    % {"name": facet.name},
                    code="retired",
                )
            if current is None and (desired is not None or note):
                raise _refuse(
                    _("Give the score now as well, or leave this facet empty."),
                    f"{prefix}_current",
                    "required",
                )
        except ValidationError as error:
            error.update_error_dict(errors)
            continue
        if current is not None:
            scores.append(Score(facet=facet, current=current, desired=desired, note=note))
    if errors:
        raise ValidationError(errors)
    if not scores:
        raise _refuse(_("Score at least one facet."), code="empty")
    return scores


@transaction.atomic
def assessment_record(
    *,
    programme: Programme,
    subject: str,
    perspective: str,
    answers: Mapping[int, ScoreInput],
    respondent: User | None,
    anonymous: bool = False,
    initiative: Initiative | None = None,
    session: Any = None,
    assessed_on: datetime.date | None = None,
    link: AnswerLink | None = None,
) -> Assessment:
    """Record one assessment. `respondent` is who answers (None for a resident through a
    link or a guest); with anonymous=True nothing of them is stored, here or in the
    audit event. A self-assessment (Subject.PERSON) is about its respondent and is never
    anonymous."""
    compass = Compass.objects.filter(programme=programme).first()
    if compass is None:
        raise _refuse(_("This programme has no compass yet."), code="no_compass")
    if perspective not in Perspective.values:
        raise _refuse(_("Choose a perspective."), "perspective")
    if subject not in Subject.values:
        raise _refuse(_("Choose what the assessment is about."), "subject")
    if subject == Subject.INITIATIVE and (
        initiative is None or initiative.programme_id != programme.pk
    ):
        raise _refuse(_("Choose an initiative of this programme."), "initiative")
    if subject == Subject.SESSION and (session is None or session.programme_id != programme.pk):
        raise _refuse(_("Choose a learning session of this programme."), "session")
    if subject == Subject.PERSON and (respondent is None or anonymous):
        raise _refuse(_("Only a member answers about themselves, under their own name."))
    day = _assessment_day(programme, assessed_on)
    scores = _scores(compass, answers)
    assessment = Assessment.objects.create(
        programme=programme,
        subject=subject,
        initiative=initiative if subject == Subject.INITIATIVE else None,
        session=session if subject == Subject.SESSION else None,
        person=respondent if subject == Subject.PERSON else None,
        perspective=perspective,
        respondent=None if anonymous else respondent,
        anonymous=anonymous or respondent is None,
        link=link,
        assessed_on=day,
    )
    for score in scores:
        score.assessment = assessment
    Score.objects.bulk_create(scores)
    # An anonymous answer's event names no actor and points to the compass, not to the
    # answer: the audit trail says that an answer came in, never whose it is.
    audit_record(
        actor=None if assessment.anonymous else respondent,
        action="assessment.record",
        target=compass if assessment.anonymous else assessment,
        programme=programme,
        data={"subject": subject, "perspective": perspective, "facets": len(scores)},
    )
    return assessment


@transaction.atomic
def assessment_delete(*, assessment: Assessment, by: User) -> None:
    """A respondent takes back their own named assessment (compass.access decides). One
    given in a compass round leaves the board of its session too."""
    audit_record(
        actor=by,
        action="assessment.delete",
        target=assessment,
        programme=assessment.programme,
        data={"subject": assessment.subject, "perspective": assessment.perspective},
    )
    if assessment.session is not None:
        session_touch(session=assessment.session)
    assessment.delete()


# Answer links -----------------------------------------------------------------------------


@transaction.atomic
def link_create(
    *,
    programme: Programme,
    title: str,
    subject: str,
    initiative: Initiative | None = None,
    by: User,
) -> AnswerLink:
    title = _text("title", title, SHORT_TEXT, required=True)
    if not Compass.objects.filter(programme=programme).exists():
        raise _refuse(_("This programme has no compass yet."), code="no_compass")
    if subject not in (Subject.PROGRAMME, Subject.INITIATIVE):
        raise _refuse(_("A link asks about the programme or one initiative."), "subject")
    if subject == Subject.INITIATIVE and (
        initiative is None or initiative.programme_id != programme.pk
    ):
        raise _refuse(_("Choose an initiative of this programme."), "initiative")
    link = AnswerLink.objects.create(
        programme=programme,
        title=title,
        subject=subject,
        initiative=initiative if subject == Subject.INITIATIVE else None,
        created_by=by,
    )
    audit_record(
        actor=by, action="link.create", target=link, programme=programme, data={"title": title}
    )
    return link


@transaction.atomic
def link_close(*, link: AnswerLink, by: User) -> AnswerLink:
    if link.closed_at is None:
        link.closed_at = timezone.now()
        link.save(update_fields=["closed_at"])
        audit_record(actor=by, action="link.close", target=link, programme=link.programme)
    return link


@transaction.atomic
def link_reopen(*, link: AnswerLink, by: User) -> AnswerLink:
    if link.closed_at is not None:
        link.closed_at = None
        link.save(update_fields=["closed_at"])
        audit_record(actor=by, action="link.reopen", target=link, programme=link.programme)
    return link


def _keyed(kind: str, value: str) -> str:
    return hmac.new(
        settings.SECRET_KEY.encode(), f"{kind}:{value}".encode(), hashlib.sha256
    ).hexdigest()


# A visit's form can be sent for this long after the link was opened.
VISIT_MAX_AGE = datetime.timedelta(days=1)
_VISITS = signing.TimestampSigner(salt="samenspel.compass.visit")


def link_visit_start(*, link: AnswerLink) -> str:
    """A new visit of the link's form: the key its form carries, signed with the link and
    the moment, so that nothing is written until the answers are sent."""
    return _VISITS.sign(f"{link.pk}:{secrets.token_urlsafe(16)}")


def _throttle_key(address: str) -> str:
    hour = int(timezone.now().timestamp() // LINK_WINDOW.total_seconds())
    return f"samenspel:link-answers:{_keyed('address', address)}:{hour}"


def link_throttled(*, address: str) -> bool:
    """Whether this address sent LINK_ANSWERS_PER_ADDRESS answers this hour. Counted in
    the cache, never in the database: a row per answer would stand beside the anonymous
    assessments in the same order (docs/privacy.md). With several server processes, each
    counts its own (the local-memory cache)."""
    sent = cache.get(_throttle_key(address), 0)
    return bool(sent >= settings.LINK_ANSWERS_PER_ADDRESS)


def _count_answer(address: str) -> None:
    key = _throttle_key(address)
    if not cache.add(key, 1, timeout=int(LINK_WINDOW.total_seconds())):
        try:
            cache.incr(key)
        except ValueError:  # it expired in between
            cache.add(key, 1, timeout=int(LINK_WINDOW.total_seconds()))


@transaction.atomic
def link_submit(
    *,
    link: AnswerLink,
    visit_key: str,
    address: str,
    answers: Mapping[int, ScoreInput],
) -> Assessment:
    """A resident's answers through a link: anonymous, one assessment per visit, refused
    when the link is closed or this address sent too many answers this hour."""
    link = AnswerLink.objects.select_for_update().select_related("programme").get(pk=link.pk)
    if not link.is_open:
        raise _refuse(_("This link is closed. It no longer takes answers."), code="closed")
    if link_throttled(address=address):
        raise _refuse(
            _("Many answers came from this address in the last hour. Try again later."),
            code="throttled",
        )
    try:
        visited = _VISITS.unsign(visit_key, max_age=VISIT_MAX_AGE)
    except signing.BadSignature:  # also an expired one
        raise _refuse(
            _("This form has expired. Open the link again to answer."), code="unknown_visit"
        ) from None
    if visited.split(":", 1)[0] != str(link.pk):
        raise _refuse(
            _("This form has expired. Open the link again to answer."), code="unknown_visit"
        )
    assessment = assessment_record(
        programme=link.programme,
        subject=link.subject,
        perspective=Perspective.RESIDENTS,
        answers=answers,
        respondent=None,
        anonymous=True,
        initiative=link.initiative,
        link=link,
    )
    today = timezone.localdate()
    try:
        with transaction.atomic():
            LinkVisit.objects.create(link=link, key_hash=_keyed("visit", visit_key), used_on=today)
    except IntegrityError:
        raise _refuse(
            _("Your answers from this visit were already sent. Thank you!"), code="duplicate"
        ) from None
    LinkVisit.objects.filter(
        used_on__lt=today - VISIT_MAX_AGE - datetime.timedelta(days=1)
    ).delete()
    _count_answer(address)
    return assessment
