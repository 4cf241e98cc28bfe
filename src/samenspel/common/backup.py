"""Backup and restore: everything Samenspel holds, in one versioned JSON file.

Why not `dumpdata`/`loaddata`: a restore must refuse a database that already holds data
and a file it cannot read, two backups of the same data must be byte-identical (so that
they can be compared with `diff`), and references need two rules at once. Our own rows
keep their primary keys, so every reference between them stays as it was. Content types
and permissions are not in the file (`migrate` creates them, with other ids in every
database), so rows refer to them by natural key.

The file, one record per line (docs/backup.md describes it for operators):

    {
    "format": "samenspel-backup",
    "version": 1,
    "created_at": "2026-01-05T09:30:00.123456+00:00",
    "migrations": {"accounts": ["0002_…"], …},
    "counts": {"auth.group": 1, "accounts.user": 12, …},
    "records": [
    {"model": "auth.group", "pk": 1, "fields": {…}},
    …
    ]
    }

A restore reads this layout line by line, never the whole file, and checks every record
before it is kept: each value with its field's own definition (`Field.clean`: choices,
lengths, dates, validators), each reference against the ids read so far (or, for one
further on, at the end), and the rules the apps register in common/restore_checks.py.
It checks and inserts in one pass, in batches of BATCH_SIZE records of one model,
inside the transaction that a refusal rolls back: the file is read once (standard input
cannot be read twice), and a good backup, the usual case, pays for no second reading. A
refused file may have cost some inserts, but leaves nothing behind.
"""

import datetime
import itertools
import json
import uuid
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Protocol

from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.management.color import no_style
from django.core.serializers.python import Deserializer as PythonDeserializer
from django.core.serializers.python import Serializer as PythonSerializer
from django.db import DatabaseError, connection, models, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader
from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from samenspel.common.caching import invalidation_paused
from samenspel.common.restore_checks import RecordRules

FORMAT = "samenspel-backup"
FORMAT_VERSION = 1

# Rows fetched per query while writing; many-to-many values are prefetched per chunk.
CHUNK_SIZE = 2000
# Records inserted together while restoring.
BATCH_SIZE = 1000

Progress = Callable[[str, int], None]
"""Called with a model's label ("accounts.user") and its number of records when done."""


class TextSink(Protocol):
    def write(self, text: str, /) -> object: ...


class LineSource(Protocol):
    """A file opened for reading, in text or binary mode: it gives its lines."""

    def __iter__(self) -> Iterator[str] | Iterator[bytes]: ...


class BackupError(Exception):
    """The backup cannot be restored here; the message tells the operator why."""


@dataclass(frozen=True)
class BackupSummary:
    created_at: str
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def backup_models() -> list[type[models.Model]]:
    """Every model that holds Samenspel's data, each after the models it refers to.

    All models of our own apps are included (so an app added later is backed up without
    a change here), plus auth groups. Left out on purpose: content types and permissions
    (`migrate` creates them), sessions, django-axes logs and the admin's change log.
    """
    candidates: list[type[models.Model]] = [Group]
    for config in apps.get_app_configs():
        if config.name.startswith("samenspel."):
            candidates.extend(config.get_models())
    return _dependency_order(
        [m for m in candidates if m._meta.managed and not m._meta.proxy and not m._meta.swapped]
    )


def _label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def _dependency_order(candidates: list[type[models.Model]]) -> list[type[models.Model]]:
    included = set(candidates)
    needs = {
        model: {
            field.related_model
            for field in [*model._meta.concrete_fields, *model._meta.many_to_many]
            if field.is_relation and field.related_model in included
        }
        - {model}
        for model in candidates
    }
    ordered: list[type[models.Model]] = []
    remaining = sorted(candidates, key=_label)
    while remaining:
        ready = [model for model in remaining if needs[model] <= set(ordered)]
        # A cycle of references cannot be ordered; the database checks references at
        # the end of the restore's transaction, so any order loads. Label order keeps
        # the file deterministic.
        chosen = ready[0] if ready else remaining[0]
        ordered.append(chosen)
        remaining.remove(chosen)
    return ordered


@dataclass(frozen=True)
class _ManyToMany:
    name: str
    related: type[models.Model]
    through: type[models.Model]


def _many_to_many(model: type[models.Model]) -> list[_ManyToMany]:
    """The many-to-many fields whose table Django makes itself; their rows travel with the
    model that declares the field (a `through` model of ours is backed up on its own)."""
    found = []
    for field in model._meta.local_many_to_many:
        related, through = field.related_model, field.remote_field.through
        if isinstance(related, type) and isinstance(through, type) and through._meta.auto_created:
            found.append(_ManyToMany(name=field.name, related=related, through=through))
    return found


def _through_models(backed_up: list[type[models.Model]]) -> list[type[models.Model]]:
    return [m2m.through for model in backed_up for m2m in _many_to_many(model)]


def _migration_leaves(backed_up: list[type[models.Model]]) -> dict[str, list[str]]:
    """The latest migration of each app whose models are in the backup: the database
    layout the records fit."""
    app_labels = {model._meta.app_label for model in backed_up}
    leaves = MigrationLoader(None, ignore_no_migrations=True).graph.leaf_nodes()
    found: dict[str, list[str]] = {}
    for app_label, name in sorted(leaves):
        if app_label in app_labels:
            found.setdefault(app_label, []).append(name)
    return found


class _RecordSerializer(PythonSerializer):
    """Django's Python serializer with our rule for references: a row that is in the
    backup is referred to by its primary key, any other row (content type, permission)
    by its natural key. Many-to-many values are sorted, so the output never depends on
    the order in which the database happens to return them."""

    _current: dict[str, Any]

    def __init__(self, *, backed_up: set[type[models.Model]], emit: Callable[[Any], None]):
        self.backed_up = backed_up
        self.emit = emit

    def end_object(self, obj: Any) -> None:
        # Written out at once instead of collected: a large database never has to fit
        # in memory.
        self.emit(self.get_dump_object(obj))

    def handle_field(self, obj: Any, field: Any) -> None:
        if field.generated:  # the database computes it again on restore
            return
        super().handle_field(obj, field)

    def handle_fk_field(self, obj: Any, field: Any) -> None:
        self.use_natural_foreign_keys = field.related_model not in self.backed_up
        super().handle_fk_field(obj, field)

    def handle_m2m_field(self, obj: Any, field: Any) -> None:
        self.use_natural_foreign_keys = field.related_model not in self.backed_up
        super().handle_m2m_field(obj, field)
        if field.name in self._current:
            self._current[field.name].sort()


class _Encoder(json.JSONEncoder):
    """Like DjangoJSONEncoder, but keeps microseconds: a restore gives back every
    timestamp exactly."""

    def default(self, o: Any) -> Any:
        if isinstance(o, datetime.datetime | datetime.date | datetime.time):
            return o.isoformat()
        if isinstance(o, Decimal | uuid.UUID):
            return str(o)
        return super().default(o)


def _dump(value: Any, *, sort_keys: bool = False) -> str:
    return json.dumps(value, cls=_Encoder, ensure_ascii=False, sort_keys=sort_keys)


def _record_line(record: dict[str, Any]) -> str:
    # Keys of the fields (and of JSON values inside them) are sorted: PostgreSQL's jsonb
    # reorders keys, SQLite keeps them, and the file must not depend on the database.
    return (
        f'{{"model": {_dump(record["model"])}, "pk": {_dump(record["pk"])}, '
        f'"fields": {_dump(record["fields"], sort_keys=True)}}}'
    )


def _queryset(
    model: type[models.Model], backed_up: set[type[models.Model]]
) -> Iterable[models.Model]:
    outside = [
        field.name
        for field in model._meta.concrete_fields
        if field.is_relation and field.related_model not in backed_up
    ]
    prefetches = [
        Prefetch(
            m2m.name,
            # A natural key of a row outside the backup may span a relation
            # (a permission's includes its content type).
            queryset=m2m.related._base_manager.select_related()
            if m2m.related not in backed_up
            else m2m.related._base_manager.all(),
        )
        for m2m in _many_to_many(model)
    ]
    queryset = model._base_manager.select_related(*outside).prefetch_related(*prefetches)
    return queryset.order_by("pk").iterator(chunk_size=CHUNK_SIZE)


def _not_migrated() -> BackupError:
    return BackupError(
        _("The database does not match this version of Samenspel: run “samenspel migrate” first.")
    )


def _check_migrated() -> None:
    """Records are read and written with the models of this version; a database that
    lacks some of its migrations does not have their tables or columns."""
    executor = MigrationExecutor(connection)
    if executor.migration_plan(executor.loader.graph.leaf_nodes()):
        raise _not_migrated()


def backup_write(*, stream: TextSink, on_progress: Progress | None = None) -> BackupSummary:
    """Write every record of Samenspel to `stream`, ordered by model dependency, then
    primary key. The whole backup reads one consistent state of the database."""
    backed_up = backup_models()
    own_transaction = not connection.in_atomic_block
    with transaction.atomic():
        if own_transaction and connection.vendor == "postgresql":
            # One snapshot for all queries, so the counts and records agree even while
            # people keep working. Only possible as the transaction's first statement.
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        try:
            _check_migrated()
            counts = {_label(model): model._base_manager.count() for model in backed_up}
        except DatabaseError as exc:
            raise _not_migrated() from exc
        created_at = timezone.now().isoformat()
        header = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": created_at,
            "migrations": _migration_leaves(backed_up),
            "counts": counts,
        }
        stream.write("{\n")
        for key, value in header.items():
            stream.write(f"{_dump(key)}: {_dump(value)},\n")
        stream.write('"records": [')
        separator = "\n"
        included = set(backed_up)
        for model in backed_up:
            written = 0

            def emit(record: dict[str, Any]) -> None:
                nonlocal separator, written
                stream.write(separator + _record_line(record))
                separator = ",\n"
                written += 1

            _RecordSerializer(backed_up=included, emit=emit).serialize(_queryset(model, included))
            if written != counts[_label(model)]:  # pragma: no cover - the snapshot prevents it
                raise RuntimeError(f"{_label(model)} changed while the backup was written.")
            if on_progress is not None:
                on_progress(_label(model), written)
        stream.write("\n]\n}\n")
    return BackupSummary(created_at=created_at, counts=counts)


def restore_read(
    *,
    stream: LineSource,
    allow_administrators: bool = False,
    on_progress: Progress | None = None,
) -> BackupSummary:
    """Load a backup into an empty, migrated database, in one transaction.

    Raises BackupError, with nothing changed, if the file is not a backup this version
    can read, if any record breaks a rule (docs/backup.md), if the file would create site
    administrators and `allow_administrators` is not given, or if the database is not
    migrated or not empty.
    """
    backed_up = backup_models()
    lines = _lines(stream)
    header = _read_header(lines)
    _check_migrations(header)
    counts = header.get("counts")
    if not isinstance(counts, dict):
        raise _damaged(_("it has no list of records."))
    # The content-type cache may name rows of another database or of a rolled-back
    # attempt; natural keys must be looked up afresh.
    ContentType.objects.clear_cache()
    try:
        with transaction.atomic(), invalidation_paused():
            _check_database(backed_up)
            loader = _Loader(backed_up, on_progress=on_progress)
            for number, record in _records(lines):
                loader.add(number, record)
            loader.finish()
            _check_counts(counts, loader.found)
            if loader.administrators and not allow_administrators:
                raise _administrators(loader.administrators)
            tables = [model._meta.db_table for model in backed_up + _through_models(backed_up)]
            try:
                connection.check_constraints(table_names=tables)
            except DatabaseError as exc:  # pragma: no cover - the loader checks references
                raise BackupError(
                    _(
                        "The backup is damaged: some records refer to records that are not "
                        "in it (%(error)s)."
                    )
                    % {"error": exc}
                ) from exc
            _reset_sequences(backed_up)
    except DatabaseError as exc:
        raise BackupError(_("The database refused the backup: %(error)s") % {"error": exc}) from exc
    finally:
        ContentType.objects.clear_cache()
    return BackupSummary(
        created_at=str(header.get("created_at", "")),
        counts={label: count for label, count in loader.found.items() if count},
    )


def _damaged(detail: str) -> BackupError:
    return BackupError(_("The backup is damaged: %(detail)s") % {"detail": detail})


def _not_json() -> BackupError:
    return BackupError(
        _("This file is not a Samenspel backup, or it is incomplete: it is not valid JSON.")
    )


def _lines(stream: LineSource) -> Iterator[str]:
    """The file's lines, one at a time, without their line ends."""
    for line in stream:
        if isinstance(line, bytes):
            try:
                line = line.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _not_json() from exc
        yield line.rstrip("\r\n")


def _json_line(text: str) -> Any:
    try:
        return json.loads(text)
    except (ValueError, RecursionError) as exc:
        raise _not_json() from exc


def _check_format(header: Any) -> None:
    if not isinstance(header, dict) or header.get("format") != FORMAT:
        raise BackupError(_("This file is not a Samenspel backup."))
    version = header.get("version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise BackupError(
            _("This backup has an unknown format version (%(version)s).")
            % {"version": _dump(version)}
        )
    if version > FORMAT_VERSION:
        raise BackupError(
            _(
                "This backup has format version %(version)d and was made by a newer version "
                "of Samenspel. This version reads format version %(supported)d. Upgrade "
                "Samenspel, then restore again."
            )
            % {"version": version, "supported": FORMAT_VERSION}
        )


RECORDS_START = '"records": ['


def _read_header(lines: Iterator[str]) -> dict[str, Any]:
    """Read the lines before the records: `{`, then one `"key": value,` a line, up to the
    line that opens the list of records."""
    first = next(lines, None)
    if first is None or first.strip() != "{":
        # Not the layout `samenspel backup` writes. Read what the first line holds, to
        # tell a file of another kind from a backup that was laid out differently.
        _check_format(_json_line(first or ""))
        raise _damaged(_("it does not hold one record per line, as “samenspel backup” writes it."))
    header: dict[str, Any] = {}
    for line in lines:
        text = line.strip()
        if text == RECORDS_START:
            _check_format(header)
            return header
        item = _json_line("{" + text.removesuffix(",") + "}")
        if not isinstance(item, dict) or "records" in item:
            _check_format(header)
            raise _damaged(_("it has no list of records."))
        header.update(item)
    _check_format(header)
    raise _damaged(_("it has no list of records."))


def _records(lines: Iterator[str]) -> Iterator[tuple[int, Any]]:
    """The records, numbered from 1, one a line; then the lines that close the file."""
    number = 0
    for line in lines:
        text = line.strip()
        if not text:
            continue
        if text == "]":
            rest = (line.strip() for line in lines)
            if [*itertools.islice((text for text in rest if text), 2)] != ["}"]:
                raise _not_json()
            return
        number += 1
        try:
            record = json.loads(text.removesuffix(","))
        except (ValueError, RecursionError) as exc:
            raise _damaged(_("record %(number)d is not valid JSON.") % {"number": number}) from exc
        yield number, record
    raise BackupError(
        _("The backup is incomplete: it ends after record %(number)d.") % {"number": number}
    )


def _check_counts(counts: dict[str, Any], found: Counter[str]) -> None:
    for label in sorted(set(counts) | set(found)):
        if counts.get(label, 0) != found[label]:
            raise _damaged(
                _("it should hold %(expected)s records of %(model)s, but it holds %(found)d.")
                % {"expected": _dump(counts.get(label, 0)), "model": label, "found": found[label]}
            )


def _administrators(emails: list[str]) -> BackupError:
    return BackupError(
        ngettext(
            "This backup would create %(count)d site administrator: %(emails)s. Site "
            "administrators may do everything in Samenspel. If you trust this file, restore "
            "it again with --allow-administrators.",
            "This backup would create %(count)d site administrators: %(emails)s. Site "
            "administrators may do everything in Samenspel. If you trust this file, restore "
            "it again with --allow-administrators.",
            len(emails),
        )
        % {"count": len(emails), "emails": ", ".join(sorted(emails))}
    )


def _messages(error: ValidationError) -> str:
    return " ".join(str(message) for message in error.messages)


@dataclass(frozen=True)
class _Reference:
    number: int
    label: str
    pk: Any
    field: str
    target: type[models.Model]
    target_pk: Any


@dataclass
class _Pending:
    number: int
    obj: models.Model
    m2m: dict[str, list[Any]]


class _Loader:
    """Checks each record as it is read and inserts them in batches, per model (one pass;
    the module's docstring says why). What needs the whole file (a reference to a record
    further on, a cycle's records, the counts) is remembered as sets of ids and checked
    in `finish`."""

    def __init__(
        self, backed_up: list[type[models.Model]], *, on_progress: Progress | None
    ) -> None:
        self.models = {_label(model): model for model in backed_up}
        self.included = set(backed_up)
        self.on_progress = on_progress
        self.found: Counter[str] = Counter()
        self.administrators: list[str] = []
        self.rules = RecordRules()
        self.ids: dict[type[models.Model], set[Any]] = {model: set() for model in backed_up}
        self.m2m = {model: _many_to_many(model) for model in backed_up}
        self.later: list[_Reference] = []
        self.batch: list[_Pending] = []
        self.current = ""
        self.content_types: set[tuple[str, str]] = set()
        self.user_model = get_user_model()

    def add(self, number: int, record: Any) -> None:
        if not (
            isinstance(record, dict)
            and isinstance(record.get("model"), str)
            and record.get("pk") is not None
            and isinstance(record.get("fields"), dict)
        ):
            raise _damaged(_("record %(number)d is not a valid record.") % {"number": number})
        label = record["model"]
        model = self.models.get(label)
        if model is None:
            raise _damaged(
                _("record %(number)d is of “%(model)s”, which Samenspel does not restore.")
                % {"number": number, "model": label}
            )
        if label != self.current:
            self.flush()
            self._report()
            self.current = label
        try:
            pending = self._check(number, model, record)
        # Whatever is wrong with one record (a value of the wrong kind, an unknown field,
        # a name that matches nothing) is reported with that record.
        except Exception as exc:
            detail = _messages(exc) if isinstance(exc, ValidationError) else str(exc)
            raise _damaged(
                _("record %(number)d (%(model)s %(pk)s) cannot be restored: %(error)s")
                % {"number": number, "model": label, "pk": _dump(record["pk"]), "error": detail}
            ) from exc
        self.found[label] += 1
        self.batch.append(pending)
        if len(self.batch) >= BATCH_SIZE:
            self.flush()

    def _check(self, number: int, model: type[models.Model], record: dict[str, Any]) -> _Pending:
        self._create_content_types(model, record["fields"])
        deserialized = next(iter(PythonDeserializer([record], using=connection.alias)))
        obj: models.Model = deserialized.object
        if obj.pk in self.ids[model]:
            raise ValidationError(_("another record of this kind has the same id."))
        for field in model._meta.concrete_fields:
            if field.primary_key or field.generated:
                continue
            value = getattr(obj, field.attname)
            if field.is_relation:
                if value is None and not field.null:
                    raise ValidationError(
                        _("%(field)s: this field is required.") % {"field": field.name}
                    )
                target = field.related_model
                if value is not None and isinstance(target, type) and target in self.included:
                    self._refer(number, record, field.name, target, value)
                continue
            try:
                field.clean(value, obj)
            except ValidationError as exc:
                raise ValidationError(f"{field.name}: {_messages(exc)}") from exc
        m2m = deserialized.m2m_data or {}
        for m2m_field in self.m2m[model]:
            if m2m_field.related in self.included:
                for target_pk in m2m.get(m2m_field.name, []):
                    self._refer(number, record, m2m_field.name, m2m_field.related, target_pk)
        self.rules.check(obj)
        if model is self.user_model and (
            getattr(obj, "is_staff", False) or getattr(obj, "is_superuser", False)
        ):
            self.administrators.append(str(getattr(obj, model.get_email_field_name(), obj.pk)))  # type: ignore[attr-defined]
        self.ids[model].add(obj.pk)
        return _Pending(number=number, obj=obj, m2m=m2m)

    def _refer(
        self,
        number: int,
        record: dict[str, Any],
        field: str,
        target: type[models.Model],
        target_pk: Any,
    ) -> None:
        if target_pk not in self.ids[target]:
            # Perhaps further on in the file (a cycle's previous cycle); checked at the end.
            self.later.append(
                _Reference(number, record["model"], record["pk"], field, target, target_pk)
            )

    def _create_content_types(self, model: type[models.Model], fields: dict[str, Any]) -> None:
        """`migrate` creates the content types of the models that exist now. Old audit
        events may name a model that has since been removed; create its content type so
        that they restore, as they were, instead of failing."""
        for field in model._meta.concrete_fields:
            if field.is_relation and field.related_model is ContentType:
                value = fields.get(field.name)
                if (
                    isinstance(value, list)
                    and len(value) == 2
                    and all(isinstance(v, str) for v in value)
                    and (value[0], value[1]) not in self.content_types
                ):
                    ContentType.objects.get_or_create(app_label=value[0], model=value[1])
                    self.content_types.add((value[0], value[1]))

    def flush(self) -> None:
        """Insert the batch: a few statements per model instead of one per record. The
        values are inserted as they are (`raw`), so `auto_now` fields keep the backup's
        timestamps."""
        if not self.batch:
            return
        batch, self.batch = self.batch, []
        try:
            with transaction.atomic():
                _insert(batch)
        except DatabaseError:
            # A rule the database holds (a unique name, due dates in order): find the
            # record that breaks it, one at a time, to name it.
            for pending in batch:
                try:
                    with transaction.atomic():
                        _insert([pending])
                except DatabaseError as exc:
                    raise _damaged(
                        _("record %(number)d (%(model)s %(pk)s) cannot be restored: %(error)s")
                        % {
                            "number": pending.number,
                            "model": _label(type(pending.obj)),
                            "pk": _dump(pending.obj.pk),
                            "error": exc,
                        }
                    ) from exc
            raise  # pragma: no cover - the batch failed, so one of its records does

    def _report(self) -> None:
        if self.current and self.on_progress is not None:
            self.on_progress(self.current, self.found[self.current])

    def finish(self) -> None:
        self.flush()
        self._report()
        for ref in self.later:
            if ref.target_pk not in self.ids[ref.target]:
                raise _damaged(
                    _(
                        "record %(number)d (%(model)s %(pk)s) refers in %(field)s to "
                        "%(target)s %(target_pk)s, which is not in the backup."
                    )
                    % {
                        "number": ref.number,
                        "model": ref.label,
                        "pk": _dump(ref.pk),
                        "field": ref.field,
                        "target": _label(ref.target),
                        "target_pk": _dump(ref.target_pk),
                    }
                )
        for model, pk, problem in self.rules.problems():
            raise _damaged(
                _("%(model)s %(pk)s: %(problem)s")
                % {"model": _label(model), "pk": pk, "problem": problem}
            )


def _insert(batch: list[_Pending]) -> None:
    model = type(batch[0].obj)
    objs = [pending.obj for pending in batch]
    fields = [field for field in model._meta.concrete_fields if not field.generated]
    size = connection.ops.bulk_batch_size(fields, objs) or len(objs)
    for start in range(0, len(objs), size):
        model._base_manager._insert(  # type: ignore[attr-defined]
            objs[start : start + size], fields=fields, using=connection.alias, raw=True
        )
    for m2m in _many_to_many(model):
        field = model._meta.get_field(m2m.name)
        source = f"{field.m2m_field_name()}_id"  # type: ignore[union-attr]
        target = f"{field.m2m_reverse_field_name()}_id"  # type: ignore[union-attr]
        rows = [
            m2m.through(**{source: pending.obj.pk, target: target_pk})
            for pending in batch
            for target_pk in pending.m2m.get(m2m.name, [])
        ]
        m2m.through._base_manager.bulk_create(rows, batch_size=BATCH_SIZE)


def _check_migrations(document: dict[str, Any]) -> None:
    """Refuse records that were written for a database layout this code does not know."""
    migrations = document.get("migrations")
    if not isinstance(migrations, dict) or not all(
        isinstance(names, list) and all(isinstance(name, str) for name in names)
        for names in migrations.values()
    ):
        raise _damaged(_("its list of database changes is not valid."))
    known = MigrationLoader(None, ignore_no_migrations=True).disk_migrations
    for app_label, names in sorted(migrations.items()):
        for name in names:
            if (app_label, name) not in known:
                raise BackupError(
                    _(
                        "This backup was made by a newer version of Samenspel: it needs the "
                        "database change “%(migration)s”, which this version does not have. "
                        "Upgrade Samenspel, then restore again."
                    )
                    % {"migration": f"{app_label}.{name}"}
                )


def _check_database(backed_up: list[type[models.Model]]) -> None:
    try:
        _check_migrated()
        held = {_label(model): model._base_manager.count() for model in backed_up}
    except DatabaseError as exc:
        raise _not_migrated() from exc
    if any(held.values()):
        raise BackupError(
            _(
                "The database is not empty: it already holds %(contents)s. Restore only "
                "into a new database that has been migrated and holds no data yet."
            )
            % {"contents": ", ".join(f"{label}: {n}" for label, n in held.items() if n)}
        )


def _reset_sequences(backed_up: list[type[models.Model]]) -> None:
    """The records were inserted with their own ids; move each id sequence past them so
    that rows created after the restore get fresh ids (PostgreSQL; SQLite needs none)."""
    statements = connection.ops.sequence_reset_sql(
        no_style(), backed_up + _through_models(backed_up)
    )
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)
