"""The book as HTML: the fragment on the site's pages, the self-contained HTML file and
the HTML that WeasyPrint prints. (To be built: issue 8, the book's layout.)"""

from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe

from samenspel.journal.book import Book, Progress, no_progress


def book_fragment(book: Book) -> SafeString:
    return mark_safe(render_to_string("journal/book/fragment.html", {"book": book}))


def book_standalone(book: Book, progress: Progress = no_progress) -> str:
    return render_to_string("journal/book/standalone.html", {"book": book})
