"""Writes on users and memberships. Each one is atomic and audited."""

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenspel.accounts.constants import Role
from samenspel.accounts.models import Membership, User
from samenspel.common.services import audit_record
from samenspel.programmes.models import Programme

DUPLICATE_EMAIL = gettext_lazy("There is already an account with this e-mail address.")
ALREADY_MEMBER = gettext_lazy("This person is already a member of the programme.")


@transaction.atomic
def user_create(*, email: str, name: str, password: str | None = None, by: User | None) -> User:
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": DUPLICATE_EMAIL})
    try:
        with transaction.atomic():
            user = User.objects.create_user(email=email, name=name.strip(), password=password)
    except IntegrityError as exc:  # the same address, added at the same moment
        raise ValidationError({"email": DUPLICATE_EMAIL}) from exc
    if not password:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    audit_record(actor=by, action="user.create", target=user, data={"email": email})
    return user


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
def membership_remove(*, membership: Membership, by: User) -> None:
    if membership.user_id == by.pk:
        raise ValidationError(_("You cannot remove yourself from the programme."))
    audit_record(
        actor=by,
        action="membership.remove",
        target=membership,
        programme=membership.programme,
        data={"user": membership.user.email, "role": membership.role},
    )
    membership.delete()
