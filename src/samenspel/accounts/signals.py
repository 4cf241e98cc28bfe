"""A person's sort name follows their name on every save, whoever saves (a service, the
admin, a script), so lists of people sort the Dutch way on every database."""

from typing import Any

from django.db.models.signals import pre_save

from samenspel.accounts.models import User
from samenspel.common.text import normalise


def _keep_sort_name(sender: type[User], instance: User, **kwargs: Any) -> None:
    instance.sort_name = normalise(instance.name)[:150]


def connect() -> None:
    pre_save.connect(_keep_sort_name, sender=User, dispatch_uid="samenspel.accounts.sort_name")
