"""The book as a print-quality PDF, laid out by WeasyPrint from render_html's print HTML
(A4, cover, contents with page numbers, running headers, vector pictures).

WeasyPrint tells how far it is through its `weasyprint.progress` logger (a line per
step, and one per page laid out); a handler turns those lines into the Progress of the
rendering, so the download page can show how far a book of hundreds of pages is.
The document is written page by page and its layout dropped afterwards, to keep memory
modest (bench/journal.py measures time, pages and peak memory).
"""

import logging
import re

from django.utils import translation
from django.utils.translation import gettext as _

from samenspel.journal.book import Book, Progress, no_progress
from samenspel.journal.render_html import book_print_html

# About how many blocks fill a page (12 to 13 in the demo's and the benchmark's books):
# only for the progress bar while pages are laid out.
BLOCKS_PER_PAGE = 12
_PAGE = re.compile(r"Page (\d+)")


class _Pages(logging.Handler):
    """Turns WeasyPrint's lines ("Step 5 - Creating layout - Page 12") into Progress
    between `low` and `high`."""

    def __init__(self, progress: Progress, expected_pages: int, low: int, high: int) -> None:
        super().__init__(logging.INFO)
        self.progress = progress
        self.expected = max(expected_pages, 1)
        self.low, self.high = low, high
        self.step = _("Laying out the pages")
        self.last = -1

    def emit(self, record: logging.LogRecord) -> None:
        found = _PAGE.search(record.getMessage())
        if found is None:
            return
        page = int(found[1])
        share = min(page / self.expected, 1)
        percent = self.low + int((self.high - self.low) * share)
        # A second pass over the pages (to fill in the page numbers of the contents)
        # starts again at page 1: the bar never goes back.
        if percent > self.last:
            self.last = percent
            self.progress(percent, f"{self.step} ({page})")


def book_pdf(book: Book, progress: Progress = no_progress) -> bytes:
    import weasyprint  # loads Pango and Cairo's kin: only when a PDF is made

    with translation.override(book.language):
        progress(2, _("Composing the HTML"))
        html = book_print_html(book)
        progress(8, _("Reading the HTML"))
        logger = logging.getLogger("weasyprint.progress")
        handler = _Pages(progress, book.block_count() // BLOCKS_PER_PAGE, 10, 85)
        level, propagate = logger.level, logger.propagate
        logger.addHandler(handler)
        logger.setLevel(logging.INFO)
        logger.propagate = False  # the lines are for the progress bar, not the log
        try:
            document = weasyprint.HTML(string=html).render()
        finally:
            logger.removeHandler(handler)
            logger.setLevel(level)
            logger.propagate = propagate
        del html
        progress(88, _("Writing the PDF"))
        pdf: bytes = document.write_pdf()
        del document
    progress(100, "")
    return pdf
