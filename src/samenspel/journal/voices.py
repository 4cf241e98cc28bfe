"""Pages of the voices of the travel report: the list (words beside the writers'
commentary, as the book shows them, with their consent), picking words from a session,
review or observation, writing one's own, changing and removing a voice, and "My
quotes", where an author gives, refuses or withdraws consent.

Thin: journal.access decides who may do what (every member reads the voices; co-authors
pick and change them; only a voice's author answers for it), journal.voice_services
writes and audits, a refusal is shown on the form with status 400 and nothing stored.
Every write answers with a redirect (PRG) and a message.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from samenspel.common.forms import add_service_error
from samenspel.common.paging import paginate
from samenspel.journal import access as journal_access
from samenspel.journal import voice_selectors as selectors
from samenspel.journal import voice_services as services
from samenspel.journal.constants import CONSENTED, Consent
from samenspel.journal.models import Journal, Voice
from samenspel.journal.voice_forms import (
    ConsentForm,
    OwnVoiceForm,
    PickForm,
    SourceFilterForm,
    VoiceEditForm,
    VoiceFilterForm,
)
from samenspel.programmes.access import ProgrammeAccess, access_programme_by_slug

# Consent states whose words only the author and the co-authors read on the list.
HIDDEN_WORDS = {Consent.REFUSED, Consent.WITHDRAWN}


def _access(request: HttpRequest, slug: str) -> ProgrammeAccess:
    user: Any = request.user
    access = access_programme_by_slug(user=user, slug=slug)
    access.require(journal_access.can_see(access))
    return access


def _journal(access: ProgrammeAccess) -> Journal:
    """The programme's report; a programme without one has no voices pages (404)."""
    journal = selectors.journal_of(programme=access.programme)
    if journal is None:
        raise Http404
    return journal


def _render(
    request: HttpRequest,
    template: str,
    access: ProgrammeAccess,
    journal: Journal,
    status: int = 200,
    **context: Any,
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "access": access,
            "programme": access.programme,
            "journal": journal,
            "can_write": journal_access.can_write(access),
            **context,
        },
        status=status,
    )


def _to_list(access: ProgrammeAccess) -> HttpResponse:
    return redirect("journal-voices", slug=access.programme.slug)


def _writer(request: HttpRequest, slug: str) -> tuple[ProgrammeAccess, Journal]:
    access = _access(request, slug)
    journal = _journal(access)
    access.require(journal_access.can_write(access))
    return access, journal


# The list ---------------------------------------------------------------------------------


@login_required
def voice_list(request: HttpRequest, slug: str) -> HttpResponse:
    access = _access(request, slug)
    journal = _journal(access)
    filters = VoiceFilterForm(request.GET or None)
    consent, source = filters.chosen()
    page = paginate(
        request, selectors.journal_voices(journal=journal, consent=consent, source=source)
    )
    query = "&".join(
        f"{name}={value}" for name, value in (("consent", consent), ("source", source)) if value
    )
    return _render(
        request,
        "journal/voices/list.html",
        access,
        journal,
        heading=_("Voices"),
        filters=filters,
        page=page,
        query=query,
        counts=_summary(selectors.voice_counts(journal=journal)),
        hidden_words=HIDDEN_WORDS,
        can_add_own=access.role is not None,
    )


def _summary(counts: dict[str, int]) -> dict[str, int]:
    """The voices counted as readers think of them: in the book, waiting, not given."""
    return {
        "consented": sum(counts.get(state, 0) for state in CONSENTED),
        "asked": counts.get(Consent.ASKED, 0),
        "declined": sum(counts.get(state, 0) for state in HIDDEN_WORDS),
        "total": sum(counts.values()),
    }


# Picking words from a source ------------------------------------------------------------------


def _source_asked(access: ProgrammeAccess, data: Any) -> selectors.Source | None:
    """The source named by ?source=…&key=…; 404 when it names nothing of this programme."""
    source, key = data.get("source", ""), data.get("key", "")
    if not key:
        return None
    found = selectors.source_of(programme=access.programme, source=source, key=key)
    # Words nobody may quote (an anonymous contribution of a session that does not allow
    # it, a session still in silent input) are not shown either.
    if found is None or not found.allowed:
        raise Http404
    return found


@login_required
@require_http_methods(["GET", "POST"])
def voice_pick(request: HttpRequest, slug: str) -> HttpResponse:
    """The sources to pick from (filtered, a page at a time); a chosen source opens the
    form with its words, to shorten and comment on."""
    access, journal = _writer(request, slug)
    form: PickForm | None = None
    chosen: selectors.Source | None = None
    if request.method == "POST":
        form = PickForm(request.POST, journal=journal)
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.voice_add_from_source(
                    journal=journal,
                    source=data["source"],
                    key=data["key"],
                    text=data["text"],
                    by=access.user,
                    **form.writers_values(),
                )
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("The voice has been added to the travel report."))
                return _to_list(access)
        chosen = selectors.source_of(
            programme=access.programme,
            source=request.POST.get("source", ""),
            key=request.POST.get("key", ""),
        )
        if chosen is not None and not chosen.allowed:
            chosen = None
    else:
        chosen = _source_asked(access, request.GET)
        if chosen is not None:
            form = PickForm(
                journal=journal,
                initial={
                    "source": chosen.source,
                    "key": chosen.key,
                    "text": chosen.text,
                    "role_label": chosen.role_label,
                },
            )
    if form is not None:
        return _render(
            request,
            "journal/voices/pick_form.html",
            access,
            journal,
            400 if request.method == "POST" else 200,
            heading=_("Pick words"),
            form=form,
            chosen=chosen,
        )
    filters = SourceFilterForm(
        request.GET or None, initiatives=selectors.source_initiatives(programme=access.programme)
    )
    source, initiative_id, search = filters.chosen()
    page = paginate(
        request,
        selectors.source_list(
            programme=access.programme, source=source, initiative_id=initiative_id, search=search
        ),
    )
    query = request.GET.copy()
    query.pop("page", None)
    return _render(
        request,
        "journal/voices/pick.html",
        access,
        journal,
        heading=_("Pick words"),
        filters=filters,
        page=page,
        rows=selectors.source_rows(
            programme=access.programme, rows=page.object_list, search=search
        ),
        source=source,
        query=query.urlencode(),
    )


# One's own words ----------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def voice_add(request: HttpRequest, slug: str) -> HttpResponse:
    """A member writes their own quote or story for the report."""
    access = _access(request, slug)
    journal = _journal(access)
    access.require(access.role is not None)
    form = OwnVoiceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.voice_add_own(
                journal=journal,
                by=access.user,
                text=data["text"],
                kind=data["kind"],
                nature=data["nature"],
                named=data["named"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("Thank you. Your words have been added to the travel report.")
            )
            return redirect("journal-consent", slug=slug)
    return _render(
        request,
        "journal/voices/own.html",
        access,
        journal,
        400 if request.method == "POST" else 200,
        heading=_("Write your own quote or story"),
        form=form,
        role_label=selectors.role_label_of(programme=access.programme, user=access.user),
    )


# Changing and removing ------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def voice_edit(request: HttpRequest, slug: str, voice_id: int) -> HttpResponse:
    access, journal = _writer(request, slug)
    voice = journal_access.access_voice_by_id(journal=journal, voice_id=voice_id)
    form = VoiceEditForm(
        request.POST or None,
        journal=journal,
        initial={
            "text": voice.text,
            "commentary": voice.commentary,
            "kind": voice.kind,
            "nature": voice.nature,
            "chapter": voice.chapter_id,
            "role_label": voice.role_label,
            "position": voice.position,
            "version": voice.version,
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            updated = services.voice_update(
                voice=voice,
                by=access.user,
                expected_version=data["version"],
                text=data["text"],
                position=data["position"],
                **form.writers_values(),
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            if updated.consent == Consent.ASKED and voice.consent != Consent.ASKED:
                messages.success(
                    request,
                    _("The voice has been saved. Its author is asked for consent again."),
                )
            else:
                messages.success(request, _("The voice has been saved."))
            return _to_list(access)
    return _render(
        request,
        "journal/voices/edit.html",
        access,
        journal,
        400 if request.method == "POST" else 200,
        heading=_("Change the voice"),
        form=form,
        voice=voice,
        someone_elses=voice.author_id is not None and voice.author_id != access.user.pk,
    )


@login_required
@require_http_methods(["GET", "POST"])
def voice_delete(request: HttpRequest, slug: str, voice_id: int) -> HttpResponse:
    """Asks first; the POST takes the voice out of the report."""
    access, journal = _writer(request, slug)
    voice = journal_access.access_voice_by_id(journal=journal, voice_id=voice_id)
    if request.method == "POST":
        services.voice_delete(voice=voice, by=access.user)
        messages.success(request, _("The voice has been removed from the travel report."))
        return _to_list(access)
    return _render(
        request,
        "journal/voices/delete.html",
        access,
        journal,
        heading=_("Remove this voice?"),
        voice=voice,
    )


# Consent ------------------------------------------------------------------------------------


def _consent_page(
    request: HttpRequest,
    access: ProgrammeAccess,
    journal: Journal,
    *,
    refused: tuple[int, ConsentForm] | None = None,
) -> HttpResponse:
    page = paginate(request, selectors.voices_of_author(journal=journal, user=access.user))
    rows = []
    for voice in page.object_list:
        form = (
            refused[1]
            if refused is not None and refused[0] == voice.pk
            else ConsentForm(
                initial={"version": voice.version, "named": voice.named},
                auto_id=f"id_voice{voice.pk}_%s",
            )
        )
        rows.append((voice, form))
    return _render(
        request,
        "journal/voices/consent.html",
        access,
        journal,
        400 if refused is not None else 200,
        heading=_("My quotes"),
        page=page,
        rows=rows,
        voices_chapter=selectors.voices_chapter(journal=journal),
    )


@login_required
def my_voices(request: HttpRequest, slug: str) -> HttpResponse:
    """The voices whose author is the viewer, with their answer for each."""
    access = _access(request, slug)
    return _consent_page(request, access, _journal(access))


@login_required
@require_POST
def consent_answer(request: HttpRequest, slug: str, voice_id: int) -> HttpResponse:
    access = _access(request, slug)
    journal = _journal(access)
    voice: Voice = journal_access.access_voice_by_id(journal=journal, voice_id=voice_id)
    if not journal_access.can_consent(access.user, voice):
        raise Http404  # someone else's voice: not even whether it exists
    form = ConsentForm(request.POST, auto_id=f"id_voice{voice.pk}_%s")
    if form.is_valid():
        try:
            answered = services.voice_consent(
                voice=voice,
                by=access.user,
                answer=form.consent(),
                named=form.cleaned_data["named"],
                expected_version=form.cleaned_data["version"],
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _consent_message(answered))
            return redirect("journal-consent", slug=slug)
    return _consent_page(request, access, journal, refused=(voice.pk, form))


def _consent_message(voice: Voice) -> str:
    if voice.consent == Consent.GIVEN and voice.named:
        return _("Thank you. Your words may appear in the travel report, with your name.")
    if voice.consent == Consent.GIVEN:
        return _("Thank you. Your words may appear in the travel report, without your name.")
    if voice.consent == Consent.WITHDRAWN:
        return _("Your consent has been withdrawn. Your words are no longer in the draft.")
    return _("You said no. Your words will not appear in the travel report.")
