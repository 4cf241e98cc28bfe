"""Making the travel report's files and downloading them. Making a file is long work, so
it is asked for here and done by a worker (journal.rendering_services, journal.tasks);
the progress page shows how far it is. It works without JavaScript (a "Refresh" link);
static/samenspel/rendering.js asks the page's JSON form every second and updates it in
place, so no reload disturbs a screen reader.

- journal-render: a member asks for a file of the draft or of a publication (POST);
- journal-rendering: its progress page (JSON with ?format=json or Accept);
- journal-rendering-download: the file, once made;
- journal-public-download: a publication of a public report for anyone: the file when it
  is made, else it is asked for (once per publication and format, see
  rendering_request) and a page shows its progress.

`panel_context` gives the download panel (templates/journal/downloads/panel.html) that
the report's overview and publication pages include.
"""

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Case, When
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST, require_safe

from samenspel.common.forms import add_service_error
from samenspel.journal import access as journal_access
from samenspel.journal import rendering_services
from samenspel.journal.constants import CONTENT_TYPES, RenderFormat, RenderState
from samenspel.journal.models import Journal, Publication, Rendering
from samenspel.programmes.access import ProgrammeAccess, access_programme_by_slug

DRAFT = "draft"


def member_access(request: HttpRequest, slug: str) -> ProgrammeAccess:
    user: Any = request.user
    access = access_programme_by_slug(user=user, slug=slug)
    access.require(journal_access.can_see(access))
    return access


def journal_of(access: ProgrammeAccess) -> Journal:
    journal = Journal.objects.filter(programme=access.programme).order_by().first()
    if journal is None:
        raise Http404
    journal.programme = access.programme
    return journal


def wants_json(request: HttpRequest) -> bool:
    accept = request.headers.get("Accept", "")
    return request.GET.get("format") == "json" or "application/json" in accept


# The panel ----------------------------------------------------------------------------


@dataclass(frozen=True)
class PanelFile:
    format: str
    label: str
    rendering: Rendering | None

    @property
    def ready(self) -> bool:
        return self.rendering is not None and self.rendering.state == RenderState.DONE

    @property
    def working(self) -> bool:
        return self.rendering is not None and self.rendering.state in rendering_services.WORKING


@dataclass(frozen=True)
class DownloadPanel:
    slug: str
    version: str  # "draft" or a publication's number
    of_draft: bool
    files: list[PanelFile]


def panel_context(
    access: ProgrammeAccess, journal: Journal, publication: Publication | None = None
) -> dict[str, Any]:
    """What templates/journal/downloads/panel.html needs, for the draft or one
    publication: per format, the file that is ready or being made. Two small queries
    (the programme's data version, the renderings)."""
    ready = rendering_services.renderings_ready(journal=journal, publication=publication)
    return {
        "download_panel": DownloadPanel(
            slug=access.programme.slug,
            version=DRAFT if publication is None else str(publication.number),
            of_draft=publication is None,
            files=[
                PanelFile(format=value, label=str(label), rendering=ready.get(value))
                for value, label in RenderFormat.choices
            ],
        )
    }


# Asking for a file --------------------------------------------------------------------


class RenderForm(forms.Form):
    format = forms.ChoiceField(
        label=gettext_lazy("File format"),
        choices=RenderFormat.choices,
        error_messages={
            "required": gettext_lazy("Choose one of the file formats."),
            "invalid_choice": gettext_lazy("Choose one of the file formats."),
        },
    )
    version = forms.CharField(
        max_length=12,
        error_messages={"required": gettext_lazy("Choose the draft or a published version.")},
    )

    def __init__(self, *args: Any, journal: Journal, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.journal = journal

    def clean_version(self) -> Publication | None:
        version = self.cleaned_data["version"].strip()
        if version == DRAFT:
            return None
        publication = None
        if version.isdecimal() and len(version) < 10:
            publication = (
                Publication.objects.filter(journal=self.journal, number=int(version))
                .defer("book")
                .order_by()
                .first()
            )
        if publication is None:
            raise ValidationError(_("This version of the travel report does not exist."))
        publication.journal = self.journal
        return publication


@login_required
@require_POST
def render_request(request: HttpRequest, slug: str) -> HttpResponse:
    """Ask for a file; the answer is its progress page (the same file when it is ready
    or being made already)."""
    access = member_access(request, slug)
    journal = journal_of(access)
    form = RenderForm(request.POST, journal=journal)
    if form.is_valid():
        try:
            rendering = rendering_services.rendering_request(
                journal=journal,
                publication=form.cleaned_data["version"],
                fmt=form.cleaned_data["format"],
                by=access.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            return redirect("journal-rendering", slug=slug, rendering_id=rendering.pk)
    return render(
        request,
        "journal/downloads/refused.html",
        {
            "access": access,
            "programme": access.programme,
            "journal": journal,
            "heading": _("Make a file of the travel report"),
            "form": form,
            **panel_context(access, journal),
        },
        status=400,
    )


# Its progress -------------------------------------------------------------------------


def duration_text(duration: timedelta) -> str:
    seconds = max(round(duration.total_seconds()), 1)
    if seconds < 120:
        return ngettext("%(count)d second", "%(count)d seconds", seconds) % {"count": seconds}
    minutes = round(seconds / 60)
    return ngettext("%(count)d minute", "%(count)d minutes", minutes) % {"count": minutes}


def _status(
    request: HttpRequest,
    rendering: Rendering,
    *,
    download_url: str,
    retry_url: str | None,
    version: str,
) -> dict[str, Any]:
    took = None
    if rendering.state == RenderState.DONE and rendering.finished_at and rendering.started_at:
        took = duration_text(rendering.finished_at - rendering.started_at)
    context = {
        "rendering": rendering,
        "format_label": RenderFormat(rendering.format).label,
        "download_url": download_url,
        "retry_url": retry_url,
        "version": version,
        "took": took,
    }
    return {
        "state": rendering.state,
        "label": str(RenderState(rendering.state).label),
        "progress": rendering.progress,
        "step": rendering.step,
        "finished": rendering.state in (RenderState.DONE, RenderState.FAILED),
        "html": render_to_string("journal/downloads/status.html", context, request=request),
        "context": context,
    }


def _status_response(status: dict[str, Any]) -> JsonResponse:
    response = JsonResponse({key: value for key, value in status.items() if key != "context"})
    response["Cache-Control"] = "no-store"
    return response


def _version_of(rendering: Rendering) -> str:
    return DRAFT if rendering.publication is None else str(rendering.publication.number)


def _heading(rendering: Rendering) -> str:
    label = RenderFormat(rendering.format).label
    if rendering.publication is None:
        return _("%(format)s of the draft") % {"format": label}
    return _("%(format)s of version %(number)d") % {
        "format": label,
        "number": rendering.publication.number,
    }


@login_required
@require_safe
def rendering(request: HttpRequest, slug: str, rendering_id: int) -> HttpResponse:
    """The progress page of a file: waiting, being made (how far), ready (the download),
    or failed (why, and trying again)."""
    access = member_access(request, slug)
    journal = journal_of(access)
    rendering_services.renderings_recover()
    found = journal_access.access_rendering_by_id(journal=journal, rendering_id=rendering_id)
    status = _status(
        request,
        found,
        download_url=reverse("journal-rendering-download", args=[slug, found.pk]),
        retry_url=reverse("journal-render", args=[slug]),
        version=_version_of(found),
    )
    if wants_json(request):
        return _status_response(status)
    return render(
        request,
        "journal/downloads/rendering.html",
        {
            "access": access,
            "programme": access.programme,
            "journal": journal,
            "heading": _heading(found),
            "poll_url": reverse("journal-rendering", args=[slug, found.pk]) + "?format=json",
            "refresh_url": reverse("journal-rendering", args=[slug, found.pk]),
            "status": status,
            **status["context"],
        },
    )


# The file -----------------------------------------------------------------------------


def _file_response(rendering: Rendering) -> HttpResponse:
    content = Rendering.objects.filter(pk=rendering.pk).values_list("content", flat=True).first()
    if content is None:
        raise Http404
    fmt = RenderFormat(rendering.format)
    response = HttpResponse(bytes(content), content_type=CONTENT_TYPES[fmt])
    disposition = content_disposition_header(
        as_attachment=True, filename=rendering.file_name or f"journal.{fmt.value}"
    )
    assert disposition is not None  # None only when inline without a file name
    response["Content-Disposition"] = disposition
    response["Content-Length"] = str(len(content))
    return response


@login_required
@require_safe
def rendering_download(request: HttpRequest, slug: str, rendering_id: int) -> HttpResponse:
    access = member_access(request, slug)
    journal = journal_of(access)
    found = journal_access.access_rendering_by_id(journal=journal, rendering_id=rendering_id)
    if found.state != RenderState.DONE:
        raise Http404
    return _file_response(found)


@require_safe
def public_download(request: HttpRequest, slug: str, number: int, fmt: str) -> HttpResponse:
    """A publication's file for anyone, when its report is public. Served when it is
    made; else asked for as an anonymous request (which never makes the same file
    twice) and a page shows its progress until it is ready. Its JSON (the page's
    polling) only reads."""
    if fmt not in RenderFormat.values:
        raise Http404
    journal = journal_access.access_public_journal_by_slug(slug=slug)
    publication = journal_access.access_publication_by_number(journal=journal, number=number)
    found = (
        Rendering.objects.filter(publication=publication, format=fmt)
        .defer("content")
        .order_by(Case(When(state=RenderState.DONE, then=0), default=1), "-requested_at", "-id")
        .first()
    )
    if wants_json(request):
        if found is None:
            raise Http404
        rendering_services.renderings_recover()
        found.refresh_from_db(fields=["state", "progress", "step", "error"])
    elif found is not None and found.state == RenderState.DONE:
        return _file_response(found)
    else:
        found = rendering_services.rendering_request(
            journal=journal, publication=publication, fmt=fmt, by=None
        )
    found.publication = publication
    address = reverse("journal-public-download", args=[slug, number, fmt])
    status = _status(request, found, download_url=address, retry_url=None, version=str(number))
    if wants_json(request):
        return _status_response(status)
    response = render(
        request,
        "journal/downloads/public.html",
        {
            "journal": journal,
            "publication": publication,
            "heading": _heading(found),
            "poll_url": address + "?format=json",
            "refresh_url": address,
            "status": status,
            **status["context"],
        },
    )
    response["Cache-Control"] = "no-store"
    return response
