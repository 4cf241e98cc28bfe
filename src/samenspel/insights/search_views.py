"""The search page: Dutch search over everything the user may read in their programmes
(insights.search). Thin: the form reads the address, `search` decides what is found and
who may find it. A query or filter that cannot be used shows its message on the form
(status 400), never an error page."""

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from samenspel.common.forms import add_service_error
from samenspel.insights.search import readable_programmes, search
from samenspel.insights.search_forms import SearchForm


@login_required
@require_GET
def search_page(request: HttpRequest) -> HttpResponse:
    user: Any = request.user
    programmes = readable_programmes(user=user)
    asked = "q" in request.GET
    form = SearchForm(request.GET if asked else None, programmes=programmes)
    results = None
    status = 200
    if asked:
        if form.is_valid():
            data = form.cleaned_data
            try:
                results = search(
                    user=user,
                    query=data["q"],
                    programme=data["programme"] or None,
                    kinds=[data["kind"]] if data["kind"] else None,
                    page=request.GET.get("page"),
                    readable=programmes,
                )
            except ValidationError as error:
                add_service_error(form, ValidationError({"q": error}))
        if results is None:
            status = 400
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "insights/search.html",
        {
            "form": form,
            "results": results,
            "page": results.page if results else None,
            "query": query.urlencode(),
            "programmes": programmes,
        },
        status=status,
    )
