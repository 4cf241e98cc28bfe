"""A user logs in with an e-mail address. What they may do is decided per programme, by
the role of their membership (programmes.models.Membership, programmes.access)."""

from typing import Any

from django.contrib.auth.models import AbstractBaseUser, BaseUserManager, PermissionsMixin
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class UserManager(BaseUserManager["User"]):
    use_in_migrations = True

    def create_user(self, email: str, password: str | None = None, **extra: Any) -> "User":
        if not email:
            raise ValueError("An e-mail address is required.")
        user = self.model(email=self.normalize_email(email).lower(), **extra)
        user.set_password(password)
        user.save(using=self._db)
        return user

    def create_superuser(self, email: str, password: str | None = None, **extra: Any) -> "User":
        extra.setdefault("is_staff", True)
        extra.setdefault("is_superuser", True)
        return self.create_user(email, password, **extra)

    def get_by_natural_key(self, username: str | None) -> "User":
        return self.get(email__iexact=username)


class User(AbstractBaseUser, PermissionsMixin):
    email = models.EmailField(_("e-mail address"), unique=True)
    name = models.CharField(_("name"), max_length=150)
    # The name as Dutch readers sort it (common.text.normalise): "Ĳsbrand" with the i's,
    # "Émile" with the e's. Kept on every save by accounts.signals.
    sort_name = models.CharField(max_length=150, editable=False, default="", db_index=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_staff = models.BooleanField(
        _("site administrator"),
        default=False,
        help_text=_(
            "Site administrators create programmes, see every programme and may use the "
            "admin (with superuser status: everything in it)."
        ),
    )
    date_joined = models.DateTimeField(_("joined"), default=timezone.now)
    # The person's own choice (accounts/settings/, or the stop link in the mail itself):
    # the daily reminder e-mail (`samenspel send_reminders`) goes only to those who left
    # it on.
    reminders = models.BooleanField(
        _("e-mail reminders"),
        default=True,
        help_text=_("At most one e-mail a day with what is due or overdue."),
    )

    objects = UserManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = ["name"]

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["sort_name", "email"]

    def __str__(self) -> str:
        return self.name or self.email

    def natural_key(self) -> tuple[str]:
        return (self.email,)

    def get_full_name(self) -> str:
        return self.name

    def get_short_name(self) -> str:
        return self.name.split(" ")[0] if self.name else self.email
