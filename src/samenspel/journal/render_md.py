"""(To be built in issue 8.)"""

from samenspel.journal.book import Book, Progress, no_progress


def book_markdown(book: Book, progress: Progress = no_progress) -> str:
    raise NotImplementedError
