"""Cached pages can never go stale: every save or delete of a row that belongs to a
programme raises that programme's data_version, whoever writes it (a service, the admin,
a script). Cached figures and renderings are keyed by it (common.caching), so they are
recomputed on the next view, in every process.

A model says how to reach its programme in `programme_path` (see common.models). A change
of a person (name, e-mail, active) shows on the pages of every programme, so it raises
them all; log-ins (which only save last_login) do not.
"""

from functools import reduce
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist
from django.db.models import F, Model
from django.db.models.signals import m2m_changed, post_delete, post_save

from samenspel.common.caching import is_invalidation_paused
from samenspel.programmes.models import Programme

# Saving only these fields of a user changes nothing that a page shows.
UNSHOWN_USER_FIELDS = frozenset({"last_login", "password"})


def programme_id_of(instance: Model) -> int | None:
    path = getattr(type(instance), "programme_path", None)
    if path is None:
        return None
    try:
        value: Any = reduce(getattr, path.split("."), instance)
    except ObjectDoesNotExist:  # its parent is being deleted with it
        return None
    return int(value) if value is not None else None


def data_changed(programme_ids: list[int] | None = None) -> None:
    """Make the cached pages of these programmes (None: of all programmes) stale."""
    programmes = Programme.objects.all()
    if programme_ids is not None:
        programmes = programmes.filter(pk__in=programme_ids)
    programmes.update(data_version=F("data_version") + 1)


def _row_changed(sender: type[Model], instance: Model, **kwargs: Any) -> None:
    if kwargs.get("raw") or is_invalidation_paused():  # a restore keeps its versions
        return
    if sender is get_user_model():
        update_fields = kwargs.get("update_fields")
        if update_fields is not None and set(update_fields) <= UNSHOWN_USER_FIELDS:
            return
        data_changed()
        return
    programme_id = programme_id_of(instance)
    if programme_id is not None:
        data_changed([programme_id])


def _relation_changed(sender: Any, instance: Model, action: str, **kwargs: Any) -> None:
    if action.startswith("post_") and not is_invalidation_paused():
        programme_id = programme_id_of(instance)
        if programme_id is not None:
            data_changed([programme_id])


def connect() -> None:
    post_save.connect(_row_changed, dispatch_uid="samenspel.programmes.row_saved")
    post_delete.connect(_row_changed, dispatch_uid="samenspel.programmes.row_deleted")
    m2m_changed.connect(_relation_changed, dispatch_uid="samenspel.programmes.relation_changed")
