"""The dashboards: the facilitator's (`dashboard`, for those who run the programme) and
the governance overview (`governance`, for every member), with the overview as a PDF
and its figures per initiative as CSV (insights.governance_exports).

Thin: access through programmes.access and insights.access, reads through
insights.dashboards. Both pages are cached like every programme page
(common.caching.rendering_key: the programme's data version, the role, the date, the
language and the address with its page number); only a cache miss reads the data.
"""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Page
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from samenspel.common.caching import lazy
from samenspel.common.paging import paginate
from samenspel.insights import dashboards, governance_exports
from samenspel.insights.access import can_run, can_see
from samenspel.insights.pages import programme_access, render_page
from samenspel.programmes.access import ProgrammeAccess

# The governance overview pages its initiatives, as the initiative list does.
INITIATIVES_PER_PAGE = 25


@login_required
@require_GET
def dashboard(request: HttpRequest, slug: str) -> HttpResponse:
    """Where the learning discipline slips: the learning yield over time, what is
    overdue, sessions without a report, open actions, the learning agenda."""
    access = programme_access(request, slug, can_run)
    programme = access.programme
    board = lazy(lambda: dashboards.facilitator_dashboard(programme=programme))
    actions = lazy(
        lambda: paginate(
            request,
            dashboards.open_actions(programme=programme),
            per_page=dashboards.ACTIONS_PER_PAGE,
            count=board.action_counts.total,
        )
    )
    return render_page(
        request,
        "insights/dashboard.html",
        access,
        board=board,
        actions=actions,
        yield_chart=lazy(lambda: board.over_time.chart(prefix="dashboard-yield")),
        today=timezone.localdate(),
    )


def _initiatives_page(
    request: HttpRequest, access: ProgrammeAccess, overview: dashboards.GovernanceOverview
) -> Page:
    page = paginate(
        request,
        dashboards.initiative_progress(programme=access.programme),
        per_page=INITIATIVES_PER_PAGE,
        count=overview.initiative_count,
    )
    page.object_list = dashboards.progress_of(page.object_list)
    return page


@login_required
@require_GET
def governance(request: HttpRequest, slug: str) -> HttpResponse:
    """Progress and learning on one page, printable; with the PDF and the CSV."""
    access = programme_access(request, slug, can_see)
    overview = lazy(
        lambda: dashboards.governance_overview(programme=access.programme, trend_prefix="gov")
    )
    return render_page(
        request,
        "insights/governance.html",
        access,
        overview=overview,
        initiatives=lazy(lambda: _initiatives_page(request, access, overview)),
        yield_chart=lazy(lambda: overview.over_time.chart(prefix="governance-yield")),
    )


@login_required
@require_GET
def governance_pdf(request: HttpRequest, slug: str) -> HttpResponse:
    access = programme_access(request, slug, can_see)
    pdf = governance_exports.cached_pdf(
        programme=access.programme, base_url=request.build_absolute_uri("/")
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    name = governance_exports.file_name(access.programme, "pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
@require_GET
def governance_csv(request: HttpRequest, slug: str) -> HttpResponse:
    access = programme_access(request, slug, can_see)
    response = HttpResponse(
        governance_exports.initiatives_csv(programme=access.programme),
        content_type="text/csv; charset=utf-8",
    )
    name = governance_exports.file_name(access.programme, "csv")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
