"""What learning cycles add to the programme's pages (programmes.extensions) and how
their events read in a history (common.history). Registered in CyclesConfig.ready()."""

import datetime
from collections.abc import Sequence
from functools import partial
from typing import Any

from django.http import HttpRequest
from django.utils import formats
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from samenspel.common.history import register_describer, register_labels
from samenspel.common.models import AuditEvent
from samenspel.common.paging import paginate
from samenspel.cycles import access, selectors, services
from samenspel.cycles.constants import CycleState
from samenspel.cycles.forms import NewOwnerForm
from samenspel.cycles.templatetags.cycles import yield_figure
from samenspel.programmes import extensions
from samenspel.programmes.access import ProgrammeAccess

DUE_LABELS = {
    "expectation_due": gettext_lazy("Expectation due"),
    "review_due": gettext_lazy("Review due"),
    "adjustment_due": gettext_lazy("Adjustment due"),
}

# Each cycle is a card with its picture and expected beside happened: ten per page.
CYCLES_PER_PAGE = 10


def _overdue_badge(count: int) -> SafeString:
    if not count:
        return SafeString("0")
    return format_html('<span class="sp-badge sp-badge--warning">{}</span>', count)


def _figures(
    shared: dict[str, Any], group: str, programme_id: int, ids: Sequence[int]
) -> dict[int, dict[str, int]]:
    """The figures of the table's rows, read once for both columns that show them."""
    key = f"cycles.figures.{group}"
    if key not in shared:
        shared[key] = selectors.figures_by(group, programme_id=programme_id, ids=list(ids))
    rows: dict[int, dict[str, int]] = shared[key]
    return rows


def _yield_cells(
    group: str, programme_id: int, ids: Sequence[int], shared: dict[str, Any]
) -> dict[int, SafeString]:
    rows = _figures(shared, group, programme_id, ids)
    cells = {}
    for pk in ids:
        row = rows.get(pk, selectors.NO_CYCLES)
        cells[pk] = yield_figure(
            selectors.LearningYield(row["cycles_completed"], row["cycles_due"])
        )
    return cells


def _overdue_cells(
    group: str, programme_id: int, ids: Sequence[int], shared: dict[str, Any]
) -> dict[int, SafeString]:
    rows = _figures(shared, group, programme_id, ids)
    return {pk: _overdue_badge(rows.get(pk, selectors.NO_CYCLES)["cycles_overdue"]) for pk in ids}


def _programme_figures(request: HttpRequest, access_: ProgrammeAccess, obj: Any) -> dict:
    return {"figures": selectors.programme_cycle_figures(programme_id=access_.programme.pk)}


def _initiative_cycles(request: HttpRequest, access_: ProgrammeAccess, initiative: Any) -> dict:
    cycles = selectors.cycles_of_initiative(initiative_id=initiative.pk)
    figures = selectors.initiative_cycle_figures(
        programme_id=access_.programme.pk, initiative_id=initiative.pk
    )
    return {
        "initiative": initiative,
        "can_start_cycles": access.can_start_cycles(access_),
        "learning_yield": figures.learning_yield,
        # The tally knows how many cycles there are: the paginator need not count them.
        "page": paginate(
            request, cycles, per_page=CYCLES_PER_PAGE, count=figures.counts["cycles_total"]
        ),
    }


def _question_cycles(request: HttpRequest, access_: ProgrammeAccess, question: Any) -> dict:
    page = paginate(
        request, selectors.cycles_of_question(question_id=question.pk), per_page=CYCLES_PER_PAGE
    )
    return {
        "page": page,
        "lessons": [
            (link.cycle, selectors.lessons_of(link.cycle), selectors.review_day(link))
            for link in page
        ],
    }


def _my_cycles(request: HttpRequest, memberships: list[Any]) -> dict:
    work = selectors.my_cycles(
        user=request.user,  # type: ignore[arg-type]
        programme_ids=[membership.programme_id for membership in memberships],
    )
    return {"work": work, "page": paginate(request, work.cycles)}


def _members_open_cycles(request: HttpRequest, access_: ProgrammeAccess, membership: Any) -> dict:
    """The removal page of a member: their open cycles, and who takes them over."""
    cycles = selectors.open_cycles_of(membership=membership)
    form = NewOwnerForm(
        request.POST if request.method == "POST" else None,
        programme=access_.programme,
        leaving=membership.user,
    )
    return {"cycles": cycles, "form": form, "leaving": membership.user}


def _describe_replan(event: AuditEvent) -> str:
    changes = [
        _("%(field)s %(from)s → %(to)s")
        % {
            "field": DUE_LABELS.get(field, field),
            "from": _format(event.data["from"][field]),
            "to": _format(value),
        }
        for field, value in event.data.get("to", {}).items()
    ]
    return _("Due dates changed: %(changes)s") % {"changes": "; ".join(changes)}


def _format(iso: str) -> str:
    return formats.date_format(datetime.date.fromisoformat(iso), "j F Y")


def _describe_hand_over(event: AuditEvent) -> str:
    return _("Handed over: %(from)s → %(to)s") % {
        "from": event.data["from"],
        "to": event.data["to"],
    }


def _describe_transition(event: AuditEvent) -> str:
    return _("Phase changed: %(from)s → %(to)s") % {
        "from": CycleState(event.data["from"]).label,
        "to": CycleState(event.data["to"]).label,
    }


def register() -> None:
    extensions.add_section(
        "programme", extensions.Section("cycles/programme_figures.html", _programme_figures)
    )
    extensions.add_section(
        "initiative", extensions.Section("cycles/initiative_cycles.html", _initiative_cycles)
    )
    extensions.add_section(
        "question", extensions.Section("cycles/question_cycles.html", _question_cycles)
    )
    extensions.add_personal_section(extensions.PersonalSection("cycles/my_cycles.html", _my_cycles))
    for table, group in (("area", "area"), ("initiative", "initiative")):
        extensions.add_column(
            table,
            extensions.Column(gettext_lazy("Learning yield"), partial(_yield_cells, group)),
        )
        extensions.add_column(
            table,
            extensions.Column(
                gettext_lazy("Overdue"), partial(_overdue_cells, group), numeric=True
            ),
        )
    extensions.add_column(
        "question",
        extensions.Column(
            gettext_lazy("Cycles"),
            lambda programme_id, ids, shared: {
                pk: SafeString(str(n))
                for pk, n in selectors.question_cycle_counts(question_ids=list(ids)).items()
            },
            numeric=True,
        ),
    )
    extensions.add_filter(
        extensions.Filter(
            "overdue", gettext_lazy("Only with overdue cycles"), selectors.with_overdue_cycles
        )
    )
    register_labels(
        {
            "cycle.create": gettext_lazy("Cycle created"),
            "expectation.record": gettext_lazy("Expectation written down"),
            "expectation.update": gettext_lazy("Expectation rewritten (before acting)"),
            "observation.add": gettext_lazy("Observation added to the log"),
        }
    )
    register_describer("cycle.transition", _describe_transition)
    register_describer("cycle.replan", _describe_replan)
    register_describer("cycle.hand_over", _describe_hand_over)
    extensions.add_section(
        "membership_remove",
        extensions.Section("cycles/membership_remove_cycles.html", _members_open_cycles),
    )
    extensions.add_removal_hook(services.cycles_before_member_removal)
