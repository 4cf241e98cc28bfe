"""The five outputs of a book, behind one door: `render(book, fmt, progress)` gives the
file's bytes. The web page of the site draws the same book (render_html.book_fragment).
"""

from samenspel.journal import render_docx, render_html, render_md, render_pdf
from samenspel.journal.book import Book, Progress, no_progress
from samenspel.journal.constants import RenderFormat


def render(book: Book, fmt: str, progress: Progress = no_progress) -> bytes:
    if fmt == RenderFormat.HTML:
        return render_html.book_standalone(book, progress).encode()
    if fmt == RenderFormat.PDF:
        return render_pdf.book_pdf(book, progress)
    if fmt == RenderFormat.MARKDOWN:
        return render_md.book_markdown(book, progress).encode()
    if fmt == RenderFormat.DOCX:
        return render_docx.book_docx(book, progress)
    raise ValueError(fmt)


def file_name(book: Book, fmt: str) -> str:
    """`reisverslag-2.pdf`; a draft's file says so: `reisverslag-concept.pdf`."""
    from django.utils.translation import gettext as _

    stem = _("travel-report")
    edition = str(book.edition) if book.edition is not None else _("draft")
    return f"{stem}-{edition}.{fmt}"
