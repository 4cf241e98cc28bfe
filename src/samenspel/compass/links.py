"""Answer links: the managers' list (make, close, open again), and the public form through
which a resident answers the compass without an account (DESIGN.md §5).

The public pages live at /kompas/<key>/ and show the link's programme name and title,
the facets and nothing else of the programme. Each visit of the form gets a key of its
own (services.link_visit_start) that sending uses up, so that one visit sends one
assessment; the pages are therefore never stored by a browser or a proxy (never_cache),
or two residents behind one proxy would share a visit. The answers are anonymous: the
client address is only handed to the service's throttle, which keeps a keyed hash of
it with no tie to the answer. A closed link says so (410), an unknown key is a 404, and
too many answers from one address in an hour are refused with 429.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from samenspel.common.forms import add_service_error
from samenspel.compass import access as compass_access
from samenspel.compass import selectors, services
from samenspel.compass.constants import Subject
from samenspel.compass.forms import LinkForm, ScoresForm
from samenspel.compass.models import AnswerLink
from samenspel.compass.views import facet_fields_key, member_access, render_page, to_setup
from samenspel.learning_sessions.guests import client_address
from samenspel.programmes.access import ProgrammeAccess

VISIT = "visit"


# The managers' list -----------------------------------------------------------------------


def _manager(request: HttpRequest, slug: str) -> ProgrammeAccess:
    access = member_access(request, slug)
    access.require(compass_access.can_manage(access))
    return access


def _links_page(
    request: HttpRequest, access: ProgrammeAccess, form: LinkForm, status: int = 200
) -> HttpResponse:
    links = list(selectors.links_of(programme=access.programme))
    addresses = {
        link.pk: request.build_absolute_uri(reverse("compass-link-answer", args=[link.key]))
        for link in links
    }
    return render_page(
        request,
        "compass/links.html",
        access,
        status,
        heading=_("Answer links"),
        links=[(link, addresses[link.pk]) for link in links],
        form=form,
    )


@login_required
@require_http_methods(["GET", "POST"])
def link_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = _manager(request, slug)
    if selectors.compass_of(programme=access.programme) is None:
        return to_setup(access)
    form = LinkForm(request.POST or None, programme=access.programme)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            link = services.link_create(
                programme=access.programme,
                title=data["title"],
                subject=data["subject"],
                initiative=data["initiative"] if data["subject"] == Subject.INITIATIVE else None,
                by=access.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The answer link “%(title)s” has been made.") % {"title": link.title}
            )
            return redirect("compass-links", slug=slug)
    return _links_page(request, access, form, 400 if request.method == "POST" else 200)


def _link(request: HttpRequest, slug: str, link_id: int) -> tuple[ProgrammeAccess, AnswerLink]:
    access = member_access(request, slug)
    link = compass_access.access_link_by_id(access=access, link_id=link_id)
    access.require(compass_access.can_manage(access))
    return access, link


@login_required
@require_http_methods(["GET", "POST"])
def link_close(request: HttpRequest, slug: str, link_id: int) -> HttpResponse:
    """Asks first; the POST closes the link (it can be opened again)."""
    access, link = _link(request, slug, link_id)
    if request.method == "POST":
        services.link_close(link=link, by=access.user)
        messages.success(
            request, _("The answer link “%(title)s” is closed.") % {"title": link.title}
        )
        return redirect("compass-links", slug=slug)
    return render_page(
        request,
        "compass/link_close.html",
        access,
        heading=_("Close the answer link?"),
        link=link,
    )


@login_required
@require_POST
def link_reopen(request: HttpRequest, slug: str, link_id: int) -> HttpResponse:
    access, link = _link(request, slug, link_id)
    services.link_reopen(link=link, by=access.user)
    messages.success(
        request, _("The answer link “%(title)s” is open again.") % {"title": link.title}
    )
    return redirect("compass-links", slug=slug)


# The residents' form ----------------------------------------------------------------------


def _public(
    request: HttpRequest, template: str, link: AnswerLink, status: int = 200, **context: Any
) -> HttpResponse:
    """A public page of a link: its programme's name and the link, nothing more (no
    `programme` or `access` in the context, so no programme menu either)."""
    return render(
        request,
        template,
        {"link": link, "fields_key": facet_fields_key(link.programme), **context},
        status=status,
    )


def _closed(request: HttpRequest, link: AnswerLink) -> HttpResponse:
    return _public(request, "compass/link_closed.html", link, 410)


@never_cache
@require_http_methods(["GET", "POST"])
def link_answer(request: HttpRequest, link_key: str) -> HttpResponse:
    link = compass_access.access_link_by_key(key=link_key)
    if not link.is_open:
        return _closed(request, link)
    compass = selectors.compass_of(programme=link.programme)
    if compass is None:  # a link is made only with a compass; it cannot lose it
        return _closed(request, link)
    form = ScoresForm(request.POST or None, facets=selectors.facets_in_use(compass))
    if request.method == "GET":
        visit = services.link_visit_start(link=link)
        return _public(request, "compass/link_answer.html", link, form=form, visit=visit)
    form.is_valid()  # every field is optional: the service decides what is wrong
    visit = request.POST.get(VISIT, "")[:200]
    status = 400
    try:
        services.link_submit(
            link=link, visit_key=visit, address=client_address(request), answers=form.answers()
        )
    except ValidationError as error:
        code = error.code if not hasattr(error, "error_dict") else None
        if code == "closed":
            return _closed(request, link)
        if code == "duplicate":
            return _public(request, "compass/link_sent.html", link, 400, duplicate=True)
        if code == "throttled":
            status = 429
        add_service_error(form, error)
    else:
        return redirect("compass-link-thanks", link_key=link.key)
    return _public(request, "compass/link_answer.html", link, status, form=form, visit=visit)


@never_cache
def link_thanks(request: HttpRequest, link_key: str) -> HttpResponse:
    """After sending: thanks, and no form. Answering again means opening the link anew."""
    link = compass_access.access_link_by_key(key=link_key)
    return _public(request, "compass/link_sent.html", link, duplicate=False)
