"""Writes on programmes, memberships, areas, initiatives and the learning agenda.

Keyword-only, atomic, audited. Editable texts are saved with an optimistic lock: the
caller passes the version it started editing from, and a newer version in the database
refuses the save with a clear message instead of overwriting someone else's work.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import F, Max
from django.db.models.signals import post_save
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenspel.accounts.models import User
from samenspel.accounts.services import user_create
from samenspel.common.services import audit_record
from samenspel.common.text import normalise, tidy
from samenspel.programmes import extensions
from samenspel.programmes.constants import (
    DEFAULT_REVIEW_QUESTIONS,
    MAX_REVIEW_QUESTION_LENGTH,
    MAX_REVIEW_QUESTIONS,
    InitiativeStatus,
    QuestionStatus,
    Role,
)
from samenspel.programmes.models import (
    Area,
    Initiative,
    LearningQuestion,
    LearningQuestionVersion,
    Membership,
    Programme,
)

ALREADY_MEMBER = gettext_lazy("This person is already a member of the programme.")

# The refusal when someone else saved the same text first (optimistic locking).
STALE = gettext_lazy(
    "Someone else saved this in the meantime. Your changes were not saved. "
    "Reload the page to see the latest version, then make your changes again."
)


def default_review_questions(language: str = "nl") -> list[str]:
    with translation.override(language):
        return [str(question) for question in DEFAULT_REVIEW_QUESTIONS]


def clean_review_questions(questions: list[str]) -> list[str]:
    cleaned = [tidy(q) for q in questions if tidy(q)]
    if not cleaned:
        raise ValidationError({"review_questions": _("A review needs at least one question.")})
    if len(cleaned) > MAX_REVIEW_QUESTIONS:
        raise ValidationError(
            {
                "review_questions": _("A review has at most %(max)s questions.")
                % {"max": MAX_REVIEW_QUESTIONS}
            }
        )
    if any(len(q) > MAX_REVIEW_QUESTION_LENGTH for q in cleaned):
        raise ValidationError(
            {
                "review_questions": _("Each question of the review has at most %(max)s characters.")
                % {"max": MAX_REVIEW_QUESTION_LENGTH}
            }
        )
    return cleaned


def _check_dates(starts_on: date | None, ends_on: date | None) -> None:
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError({"ends_on": _("The end date lies before the start date.")})


def check_in_period(programme: Programme, **dates: date | None) -> None:
    """Every date of what happens in a programme (a cycle's, a coaching's) lies within
    the programme's period, when it has one: a journey written down afterwards keeps to
    the years it ran. The dates are named by their form fields, for the refusal."""
    first, last = programme.starts_on, programme.ends_on
    if first and last:
        message = _("Choose a date between %(first)s and %(last)s, the period of the programme.")
    elif first:
        message = _("Choose a date on or after %(first)s, the start of the programme.")
    elif last:
        message = _("Choose a date on or before %(last)s, the end of the programme.")
    else:
        return
    text = message % {
        "first": formats.date_format(first, "j F Y") if first else "",
        "last": formats.date_format(last, "j F Y") if last else "",
    }
    errors = {
        field: text
        for field, value in dates.items()
        if value is not None and ((first and value < first) or (last and value > last))
    }
    if errors:
        raise ValidationError(errors)


def _save_versioned(obj: Any, *, expected_version: int, fields: dict[str, Any]) -> list[str]:
    """Apply `fields` to `obj` if nobody saved it since `expected_version`. Returns the
    names of the fields that changed (for the audit event)."""
    model = type(obj)
    changed = [name for name, value in fields.items() if getattr(obj, name) != value]
    updated = model.objects.filter(pk=obj.pk, version=expected_version).update(
        version=F("version") + 1, **fields
    )
    if updated == 0:
        raise ValidationError(STALE, code="stale")
    obj.refresh_from_db()
    # An UPDATE sends no signals; send the one a save would, so that what listens for
    # saves (the data version, tallies kept by other apps) hears of this one too.
    post_save.send(
        sender=model,
        instance=obj,
        created=False,
        update_fields=["version", *fields],
        raw=False,
        using=obj._state.db,
    )
    return changed


def _check_funding_rules(fields: dict[str, Any]) -> None:
    budget = fields.get("budget")
    if budget is not None and Decimal(budget) < 0:
        raise ValidationError({"budget": _("An amount cannot be below zero.")})
    percentage = fields.get("co_investment_percentage")
    if percentage is not None and not 0 <= Decimal(percentage) <= 100:
        raise ValidationError({"co_investment_percentage": _("Choose a percentage from 0 to 100.")})


# Addresses under /programmes/ that are pages, not programmes.
RESERVED_SLUGS = {"new"}


def _unique_slug(name: str) -> str:
    # Dashes between years ("2016\u20132019") would vanish entirely: keep them as hyphens.
    base = slugify(name.replace("\u2013", "-").replace("\u2014", "-"))[:70] or "programma"
    slug, n = base, 1
    while slug in RESERVED_SLUGS or Programme.objects.filter(slug=slug).exists():
        n += 1
        slug = f"{base}-{n}"
    return slug


@transaction.atomic
def programme_create(
    *,
    name: str,
    by: User,
    learning_goal: str = "",
    description: str = "",
    starts_on: date | None = None,
    ends_on: date | None = None,
    slug: str | None = None,
    review_questions: list[str] | None = None,
    budget: Decimal | None = None,
    co_investment_percentage: Decimal | None = None,
) -> Programme:
    _check_dates(starts_on, ends_on)
    _check_funding_rules({"budget": budget, "co_investment_percentage": co_investment_percentage})
    if slug and (slug in RESERVED_SLUGS or Programme.objects.filter(slug=slug).exists()):
        raise ValidationError({"slug": _("This short name is already in use.")})
    programme = Programme.objects.create(
        name=name.strip(),
        slug=slug or _unique_slug(name),
        learning_goal=learning_goal,
        description=description,
        starts_on=starts_on,
        ends_on=ends_on,
        budget=budget,
        co_investment_percentage=co_investment_percentage,
        review_questions=clean_review_questions(review_questions)
        if review_questions is not None
        else default_review_questions(),
    )
    audit_record(actor=by, action="programme.create", target=programme, programme=programme)
    return programme


@transaction.atomic
def programme_update(
    *, programme: Programme, by: User, expected_version: int, **fields: Any
) -> Programme:
    _check_dates(fields.get("starts_on"), fields.get("ends_on"))
    _check_funding_rules(fields)
    if "review_questions" in fields:
        fields["review_questions"] = clean_review_questions(fields["review_questions"])
    changed = _save_versioned(programme, expected_version=expected_version, fields=fields)
    audit_record(
        actor=by,
        action="programme.update",
        target=programme,
        programme=programme,
        data={"fields": changed},
    )
    return programme


def area_sort_fields(*, name: str) -> dict[str, str]:
    """The normalised columns of an area (common.text): to write beside its name."""
    return {"sort_name": normalise(name)[:120]}


def initiative_search_fields(*, title: str, summary: str, initiators: str) -> dict[str, str]:
    """The normalised columns of an initiative (common.text): to write beside its texts."""
    return {
        "sort_name": normalise(title)[:200],
        "search_text": "\n".join(normalise(t) for t in (title, summary, initiators)),
    }


# Written with the columns they derive from; not changes of their own in the audit trail.
DERIVED_FIELDS = {"sort_name", "search_text"}


def _area_name_taken() -> ValidationError:
    return ValidationError({"name": _("This programme already has an area with this name.")})


@transaction.atomic
def area_create(*, programme: Programme, name: str, by: User | None, description: str = "") -> Area:
    name = name.strip()
    if Area.objects.filter(programme=programme, name__iexact=name).exists():
        raise _area_name_taken()
    try:
        with transaction.atomic():
            area = Area.objects.create(
                programme=programme,
                name=name,
                description=description,
                **area_sort_fields(name=name),
            )
    except IntegrityError as exc:  # the same name, added by someone else at this moment
        raise _area_name_taken() from exc
    audit_record(
        actor=by, action="area.create", target=area, programme=programme, data={"name": name}
    )
    return area


@transaction.atomic
def area_update(
    *, area: Area, name: str, description: str, by: User, expected_version: int
) -> Area:
    name = name.strip()
    clash = Area.objects.filter(programme=area.programme, name__iexact=name).exclude(pk=area.pk)
    if clash.exists():
        raise _area_name_taken()
    old = area.name
    try:
        with transaction.atomic():
            _save_versioned(
                area,
                expected_version=expected_version,
                fields={"name": name, "description": description, **area_sort_fields(name=name)},
            )
    except IntegrityError as exc:
        raise _area_name_taken() from exc
    audit_record(
        actor=by,
        action="area.update",
        target=area,
        programme=area.programme,
        data={"from": old, "to": name},
    )
    return area


@transaction.atomic
def area_delete(*, area: Area, by: User) -> None:
    if area.initiatives.exists():
        raise ValidationError(
            _("This area still has initiatives. Move them to another area first.")
        )
    audit_record(
        actor=by,
        action="area.delete",
        target=area,
        programme=area.programme,
        data={"name": area.name},
    )
    area.delete()


def _check_initiative(programme: Programme, fields: dict[str, Any]) -> None:
    area = fields.get("area")
    if area is not None and area.programme_id != programme.pk:
        raise ValidationError({"area": _("Choose an area of this programme.")})
    for name in ("municipal_contribution", "resident_contribution", "other_contribution"):
        if fields.get(name) is not None and Decimal(fields[name]) < 0:
            raise ValidationError({name: _("An amount cannot be below zero.")})


@transaction.atomic
def initiative_create(
    *,
    programme: Programme,
    title: str,
    by: User | None,
    initiator_accounts: list[User] | None = None,
    **fields: Any,
) -> Initiative:
    _check_initiative(programme, fields)
    title = title.strip()
    searchable = initiative_search_fields(
        title=title, summary=fields.get("summary", ""), initiators=fields.get("initiators", "")
    )
    initiative = Initiative.objects.create(programme=programme, title=title, **fields, **searchable)
    if initiator_accounts:
        initiative.initiator_accounts.set(initiator_accounts)
    audit_record(
        actor=by,
        action="initiative.create",
        target=initiative,
        programme=programme,
        data={"title": initiative.title, "status": initiative.status},
    )
    return initiative


@transaction.atomic
def initiative_propose(
    *,
    programme: Programme,
    by: User,
    title: str,
    summary: str = "",
    area: Area | None = None,
    initiators: str = "",
) -> Initiative:
    """A resident's own proposal: an idea, with the proposer as its initiator with an
    account, until a facilitator or civil servant accepts it (initiative_accept)."""
    title = title.strip()
    if not title:
        raise ValidationError({"title": _("Give the initiative a title.")})
    _check_initiative(programme, {"area": area})
    initiative = Initiative.objects.create(
        programme=programme,
        title=title,
        summary=summary.strip(),
        area=area,
        initiators=initiators.strip(),
        status=InitiativeStatus.IDEA,
        **initiative_search_fields(
            title=title, summary=summary.strip(), initiators=initiators.strip()
        ),
    )
    initiative.initiator_accounts.set([by])
    audit_record(
        actor=by,
        action="initiative.propose",
        target=initiative,
        programme=programme,
        data={"title": initiative.title},
    )
    return initiative


@transaction.atomic
def initiative_accept(*, initiative: Initiative, by: User) -> Initiative:
    """Accept a proposed idea: it is running from now on."""
    updated = Initiative.objects.filter(pk=initiative.pk, status=InitiativeStatus.IDEA).update(
        status=InitiativeStatus.RUNNING, version=F("version") + 1
    )
    if updated == 0:  # not an idea (any more): someone else may have accepted it just now
        raise ValidationError(_("Only an initiative with the status idea can be accepted."))
    initiative.refresh_from_db()
    post_save.send(
        sender=Initiative,
        instance=initiative,
        created=False,
        update_fields=["status", "version"],
        raw=False,
        using=initiative._state.db,
    )
    audit_record(
        actor=by,
        action="initiative.accept",
        target=initiative,
        programme=initiative.programme,
        data={"from": InitiativeStatus.IDEA, "to": InitiativeStatus.RUNNING},
    )
    return initiative


@transaction.atomic
def initiative_update(
    *,
    initiative: Initiative,
    by: User,
    expected_version: int,
    initiator_accounts: list[User] | None = None,
    **fields: Any,
) -> Initiative:
    _check_initiative(initiative.programme, fields)
    old_status = initiative.status
    texts = {
        name: fields.get(name, getattr(initiative, name))
        for name in ("title", "summary", "initiators")
    }
    fields.update(initiative_search_fields(**texts))
    changed = _save_versioned(initiative, expected_version=expected_version, fields=fields)
    changed = [name for name in changed if name not in DERIVED_FIELDS]
    if initiator_accounts is not None:
        before = set(initiative.initiator_accounts.values_list("pk", flat=True))
        initiative.initiator_accounts.set(initiator_accounts)
        if before != {user.pk for user in initiator_accounts}:
            changed.append("initiator_accounts")
    data: dict[str, Any] = {"fields": changed}
    if initiative.status != old_status:
        data.update({"from": old_status, "to": initiative.status})
    audit_record(
        actor=by,
        action="initiative.update",
        target=initiative,
        programme=initiative.programme,
        data=data,
    )
    return initiative


@transaction.atomic
def question_create(
    *,
    programme: Programme,
    text: str,
    by: User | None,
    status: str = QuestionStatus.OPEN,
) -> LearningQuestion:
    text = tidy(text)
    if not text:
        raise ValidationError({"text": _("Write the learning question.")})
    # Lock the programme row so that two questions added at once get different numbers.
    Programme.objects.select_for_update().filter(pk=programme.pk).first()
    number = (programme.learning_questions.aggregate(m=Max("number"))["m"] or 0) + 1
    try:
        with transaction.atomic():
            question = LearningQuestion.objects.create(
                programme=programme, number=number, text=text, status=status
            )
    except IntegrityError as exc:  # pragma: no cover - only under a lost race on SQLite
        raise ValidationError(_("Please try again.")) from exc
    LearningQuestionVersion.objects.create(question=question, number=1, text=text, recorded_by=by)
    audit_record(
        actor=by,
        action="question.create",
        target=question,
        programme=programme,
        data={"number": number},
    )
    return question


@transaction.atomic
def question_update(
    *,
    question: LearningQuestion,
    text: str,
    status: str,
    by: User | None,
    expected_version: int,
    answer: str | None = None,
) -> LearningQuestion:
    """Reformulate and/or change the status. A new wording becomes a new version; the
    earlier wordings stay. An answered question needs its answer, which is stored with
    who wrote it and when (again when the answer is rewritten). `answer` None keeps the
    stored answer."""
    text = tidy(text)
    if not text:
        raise ValidationError({"text": _("Write the learning question.")})
    if status not in QuestionStatus.values:
        raise ValidationError({"status": _("Choose a valid status.")})
    answer = question.answer if answer is None else tidy(answer)
    if status == QuestionStatus.ANSWERED and not answer:
        raise ValidationError({"answer": _("An answered question needs its answer.")})
    old_text, old_status = question.text, question.status
    fields: dict[str, Any] = {"text": text, "status": status}
    answer_written = answer != question.answer
    if answer_written:
        fields.update(answer=answer, answered_at=timezone.now(), answered_by=by)
    _save_versioned(question, expected_version=expected_version, fields=fields)
    programme = question.programme
    if text != old_text:
        last = question.versions.aggregate(m=Max("number"))["m"] or 0
        LearningQuestionVersion.objects.create(
            question=question, number=last + 1, text=text, recorded_by=by
        )
        audit_record(
            actor=by,
            action="question.reformulate",
            target=question,
            programme=programme,
            data={"version": last + 1},
        )
    if answer_written:
        audit_record(actor=by, action="question.answer", target=question, programme=programme)
    if status != old_status:
        audit_record(
            actor=by,
            action="question.status",
            target=question,
            programme=programme,
            data={"from": old_status, "to": status},
        )
    return question


# Memberships ------------------------------------------------------------------------------


def invitation_send(*, user: User, programme: Programme, by: User, site_url: str) -> None:
    """E-mail a new member a link to choose their first password. The link is Django's
    password-reset link: it works once, and expires like any reset link. The e-mail is in
    the site's language (Dutch): nothing tells us the new member's own."""
    path = reverse(
        "password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    context = {
        "user": user,
        "programme": programme,
        "by": by,
        "link": site_url.rstrip("/") + path,
    }
    with translation.override(settings.LANGUAGE_CODE):
        subject = render_to_string("registration/invitation_subject.txt", context).strip()
        message = render_to_string("registration/invitation_email.txt", context)
    send_mail(subject=subject, message=message, from_email=None, recipient_list=[user.email])


@transaction.atomic
def membership_invite(
    *, programme: Programme, email: str, name: str, role: Role, by: User, site_url: str
) -> tuple[Membership, bool]:
    """Make the person with this e-mail address a member. Someone without an account gets
    one, and an invitation by e-mail once the membership is stored (so a mail failure
    never leaves half a member). Returns the membership and whether an invitation went."""
    user = User.objects.filter(email__iexact=email.strip()).first()
    invited = user is None
    if user is None:
        if not name.strip():
            raise ValidationError(
                {"name": _("This person has no account yet: fill in their name.")}
            )
        user = user_create(email=email, name=name, by=by)
    membership = membership_add(programme=programme, user=user, role=role, by=by)
    if invited:
        audit_record(actor=by, action="user.invite", target=user, programme=programme)
        new_user = user
        # robust: a mail server that is down is logged, and does not undo the membership.
        transaction.on_commit(
            lambda: invitation_send(user=new_user, programme=programme, by=by, site_url=site_url),
            robust=True,
        )
    return membership, invited


@transaction.atomic
def membership_add(*, programme: Programme, user: User, role: Role, by: User) -> Membership:
    if Membership.objects.filter(programme=programme, user=user).exists():
        raise ValidationError({"email": ALREADY_MEMBER})
    try:
        with transaction.atomic():
            membership = Membership.objects.create(programme=programme, user=user, role=role)
    except IntegrityError as exc:  # added twice at the same moment
        raise ValidationError({"email": ALREADY_MEMBER}) from exc
    audit_record(
        actor=by,
        action="membership.add",
        target=membership,
        programme=programme,
        data={"user": user.email, "role": role},
    )
    return membership


@transaction.atomic
def membership_change_role(*, membership: Membership, role: Role, by: User) -> Membership:
    if membership.user_id == by.pk and role != membership.role:
        raise ValidationError(_("You cannot change your own role. Ask another facilitator."))
    old = membership.role
    membership.role = role
    membership.save(update_fields=["role"])
    audit_record(
        actor=by,
        action="membership.change_role",
        target=membership,
        programme=membership.programme,
        data={"user": membership.user.email, "from": old, "to": role},
    )
    return membership


@transaction.atomic
def membership_remove(
    *, membership: Membership, by: User, answers: Mapping[str, object] | None = None
) -> None:
    """`answers` are the removal page's fields that other apps add (programmes.extensions
    "membership_remove"); their hooks run here, in this transaction, and may refuse."""
    if membership.user_id == by.pk:
        raise ValidationError(_("You cannot remove yourself from the programme."))
    extensions.before_member_removal(membership=membership, by=by, answers=answers or {})
    audit_record(
        actor=by,
        action="membership.remove",
        target=membership,
        programme=membership.programme,
        data={"user": membership.user.email, "role": membership.role},
    )
    membership.delete()


# Several at once: areas and members from a list, one a line ------------------------------


@dataclass(frozen=True)
class Line:
    """One line of a list, as read: its number, its text, what it means and, when it
    cannot be stored, why."""

    number: int
    text: str
    value: Any = None
    error: str = ""


def _numbered_lines(text: str) -> list[tuple[int, str]]:
    """The lines with their numbers; blank lines at the start and end are no lines."""
    raw = text.splitlines()
    while raw and not raw[-1].strip():
        raw.pop()
    numbered = list(enumerate(raw, start=1))
    while numbered and not numbered[0][1].strip():
        numbered.pop(0)
    return [(n, line.strip()) for n, line in numbered]


def area_lines_check(*, programme: Programme, text: str) -> list[Line]:
    """Read a list of area names, one a line, and say for each line what is wrong with it:
    empty, too long, twice in the list, or already an area (whatever the case)."""
    existing = {name.lower() for name in programme.areas.values_list("name", flat=True)}
    seen: set[str] = set()
    lines = []
    for number, name in _numbered_lines(text):
        error = ""
        if not name:
            error = _("This line is empty.")
        elif len(name) > NAME_MAX:
            error = _("The name is longer than %(max)s characters.") % {"max": NAME_MAX}
        elif name.lower() in seen:
            error = _("This name is already higher up in the list.")
        elif name.lower() in existing:
            error = _("This programme already has an area with this name.")
        seen.add(name.lower())
        lines.append(Line(number=number, text=name, value=name, error=error))
    return lines


NAME_MAX = 120  # Area.name


def _refuse_bad_lines(lines: list[Line]) -> None:
    if not lines:
        raise ValidationError({"lines": _("Write at least one line.")})
    if any(line.error for line in lines):
        raise ValidationError({"lines": _("Some lines cannot be stored. Nothing was stored.")})


@transaction.atomic
def areas_add_lines(*, programme: Programme, text: str, by: User) -> list[Area]:
    """All areas of the list, or none: the list is checked again here (others may have
    added areas since the preview), and one refused line undoes the lot."""
    lines = area_lines_check(programme=programme, text=text)
    _refuse_bad_lines(lines)
    return [area_create(programme=programme, name=line.value, by=by) for line in lines]


def role_names() -> dict[str, Role]:
    """Every way to name a role in a list: its value and its label in Dutch and English,
    normalised ("ambtenaar", "civil servant", "civil_servant")."""
    names: dict[str, Role] = {}
    for role in Role:
        names[normalise(role.value)] = role
        names[normalise(role.value.replace("_", " "))] = role
        for language in ("nl", "en"):
            with translation.override(language):
                names[normalise(str(role.label))] = role
    return names


@dataclass(frozen=True)
class MemberLine:
    email: str
    role: Role
    name: str
    has_account: bool


def member_lines_check(*, programme: Programme, text: str) -> list[Line]:
    """Read a list of members, "e-mail, role" or "e-mail, role, name" a line (the name
    only for someone without an account), and say for each line what is wrong with it."""
    roles = role_names()
    members = {
        email.lower() for email in programme.memberships.values_list("user__email", flat=True)
    }
    seen: set[str] = set()
    lines = []
    for number, line in _numbered_lines(text):
        parts = [part.strip() for part in line.split(",")]
        email = parts[0] if parts else ""
        role = roles.get(normalise(parts[1])) if len(parts) > 1 else None
        name = ", ".join(parts[2:])
        user = User.objects.filter(email__iexact=email).first() if email else None
        error = ""
        if not line:
            error = _("This line is empty.")
        elif len(line) > LINE_MAX:
            error = _("This line is longer than %(max)s characters.") % {"max": LINE_MAX}
        elif not _is_email(email):
            error = _("The line does not start with a valid e-mail address.")
        elif len(parts) < 2 or not parts[1]:
            error = _("Write the role after the e-mail address, after a comma.")
        elif role is None:
            error = _("%(role)s is not a role. Choose from: %(roles)s.") % {
                "role": parts[1],
                "roles": ", ".join(str(r.label).lower() for r in Role),
            }
        elif email.lower() in seen:
            error = _("This e-mail address is already higher up in the list.")
        elif email.lower() in members:
            error = str(ALREADY_MEMBER)
        elif user is None and not name:
            error = _("This person has no account yet: add their name after the role.")
        if email:
            seen.add(email.lower())
        value = (
            MemberLine(email=email, role=role, name=name, has_account=user is not None)
            if role is not None
            else None
        )
        lines.append(Line(number=number, text=line, value=value, error=error))
    return lines


LINE_MAX = 254 + 200  # an e-mail address, a role and a name


def _is_email(text: str) -> bool:
    try:
        validate_email(text)
    except ValidationError:
        return False
    return len(text) <= 254


@transaction.atomic
def memberships_add_lines(
    *, programme: Programme, text: str, by: User, site_url: str
) -> list[Membership]:
    """All members of the list, or none (see areas_add_lines). People without an account
    get one, and their invitations go once everything is stored."""
    lines = member_lines_check(programme=programme, text=text)
    _refuse_bad_lines(lines)
    return [
        membership_invite(
            programme=programme,
            email=line.value.email,
            name=line.value.name,
            role=line.value.role,
            by=by,
            site_url=site_url,
        )[0]
        for line in lines
    ]
