"""Places on the programme's pages where the apps built on programmes add their part.

Programmes is a lower floor than the apps that hang off it (learning cycles today;
sessions, the compass, coaching and the travel report later), so it never imports them.
Instead, each of those apps registers what it adds, in its AppConfig.ready():

- a **section** of a page: a template and a function that gives its context. Places:
  "programme" (the overview), "initiative" and "question"; and a **personal section** of
  "my work", which spans the programmes a person belongs to;
- a **column** of the area table, the initiative list or the learning agenda, with the
  function that fills its cells for a list of rows in one go ("area", "initiative",
  "question");
- a **filter** of the initiative list: a check box that narrows the query;
- a **removal hook**: runs inside membership_remove's transaction before the member goes,
  with the answers of the "membership_remove" sections' fields (drawn inside the removal
  form); it hands over what the member holds, or refuses with a ValidationError;
- a **menu link** in the programme's menu (components/programme_nav.html): a label and
  the page it opens, marked as the current page on every page it names in `current`, and
  shown to the people its `shown` function names. The menu is drawn on every programme
  page, outside the cached part, so `shown` decides on the access answer alone and asks
  no database.

Sections and cells are drawn inside the page's cached part, so they follow the page's
cache key (common.caching): they may depend on the programme's data and the viewer's
role, not on anything else.
"""

from collections import defaultdict
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.utils.safestring import SafeString

if TYPE_CHECKING:
    from django_stubs_ext import StrPromise

    from samenspel.programmes.access import ProgrammeAccess


@dataclass(frozen=True)
class Section:
    template: str
    # (request, access, the page's object or None) → the template's context
    context: Callable[[HttpRequest, "ProgrammeAccess", Any], dict[str, Any]]
    order: int = 0


@dataclass(frozen=True)
class PersonalSection:
    template: str
    # (request, the person's memberships) → the template's context
    context: Callable[[HttpRequest, list[Any]], dict[str, Any]]
    order: int = 0


@dataclass(frozen=True)
class Column:
    header: "StrPromise"
    # (programme id, row ids, shared) → the cell of each row, drawn; rows without one
    # show a dash. `shared` is a dict the columns of one table share while it is filled:
    # two columns that show figures of one query read it once.
    cells: Callable[[int, Sequence[int], dict[str, Any]], dict[int, SafeString]]
    numeric: bool = False
    order: int = 0


@dataclass(frozen=True)
class Filter:
    name: str
    label: "StrPromise"
    # narrows the initiatives when the box is ticked
    apply: Callable[[QuerySet[Any]], QuerySet[Any]]


@dataclass(frozen=True)
class MenuLink:
    label: "StrPromise"
    url_name: str  # reversed with the programme's slug
    # (the viewer's access) → whether the link is shown; decided without a query
    shown: Callable[["ProgrammeAccess"], bool] = lambda access: True  # everyone
    # The names of the pages on which the link is the current one (besides its own).
    current: frozenset[str] = frozenset()
    order: int = 0


# What a cell shows when its column has nothing for the row: an en dash.
NO_VALUE = "\u2013"

_sections: dict[str, list[Section]] = defaultdict(list)
_personal_sections: list[PersonalSection] = []
_columns: dict[str, list[Column]] = defaultdict(list)
_filters: list[Filter] = []
# (membership, by, the removal form's answers) → None, or raises ValidationError
RemovalHook = Callable[..., None]
_removal_hooks: list[RemovalHook] = []
_menu_links: list[MenuLink] = []


def add_section(place: str, section: Section) -> None:
    _sections[place].append(section)
    _sections[place].sort(key=lambda s: s.order)


def add_personal_section(section: PersonalSection) -> None:
    _personal_sections.append(section)
    _personal_sections.sort(key=lambda s: s.order)


def add_column(table: str, column: Column) -> None:
    _columns[table].append(column)
    _columns[table].sort(key=lambda c: c.order)


def add_filter(filter_: Filter) -> None:
    _filters.append(filter_)


def add_removal_hook(hook: RemovalHook) -> None:
    _removal_hooks.append(hook)


def add_menu_link(link: MenuLink) -> None:
    _menu_links.append(link)
    _menu_links.sort(key=lambda link: link.order)


def menu_links(access: "ProgrammeAccess") -> list[MenuLink]:
    return [link for link in _menu_links if link.shown(access)]


def before_member_removal(*, membership: Any, by: Any, answers: Mapping[str, object]) -> None:
    for hook in _removal_hooks:
        hook(membership=membership, by=by, answers=answers)


def render_sections(
    place: str, request: HttpRequest, access: "ProgrammeAccess", obj: Any = None
) -> list[SafeString]:
    base = {"access": access, "programme": access.programme, "request": request}
    return [
        SafeString(
            render_to_string(
                section.template,
                {**base, **section.context(request, access, obj)},
                request=request,
            )
        )
        for section in _sections[place]
    ]


def render_personal_sections(request: HttpRequest, memberships: list[Any]) -> list[SafeString]:
    return [
        SafeString(
            render_to_string(
                section.template, section.context(request, memberships), request=request
            )
        )
        for section in _personal_sections
    ]


@dataclass(frozen=True)
class Table:
    """The rows of a table with the cells that other apps add to each. Headers and
    cells come with whether they are numbers (aligned right)."""

    headers: list[tuple["StrPromise", bool]]
    rows: list[tuple[Any, list[tuple[SafeString | str, bool]]]]


def fill_columns(table: str, programme_id: int, rows: Sequence[Any]) -> Table:
    columns = _columns[table]
    row_ids = [row.pk for row in rows]
    shared: dict[str, Any] = {}
    filled = [column.cells(programme_id, row_ids, shared) for column in columns]
    return Table(
        headers=[(column.header, column.numeric) for column in columns],
        rows=[
            (
                row,
                [
                    (values.get(row.pk, NO_VALUE), c.numeric)
                    for c, values in zip(columns, filled, strict=True)
                ],
            )
            for row in rows
        ],
    )


def filters() -> list[Filter]:
    return list(_filters)
