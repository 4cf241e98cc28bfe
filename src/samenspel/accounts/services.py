"""Writes on users and memberships. Each one is atomic and audited."""

from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from samenspel.accounts.constants import Role
from samenspel.accounts.models import Membership, User
from samenspel.common.services import audit_record
from samenspel.programmes.models import Programme


@transaction.atomic
def user_create(*, email: str, name: str, password: str | None = None, by: User | None) -> User:
    email = email.strip().lower()
    if User.objects.filter(email__iexact=email).exists():
        raise ValidationError({"email": _("There is already an account with this e-mail address.")})
    user = User.objects.create_user(email=email, name=name.strip(), password=password)
    if not password:
        user.set_unusable_password()
        user.save(update_fields=["password"])
    audit_record(actor=by, action="user.create", target=user, data={"email": email})
    return user


def invitation_send(*, user: User, programme: Programme, by: User, site_url: str) -> None:
    """E-mail a new member a link to choose their first password. The link is Django's
    password-reset link: it works once, and expires like any reset link."""
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
    send_mail(
        subject=render_to_string("registration/invitation_subject.txt", context).strip(),
        message=render_to_string("registration/invitation_email.txt", context),
        from_email=None,
        recipient_list=[user.email],
    )
    audit_record(actor=by, action="user.invite", target=user, programme=programme)


@transaction.atomic
def membership_add(*, programme: Programme, user: User, role: Role, by: User) -> Membership:
    if Membership.objects.filter(programme=programme, user=user).exists():
        raise ValidationError({"email": _("This person is already a member of the programme.")})
    membership = Membership.objects.create(programme=programme, user=user, role=role)
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
