"""Writes on user accounts. Each one is atomic and audited. Memberships of programmes
are written by programmes.services."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext_lazy

from samenspel.accounts.models import User
from samenspel.common.services import audit_record

DUPLICATE_EMAIL = gettext_lazy("There is already an account with this e-mail address.")


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


@transaction.atomic
def user_reminders_set(*, user: User, reminders: bool, by: User, via: str = "settings") -> bool:
    """Turn a person's e-mail reminders on or off. `via` says where: their settings page,
    or the stop link in a reminder ("mail"), where the signed link stands for the person.
    Returns whether anything changed; an unchanged choice is not stored or audited."""
    fresh = User.objects.select_for_update().get(pk=user.pk)
    if fresh.reminders == reminders:
        user.reminders = reminders
        return False
    fresh.reminders = reminders
    fresh.save(update_fields=["reminders"])
    user.reminders = reminders
    audit_record(
        actor=by, action="user.reminders", target=fresh, data={"reminders": reminders, "via": via}
    )
    return True
