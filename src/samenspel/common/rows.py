"""Model instances from one row of a written-out query (a hot read that the ORM would
build anew on every request, see docs/decisions/0010-cold-pages.md).

`select(model, alias, names)` writes the select list of some or all of a model's
columns; `instance(model, fields, values)` turns that part of a row into an instance,
converting each value as the ORM does (dates on SQLite, JSON, the generated columns), or
None when the part is empty (a LEFT JOIN that found nothing). Fields left out are
deferred: reading one loads it, as with `.only()`."""

from collections.abc import Sequence
from typing import Any, TypeVar

from django.db import connection, models

M = TypeVar("M", bound=models.Model)


def fields_of(model: type[models.Model], names: Sequence[str] | None = None) -> list[Any]:
    """The concrete fields of `model` (all, or the primary key and those named), in the
    model's order (Model.from_db fills the others in as deferred in that order)."""
    return [
        field
        for field in model._meta.concrete_fields
        if names is None or field.primary_key or field.name in names
    ]


def select(alias: str, fields: Sequence[Any]) -> str:
    quote = connection.ops.quote_name
    return ", ".join(f"{alias}.{quote(field.column)}" for field in fields)


def instance(model: type[M], fields: Sequence[Any], values: Sequence[Any]) -> M | None:
    if values[0] is None:  # no primary key: the LEFT JOIN found no row
        return None
    converted = []
    for field, value in zip(fields, values, strict=True):
        column = field.get_col(model._meta.db_table)
        for convert in connection.ops.get_db_converters(column) + field.get_db_converters(
            connection
        ):
            value = convert(value, column, connection)
        converted.append(value)
    return model.from_db(connection.alias, [field.attname for field in fields], converted)


Part = tuple[str, type[models.Model], Sequence[str] | None]


def read(parts: Sequence[Part], rest: str, params: Sequence[Any]) -> list[list[Any]]:
    """Run "SELECT <the parts' columns> <rest>" and return, for every row, an instance
    (or None) per part. `parts`: (alias in `rest`, model, field names or None for all)."""
    fields = [fields_of(model, names) for _alias, model, names in parts]
    columns = ", ".join(
        select(alias, chosen) for (alias, _model, _names), chosen in zip(parts, fields, strict=True)
    )
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {columns} {rest}", list(params))
        found = cursor.fetchall()
    result = []
    for row in found:
        start, instances = 0, []
        for (_alias, model, _names), chosen in zip(parts, fields, strict=True):
            instances.append(instance(model, chosen, row[start : start + len(chosen)]))
            start += len(chosen)
        result.append(instances)
    return result
