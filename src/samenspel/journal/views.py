"""Pages of the travel report for members: the overview, its settings, the draft, the
chapters (add, edit, move, delete), the review round, publishing, the published
versions and comparing two of them; and the public pages of a report that may be read
without logging in.

Thin: journal.access decides who may do what, journal.services writes (and audits),
journal.selectors reads. A refusal is shown on the form with status 400 and nothing is
stored; a chapter saved from an older version answers 409 with both versions side by
side, the writer's own text kept in the box. Every write answers with a redirect (PRG)
and a message. Voices are in voices.py, files to download in downloads.py.
"""

import functools
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from samenspel.common.forms import add_service_error
from samenspel.common.paging import paginate
from samenspel.journal import access as journal_access
from samenspel.journal import downloads, selectors, services
from samenspel.journal.book import Book
from samenspel.journal.compare import book_diff, word_diff
from samenspel.journal.compose import compose_book
from samenspel.journal.constants import MAX_COMMENT_LENGTH, ChapterKind, RenderFormat
from samenspel.journal.forms import (
    ChapterAddForm,
    ChapterForm,
    CommentForm,
    JournalSettingsForm,
    PublishForm,
)
from samenspel.journal.models import Chapter, Journal, Publication
from samenspel.journal.render_html import book_fragment
from samenspel.journal.text import markdown_blocks
from samenspel.programmes.access import ProgrammeAccess, access_programme_by_slug

DRAFT = "draft"


def member_access(request: HttpRequest, slug: str) -> ProgrammeAccess:
    """The viewer's access to the programme, refused when they may not see its report."""
    user: Any = request.user
    access = access_programme_by_slug(user=user, slug=slug)
    access.require(journal_access.can_see(access))
    return access


def render_page(
    request: HttpRequest, template: str, access: ProgrammeAccess, status: int = 200, **context: Any
) -> HttpResponse:
    return render(
        request,
        template,
        {
            "access": access,
            "programme": access.programme,
            "can_manage": journal_access.can_manage(access),
            "can_write": journal_access.can_write(access),
            **context,
        },
        status=status,
    )


class _NotStartedError(Exception):
    pass


def _journal(access: ProgrammeAccess) -> Journal:
    journal = selectors.journal_of(programme=access.programme)
    if journal is None:
        raise _NotStartedError
    return journal


def _to_overview(access: ProgrammeAccess, anchor: str = "") -> HttpResponse:
    address = reverse("journal", args=[access.programme.slug])
    return redirect(f"{address}#{anchor}" if anchor else address)


def journal_page(methods: list[str], *, manage: bool = False, write: bool = False) -> Any:
    """A page of a started report: logged in, a member who may see it (and manage or
    write, when asked), methods as listed. Before the report is started, every page
    leads to the overview, which offers to start it."""

    def decorate(view: Any) -> Any:
        @functools.wraps(view)
        @login_required
        @require_http_methods(methods)
        def page(request: HttpRequest, slug: str, **kwargs: Any) -> HttpResponse:
            access = member_access(request, slug)
            access.require(not manage or journal_access.can_manage(access))
            access.require(not write or journal_access.can_write(access))
            try:
                journal = _journal(access)
            except _NotStartedError:
                return _to_overview(access)
            response: HttpResponse = view(request, access, journal, **kwargs)
            return response

        return page

    return decorate


# The overview and the settings --------------------------------------------------------------


@login_required
@require_GET
def journal_overview(request: HttpRequest, slug: str) -> HttpResponse:
    """The report at a glance: its chapters in order, the review round, the published
    versions. Before it is started: an empty state, and for managers the start."""
    access = member_access(request, slug)
    journal = selectors.journal_of(programme=access.programme)
    if journal is None:
        return render_page(request, "journal/overview.html", access, journal=None)
    return render_page(
        request,
        "journal/overview.html",
        access,
        journal=journal,
        chapters=selectors.chapters_of(journal=journal),
        tally=selectors.review_tally(journal=journal),
        page=paginate(request, selectors.publications_of(journal=journal)),
        can_comment=journal_access.can_comment(access, journal),
    )


@login_required
@require_POST
def journal_start(request: HttpRequest, slug: str) -> HttpResponse:
    access = member_access(request, slug)
    access.require(journal_access.can_manage(access))
    services.journal_start(programme=access.programme, by=access.user)
    messages.success(request, _("The travel report has started. Write its introduction."))
    return _to_overview(access)


def _settings_initial(journal: Journal) -> dict[str, Any]:
    return {
        "title": journal.title,
        "subtitle": journal.subtitle,
        "covers_from": journal.covers_from,
        "covers_until": journal.covers_until,
        "public": journal.public,
        "version": journal.version,
    }


@journal_page(["GET", "POST"], manage=True)
def journal_settings(
    request: HttpRequest, access: ProgrammeAccess, journal: Journal
) -> HttpResponse:
    form = JournalSettingsForm(request.POST or None, initial=_settings_initial(journal))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.journal_update(
                journal=journal,
                title=data["title"],
                subtitle=data["subtitle"],
                covers_from=data["covers_from"],
                covers_until=data["covers_until"],
                public=data["public"],
                expected_version=data["version"],
                by=access.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("The settings of the travel report have been saved."))
            return _to_overview(access)
    return render_page(
        request,
        "journal/settings.html",
        access,
        400 if request.method == "POST" else 200,
        heading=_("Settings of the travel report"),
        journal=journal,
        form=form,
        public_address=request.build_absolute_uri(
            reverse("journal-public", args=[access.programme.slug])
        ),
    )


# The draft ----------------------------------------------------------------------------------


@journal_page(["GET"])
def journal_draft(request: HttpRequest, access: ProgrammeAccess, journal: Journal) -> HttpResponse:
    """The whole book as it would be published now."""
    book = compose_book(journal)
    return render_page(
        request,
        "journal/draft.html",
        access,
        heading=_("Draft"),
        journal=journal,
        book=book,
        fragment=book_fragment(book),
        **downloads.panel_context(access, journal),
    )


# Chapters -----------------------------------------------------------------------------------


@journal_page(["GET", "POST"], write=True)
def chapter_add(request: HttpRequest, access: ProgrammeAccess, journal: Journal) -> HttpResponse:
    chapters = selectors.chapters_of(journal=journal)
    form = ChapterAddForm(request.POST or None, chapters=chapters)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            chapter = services.chapter_add(
                journal=journal,
                title=data["title"],
                body=data["body"],
                position=data["position"],
                by=access.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(
                request, _("The chapter “%(title)s” has been added.") % {"title": chapter.title}
            )
            return _to_overview(access, f"chapter-{chapter.pk}")
    return render_page(
        request,
        "journal/chapter_add.html",
        access,
        400 if request.method == "POST" else 200,
        heading=_("Add a chapter"),
        journal=journal,
        form=form,
    )


def _chapter_initial(chapter: Chapter) -> dict[str, Any]:
    return {
        "title": chapter.title,
        "body": chapter.body,
        "included": chapter.included,
        "version": chapter.version,
    }


def _conflict(form: ChapterForm, current: Chapter) -> dict[str, Any]:
    """What a writer whose save was refused sees: the chapter as it is now beside what
    they sent, word by word, and the form again with what they typed and the current
    version, so that saving the merged text goes through."""
    data = form.cleaned_data
    theirs, yours = word_diff(current.body, data["body"])
    retry = ChapterForm(
        initial={
            "title": data["title"],
            "body": data["body"],
            "included": data["included"],
            "version": current.version,
        },
        generated=current.kind != ChapterKind.WRITTEN,
    )
    return {
        "form": retry,
        "conflict": {
            "message": str(services.CHAPTER_STALE),
            "current": current,
            "theirs": theirs,
            "yours": yours,
            "title_differs": current.title != data["title"],
            "your_title": data["title"],
            "included_differs": current.included != data["included"],
        },
    }


@journal_page(["GET", "POST"], write=True)
def chapter_edit(
    request: HttpRequest, access: ProgrammeAccess, journal: Journal, chapter_id: int
) -> HttpResponse:
    """A co-author changes a chapter. "Preview" shows the text as the book will, without
    saving. A save from an older version is refused (409) with both versions shown."""
    chapter = journal_access.access_chapter_by_id(journal=journal, chapter_id=chapter_id)
    generated = chapter.kind != ChapterKind.WRITTEN
    form = ChapterForm(request.POST or None, initial=_chapter_initial(chapter), generated=generated)
    # Whether a chapter is in the book shapes the report: the managers' decision.
    if "included" in form.fields and not journal_access.can_manage(access):
        form.fields["included"].disabled = True
    context: dict[str, Any] = {}
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid() and request.POST.get("action") == "preview":
            status = 200
            context["preview"] = markdown_blocks(form.cleaned_data["body"], "preview")
        elif form.is_valid():
            data = form.cleaned_data
            try:
                services.chapter_update(
                    chapter=chapter,
                    title=data["title"],
                    body=data["body"],
                    included=data["included"],
                    expected_version=data["version"],
                    by=access.user,
                )
            except services.ChapterConflict as conflict:
                status = 409
                context.update(_conflict(form, conflict.chapter))
                chapter = conflict.chapter
            except ValidationError as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request, _("The chapter “%(title)s” has been saved.") % {"title": data["title"]}
                )
                return _to_overview(access, f"chapter-{chapter.pk}")
    context.setdefault("form", form)
    return render_page(
        request,
        "journal/chapter_edit.html",
        access,
        status,
        heading=_("Chapter “%(title)s”") % {"title": chapter.title},
        journal=journal,
        chapter=chapter,
        generated=generated,
        **context,
    )


@journal_page(["POST"], manage=True)
def chapter_move(
    request: HttpRequest, access: ProgrammeAccess, journal: Journal, chapter_id: int
) -> HttpResponse:
    chapter = journal_access.access_chapter_by_id(journal=journal, chapter_id=chapter_id)
    services.chapter_move(
        chapter=chapter, up=request.POST.get("direction") != "down", by=access.user
    )
    messages.success(
        request, _("The chapter “%(title)s” has been moved.") % {"title": chapter.title}
    )
    return _to_overview(access, f"chapter-{chapter.pk}")


@journal_page(["GET", "POST"], manage=True)
def chapter_delete(
    request: HttpRequest, access: ProgrammeAccess, journal: Journal, chapter_id: int
) -> HttpResponse:
    """Asks first; the POST deletes a written chapter. A generated one says why it stays
    (and that it can be left out of the book)."""
    chapter = journal_access.access_chapter_by_id(journal=journal, chapter_id=chapter_id)
    error = None
    if request.method == "POST":
        try:
            services.chapter_delete(chapter=chapter, by=access.user)
        except ValidationError as refusal:
            error = refusal.messages[0]
        else:
            messages.success(
                request, _("The chapter “%(title)s” has been deleted.") % {"title": chapter.title}
            )
            return _to_overview(access)
    return render_page(
        request,
        "journal/chapter_delete.html",
        access,
        400 if error else 200,
        heading=_("Delete the chapter “%(title)s”?") % {"title": chapter.title},
        journal=journal,
        chapter=chapter,
        generated=chapter.kind != ChapterKind.WRITTEN,
        comments=chapter.comments.count(),
        error=error,
    )


# The review round ---------------------------------------------------------------------------


def _review_page(
    request: HttpRequest,
    access: ProgrammeAccess,
    journal: Journal,
    *,
    status: int = 200,
    comment_error: dict[str, Any] | None = None,
) -> HttpResponse:
    book = compose_book(journal)
    chapters, elsewhere = selectors.review_chapters(journal=journal, book=book)
    return render_page(
        request,
        "journal/review.html",
        access,
        status,
        heading=_("Review round"),
        journal=journal,
        book=book,
        chapters=chapters,
        elsewhere=elsewhere,
        tally=selectors.review_tally(journal=journal),
        can_comment=journal_access.can_comment(access, journal),
        comment_error=comment_error,
        comment_max=MAX_COMMENT_LENGTH,
    )


@journal_page(["GET"])
def review(request: HttpRequest, access: ProgrammeAccess, journal: Journal) -> HttpResponse:
    """The draft block by block, each with its comments and, while the round is open, a
    form to comment on it."""
    return _review_page(request, access, journal)


def _to_review(access: ProgrammeAccess, anchor: str = "") -> HttpResponse:
    address = reverse("journal-review", args=[access.programme.slug])
    return redirect(f"{address}#{anchor}" if anchor else address)


@journal_page(["POST"], manage=True)
def review_open(request: HttpRequest, access: ProgrammeAccess, journal: Journal) -> HttpResponse:
    try:
        services.review_open(journal=journal, by=access.user)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(
            request, _("The review round is open. Members can now comment on the draft.")
        )
    return _to_review(access)


@journal_page(["POST"], manage=True)
def review_close(request: HttpRequest, access: ProgrammeAccess, journal: Journal) -> HttpResponse:
    try:
        services.review_close(journal=journal, by=access.user)
    except ValidationError as refusal:
        messages.error(request, refusal.messages[0])
    else:
        messages.success(request, _("The review round is closed."))
    return _to_review(access)


@journal_page(["POST"])
def comment_add(request: HttpRequest, access: ProgrammeAccess, journal: Journal) -> HttpResponse:
    access.require(access.role is not None)  # members comment; visitors from the site do not
    form = CommentForm(request.POST)
    paragraph = str(request.POST.get("paragraph", ""))[:64]
    if form.is_valid():
        data = form.cleaned_data
        try:
            try:
                chapter = journal_access.access_chapter_by_id(
                    journal=journal, chapter_id=data["chapter"]
                )
            except Http404 as gone:  # deleted while the page was open
                raise ValidationError(_("This paragraph is not in the draft (any more).")) from gone
            services.comment_add(
                journal=journal,
                chapter=chapter,
                paragraph=data["paragraph"],
                text=data["text"],
                by=access.user,
            )
        except ValidationError as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Thank you. Your comment has been saved."))
            return _to_review(access, data["paragraph"])
    errors = [str(message) for messages_ in form.errors.values() for message in messages_]
    return _review_page(
        request,
        access,
        journal,
        status=400,
        comment_error={
            "paragraph": paragraph,
            "text": str(request.POST.get("text", "")),
            "messages": errors,
        },
    )


@journal_page(["POST"], manage=True)
def comment_resolve(
    request: HttpRequest, access: ProgrammeAccess, journal: Journal, comment_id: int
) -> HttpResponse:
    comment = journal_access.access_comment_by_id(journal=journal, comment_id=comment_id)
    services.comment_resolve(comment=comment, by=access.user)
    messages.success(request, _("The comment is marked as handled."))
    return _to_review(access, comment.paragraph)


# Publishing and the published versions ------------------------------------------------------


@journal_page(["GET", "POST"], manage=True)
def publish(request: HttpRequest, access: ProgrammeAccess, journal: Journal) -> HttpResponse:
    """A checklist first (comments not yet handled, voices waiting for consent, the
    version's number and date); the POST freezes the draft as that version."""
    number = services.next_number(journal)
    form = PublishForm(request.POST or None, initial={"number": number})
    error = None
    if request.method == "POST":
        try:
            if not form.is_valid():
                raise ValidationError(_("Publish from the confirmation page."))
            publication = services.publication_publish(
                journal=journal, number=form.cleaned_data["number"], by=access.user
            )
        except ValidationError as refusal:
            error = refusal.messages[0]
            # The checklist again, with the number that is next now.
            number = services.next_number(journal)
            form = PublishForm(initial={"number": number})
        else:
            messages.success(
                request,
                _("Version %(number)s of the travel report has been published.")
                % {"number": publication.number},
            )
            return redirect(
                "journal-publication", slug=access.programme.slug, number=publication.number
            )
    return render_page(
        request,
        "journal/publish.html",
        access,
        400 if error else 200,
        heading=_("Publish the travel report"),
        journal=journal,
        form=form,
        error=error,
        number=number,
        today=timezone.localdate(),
        tally=selectors.review_tally(journal=journal),
        voices_waiting=selectors.voices_waiting(journal=journal),
    )


def _versions(journal: Journal, number: int | None) -> dict[str, Any]:
    numbers = selectors.publication_numbers(journal=journal)
    return {
        "numbers": numbers,
        "previous": max((n for n in numbers if number is not None and n < number), default=None),
    }


@journal_page(["GET"])
def publication(
    request: HttpRequest, access: ProgrammeAccess, journal: Journal, number: int
) -> HttpResponse:
    """A published version, read from its frozen book."""
    found = journal_access.access_publication_by_number(journal=journal, number=number)
    book = selectors.published_book(found)
    return render_page(
        request,
        "journal/publication.html",
        access,
        heading=_("Version %(number)s") % {"number": found.number},
        journal=journal,
        publication=found,
        book=book,
        fragment=book_fragment(book),
        **_versions(journal, found.number),
        **downloads.panel_context(access, journal, found),
    )


class _BadVersionError(Exception):
    pass


def _version(value: str, numbers: list[int], *, draft: bool) -> int | str:
    value = value.strip()
    if draft and value == DRAFT:
        return DRAFT
    if not value.isdecimal() or len(value) > 9 or int(value) not in numbers:
        raise _BadVersionError
    return int(value)


def _book(journal: Journal, version: int | str, cache: dict[int | str, Book]) -> Book:
    if version not in cache:
        if version == DRAFT:
            cache[version] = compose_book(journal)
        else:
            found: Publication = journal_access.access_publication_by_number(
                journal=journal, number=int(version)
            )
            cache[version] = selectors.published_book(found)
    return cache[version]


@journal_page(["GET"])
def compare(request: HttpRequest, access: ProgrammeAccess, journal: Journal) -> HttpResponse:
    """Two versions side by side, chapter by chapter and paragraph by paragraph:
    ?from=<number>&to=<number or draft>. Without them: the newest version and the draft."""
    numbers = selectors.publication_numbers(journal=journal)
    context: dict[str, Any] = {
        "journal": journal,
        "numbers": numbers,
        "heading": _("Compare versions"),
    }
    if not numbers:
        return render_page(request, "journal/compare.html", access, **context)
    try:
        old = _version(request.GET.get("from", str(numbers[-1])), numbers, draft=False)
        new = _version(request.GET.get("to", DRAFT), numbers, draft=True)
    except _BadVersionError:
        context["error"] = _(
            "Choose a published version to compare from, and a published version or the "
            "draft to compare with."
        )
        context.update(old=numbers[-1], new=DRAFT)
        return render_page(request, "journal/compare.html", access, 400, **context)
    books: dict[int | str, Book] = {}
    chapters = book_diff(_book(journal, old, books), _book(journal, new, books))
    return render_page(
        request,
        "journal/compare.html",
        access,
        old=old,
        new=new,
        chapters=chapters,
        changed=sum(1 for chapter in chapters if chapter.change != "same"),
        **context,
    )


# The public pages ---------------------------------------------------------------------------


def _public(request: HttpRequest, journal: Journal, found: Publication | None) -> HttpResponse:
    """A published version for anyone: the frozen book and the list of versions, nothing
    of the draft, the comments or the programme's other pages (no `programme` or
    `access` in the context, so no programme menu either)."""
    if found is None:
        raise Http404
    book = selectors.published_book(found)
    return render(
        request,
        "journal/public.html",
        {
            "journal": journal,
            "slug": journal.programme.slug,
            "publication": found,
            "book": book,
            "fragment": book_fragment(book),
            "formats": RenderFormat.choices,
            **_versions(journal, found.number),
        },
    )


@require_GET
def public_latest(request: HttpRequest, slug: str) -> HttpResponse:
    """The newest published version of a public report; 404 when the report is not
    public (or nothing is published yet), without saying which."""
    journal = journal_access.access_public_journal_by_slug(slug=slug)
    return _public(request, journal, selectors.latest_publication(journal=journal))


@require_GET
def public_publication(request: HttpRequest, slug: str, number: int) -> HttpResponse:
    journal = journal_access.access_public_journal_by_slug(slug=slug)
    return _public(
        request,
        journal,
        journal_access.access_publication_by_number(journal=journal, number=number),
    )
