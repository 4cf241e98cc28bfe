"""The book as HTML: the fragment on the site's pages, the self-contained HTML file and
the HTML that WeasyPrint prints (render_pdf.py). All three draw the same templates
(templates/journal/book/): the chapters with their table of contents (fragment.html),
one block at a time (block.html), and for the file and the PDF a cover and colophon.

The site's page links static/samenspel/journal/book.css itself (the Content Security
Policy allows no inline styles in pages). The file and the print HTML carry their
styles in a <style> of their own head: they are documents, read offline or by
WeasyPrint, and refer to nothing outside themselves.
"""

import datetime
import functools
from pathlib import Path

from django.template.loader import render_to_string
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from samenspel.common.words import long_date
from samenspel.journal.book import Book, Progress, no_progress

STYLES = Path(__file__).resolve().parent.parent / "static" / "samenspel" / "journal"


@functools.cache
def stylesheet(*names: str) -> str:
    """The named files of static/samenspel/journal/, one after the other, to inline."""
    return "\n".join((STYLES / name).read_text(encoding="utf-8") for name in names)


def edition_text(book: Book) -> str:
    """ "Version 2 · 1 December 2026", or "Draft · 1 December 2026" (in the book's
    language, active when called)."""
    day = long_date(datetime.date.fromisoformat(book.date), book.language)
    if book.edition is None:
        return _("Draft · %(day)s") % {"day": day}
    return _("Version %(number)s · %(day)s") % {"number": book.edition, "day": day}


def book_fragment(book: Book) -> SafeString:
    """The chapters with their table of contents, for a page of the site (which links
    book.css)."""
    with translation.override(book.language):
        return mark_safe(render_to_string("journal/book/fragment.html", {"book": book}))


def _document(template: str, book: Book, css: str) -> str:
    with translation.override(book.language):
        return render_to_string(
            template,
            {"book": book, "css": mark_safe(css), "edition": edition_text(book)},
        )


def book_standalone(book: Book, progress: Progress = no_progress) -> str:
    """The book as one HTML file that needs nothing outside itself."""
    progress(10, _("Writing the HTML file"))
    html = _document("journal/book/standalone.html", book, stylesheet("book.css", "file.css"))
    progress(100, "")
    return html


def book_print_html(book: Book) -> str:
    """The book as WeasyPrint prints it, with print.css inlined."""
    return _document("journal/book/print.html", book, stylesheet("print.css"))
