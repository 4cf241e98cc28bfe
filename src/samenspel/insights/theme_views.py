"""The recurring themes' pages: the themes of the programme, the texts of one theme, and
asking for a new analysis. Thin: programmes.access for the programme, insights.access
for the role, theme_selectors to read the stored result, theme_services to ask.

The pages read only the stored analysis and cache what they draw under the programme's
usual key (its data version, the role, the day, the language, the address) plus the
state of its analyses (theme_selectors.ThemesState.cache_part): from the cache a page
costs the access check and one query for that state.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from samenspel.common.caching import lazy
from samenspel.common.paging import paginate
from samenspel.insights import access as insights_access
from samenspel.insights import theme_selectors, theme_services
from samenspel.insights.pages import programme_access, render_page
from samenspel.insights.theme_constants import TEXTS_PER_PAGE
from samenspel.insights.theme_models import ThemeText
from samenspel.insights.themes import MIN_TEXTS
from samenspel.programmes.access import ProgrammeAccess


def _state(access: ProgrammeAccess) -> theme_selectors.ThemesState:
    state = theme_selectors.themes_state(programme=access.programme)
    if state.lost:  # a worker died: queue it again (rare; costs a few queries then)
        theme_services.themes_recover()
    return state


def _render(
    request: HttpRequest,
    template: str,
    access: ProgrammeAccess,
    state: theme_selectors.ThemesState,
    **context: Any,
) -> HttpResponse:
    return render_page(
        request,
        template,
        access,
        state.cache_part,
        state=state,
        analysis=state.latest,
        can_run=insights_access.can_run(access),
        **context,
    )


@login_required
@require_GET
def themes(request: HttpRequest, slug: str) -> HttpResponse:
    access = programme_access(request, slug, insights_access.can_see)
    state = _state(access)
    analysis = state.latest
    return _render(
        request,
        "insights/themes.html",
        access,
        state,
        min_texts=MIN_TEXTS,
        cards=lazy(
            lambda: (
                theme_selectors.theme_cards(programme=access.programme, analysis=analysis)
                if analysis is not None
                else []
            )
        ),
    )


@login_required
@require_GET
def theme_detail(request: HttpRequest, slug: str, theme_id: int) -> HttpResponse:
    access = programme_access(request, slug, insights_access.can_see)
    state = _state(access)
    theme = theme_selectors.access_theme_by_id(
        programme=access.programme, analysis=state.latest, theme_id=theme_id
    )

    def lines() -> dict[str, Any]:
        page = paginate(
            request,
            ThemeText.objects.filter(theme=theme).order_by("position"),
            per_page=TEXTS_PER_PAGE,
            count=theme.size,
        )
        return {
            "page": page,
            "lines": theme_selectors.theme_text_lines(programme=access.programme, page=page),
        }

    return _render(
        request,
        "insights/theme_detail.html",
        access,
        state,
        theme=theme,
        texts=lazy(lines),
    )


@login_required
@require_POST
def themes_refresh(request: HttpRequest, slug: str) -> HttpResponse:
    access = programme_access(request, slug, insights_access.can_see)
    access.require(insights_access.can_run(access))
    theme_services.themes_request(programme_id=access.programme.pk, by=access.user)
    messages.success(
        request, _("A new analysis has been asked for. The themes are updated in a few minutes.")
    )
    return redirect("themes", slug=access.programme.slug)
