"""The pages of the helicopter view: the matrix of initiatives by learning questions with
the learning agenda's answers above it, one learning question (what works and what does
not, with the evidence), and one cell (an initiative's lessons on one question).

Thin: programmes.access finds the programme (404 for a non-member), insights.access
decides (every member reads), insights.helicopter reads. The pages are cached like the
programme's other pages (common.caching.rendering_key: the data version, role, date,
language and the full address); what only a cache miss needs is passed lazily.
"""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from samenspel.common.caching import lazy
from samenspel.common.paging import paginate
from samenspel.insights import access as insights_access
from samenspel.insights import helicopter
from samenspel.insights.helicopter_forms import MatrixFilterForm
from samenspel.insights.pages import programme_access, render_page
from samenspel.programmes.access import (
    access_initiative_by_id,
    access_question_by_number,
)

# Initiatives per page of the matrix, and per page of a question's initiatives.
ROWS_PER_PAGE = 25


@login_required
@require_GET
def helicopter_matrix(request: HttpRequest, slug: str) -> HttpResponse:
    access = programme_access(request, slug, insights_access.can_see)
    programme = access.programme
    filters = MatrixFilterForm(request.GET or None, programme=programme)

    def matrix() -> dict[str, Any]:
        area_id, status = filters.chosen()
        questions = helicopter.matrix_questions(programme=programme, status=status)
        page: Page = paginate(
            request,
            helicopter.matrix_initiatives(programme=programme, area_id=area_id),
            per_page=ROWS_PER_PAGE,
        )
        initiatives = list(page.object_list)
        cells = helicopter.matrix_cells(
            programme=programme,
            initiative_ids=[i.pk for i in initiatives],
            question_ids=[q.pk for q in questions],
        )
        figures = helicopter.agenda_figures(programme=programme)
        empty = helicopter.AgendaFigures()
        return {
            "page": page,
            "questions": questions,
            "agenda": [(q, figures.get(q.pk, empty)) for q in questions],
            "rows": [
                (initiative, [cells.get((initiative.pk, q.pk)) for q in questions])
                for initiative in initiatives
            ],
            "by_area": area_id is not None,
            "by_status": bool(status),
        }

    query = request.GET.copy()
    query.pop("page", None)
    return render_page(
        request,
        "insights/helicopter.html",
        access,
        filters=filters,
        matrix=lazy(matrix),
        query=query.urlencode(),
    )


@login_required
@require_GET
def helicopter_question(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    access = programme_access(request, slug, insights_access.can_see)
    question = access_question_by_number(access=access, number=number)

    def view() -> dict[str, Any]:
        found = helicopter.question_view(programme=access.programme, question=question)
        figures = helicopter.agenda_figures(programme=access.programme)
        return {
            "found": found,
            "figures": figures.get(question.pk, helicopter.AgendaFigures()),
            "page": paginate(request, found.initiatives, per_page=ROWS_PER_PAGE),
        }

    return render_page(
        request,
        "insights/helicopter_question.html",
        access,
        question=question,
        view=lazy(view),
    )


@login_required
@require_GET
def helicopter_cell(
    request: HttpRequest, slug: str, initiative_id: int, number: int
) -> HttpResponse:
    access = programme_access(request, slug, insights_access.can_see)
    initiative = access_initiative_by_id(access=access, initiative_id=initiative_id)
    question = access_question_by_number(access=access, number=number)
    return render_page(
        request,
        "insights/helicopter_cell.html",
        access,
        initiative=initiative,
        question=question,
        cell=lazy(
            lambda: helicopter.cell_view(
                programme=access.programme, initiative=initiative, question=question
            )
        ),
    )
