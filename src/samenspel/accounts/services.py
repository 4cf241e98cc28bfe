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
