"""Comparing two books (journal/compare.py), without a database: chapters matched by key
through renames, moves, additions and removals; paragraphs matched in order, a changed
one word by word; every kind of block compared by its words; and whatever a chapter
holds, the difference is escaped text with only <del> and <ins> added."""

import re

from samenspel.journal.book import Block, Book, BookChapter
from samenspel.journal.compare import block_text, book_diff, paragraph_rows, word_diff


def book(*chapters, title="Reisverslag", subtitle="", period="2016 to 2019"):
    return Book(
        title=title,
        subtitle=subtitle,
        programme="Het nieuwe samenspel",
        edition=None,
        date="2025-03-14",
        period=period,
        language="nl",
        chapters=list(chapters),
    )


def chapter(key, title, *texts):
    return BookChapter(
        key=key,
        title=title,
        kind="written",
        blocks=[
            Block(kind="markdown", key=f"{key}-{n}", text=text) for n, text in enumerate(texts)
        ],
    )


def changes(diff):
    return [(c.key, c.change) for c in diff]


def test_the_same_book_is_unchanged():
    one = book(chapter("c1", "Inleiding", "Het begon.", "Toen kwam de fusie."))
    diff = book_diff(one, one)
    assert changes(diff) == [("c1", "same")]
    assert [row.change for row in diff[0].rows] == ["same", "same"]
    assert diff[0].changed_rows == 0


def test_a_changed_word_is_struck_through_and_the_new_one_underlined():
    old = book(chapter("c1", "Inleiding", "Het begon in Altena met een avond."))
    new = book(chapter("c1", "Inleiding", "Het begon in Werkendam met een avond."))
    [diff] = book_diff(old, new)
    assert diff.change == "changed"
    [row] = diff.rows
    assert row.change == "changed"
    assert row.old == "Het begon in <del>Altena</del> met een avond."
    assert row.new == "Het begon in <ins>Werkendam</ins> met een avond."


def test_paragraphs_added_and_removed_keep_their_place():
    old = book(chapter("c1", "Inleiding", "Een.", "Twee.", "Drie."))
    new = book(chapter("c1", "Inleiding", "Een.", "Drie.", "Vier, helemaal nieuw."))
    [diff] = book_diff(old, new)
    assert [row.change for row in diff.rows] == ["same", "removed", "same", "added"]
    assert diff.rows[1].old == "<del>Twee.</del>" and diff.rows[1].new == ""
    assert diff.rows[3].new == "<ins>Vier, helemaal nieuw.</ins>"


def test_a_rewritten_paragraph_is_removed_and_added_not_paired():
    rows = paragraph_rows(
        ["De gemeente organiseerde een avond voor bewoners in het dorpshuis."],
        ["Totaal iets anders."],
    )
    assert [row.change for row in rows] == ["removed", "added"]


def test_an_edited_paragraph_among_new_ones_is_paired_with_its_new_words():
    rows = paragraph_rows(
        ["De gemeente organiseerde een avond voor bewoners."],
        ["Een nieuwe alinea.", "De gemeente organiseerde twee avonden voor bewoners."],
    )
    assert [row.change for row in rows] == ["added", "changed"]
    assert "<ins>twee avonden</ins>" in rows[1].new


def test_chapters_are_matched_by_key_through_renames_moves_additions_and_removals():
    old = book(
        chapter("c1", "Inleiding", "A."),
        chapter("c2", "Kader", "B."),
        chapter("c3", "Vervolg", "C."),
    )
    new = book(
        chapter("c3", "Hoe verder", "C."),
        chapter("c1", "Inleiding", "A."),
        chapter("c4", "Nieuw", "D."),
    )
    diff = book_diff(old, new)
    assert changes(diff) == [("c3", "changed"), ("c1", "same"), ("c2", "removed"), ("c4", "added")]
    renamed = diff[0]
    assert (renamed.title, renamed.old_title) == ("Hoe verder", "Vervolg")
    assert diff[2].rows[0].old == "<del>B.</del>"
    assert diff[3].rows[0].new == "<ins>D.</ins>"


def test_a_removed_first_chapter_stays_at_the_top():
    old = book(chapter("c1", "Voorwoord", "V."), chapter("c2", "Inleiding", "A."))
    new = book(chapter("c2", "Inleiding", "A."))
    assert changes(book_diff(old, new)) == [("c1", "removed"), ("c2", "same")]


def test_a_new_title_shows_as_the_title_page():
    old = book(chapter("c1", "Inleiding", "A."), title="Reisverslag 2018")
    new = book(chapter("c1", "Inleiding", "A."), title="Reisverslag 2019")
    diff = book_diff(old, new)
    assert changes(diff) == [("title", "changed"), ("c1", "same")]
    assert "<ins>2019</ins>" in diff[0].rows[0].new


def test_scripts_and_markup_are_compared_as_words():
    payload = '<script>alert("x")</script> & <b onclick="x">vet</b>'
    old, new = word_diff(payload, payload + " erbij")
    for side in (old, new):
        without = re.sub(r"</?(del|ins)>", "", side)
        assert "<" not in without and ">" not in without
    assert "&lt;script&gt;" in old and "<ins> erbij</ins>" in new
    diff = book_diff(book(chapter("c1", "X", payload)), book(chapter("c1", "X", "Nieuw")))
    for row in diff[0].rows:
        for side in (row.old, row.new):
            assert "<script" not in side and 'onclick="' not in side


def test_every_kind_of_block_is_compared_by_its_words():
    voice = Block(
        kind="voice",
        key="v1",
        text="Eindelijk luisterde iemand.",
        meta={"attribution": "Inwoner van Almkerk", "commentary": "Dit hoorden we vaker."},
    )
    assert block_text(voice) == (
        "Eindelijk luisterde iemand.\n\u2014 Inwoner van Almkerk\nDit hoorden we vaker."
    )
    listed = Block(kind="list", key="l1", items=["Eén", "Twee"])
    assert block_text(listed) == "\u2022 Eén\n\u2022 Twee"
    table = Block(
        kind="table", key="t1", text="Geld", header=["Jaar", "Bedrag"], rows=[["2018", "€ 5"]]
    )
    assert block_text(table) == "Geld\nJaar | Bedrag\n2018 | € 5"
    figure = Block(kind="figure", key="f1", html="<svg><script/></svg>", text="De reis")
    assert block_text(figure) == "De reis"  # the drawing's markup is never compared
    old = book(BookChapter(key="c1", title="Geld", kind="funding", blocks=[table]))
    changed = Block(
        kind="table", key="t1", text="Geld", header=["Jaar", "Bedrag"], rows=[["2018", "€ 7"]]
    )
    new = book(BookChapter(key="c1", title="Geld", kind="funding", blocks=[changed]))
    [diff] = book_diff(old, new)
    assert [row.change for row in diff.rows] == ["changed"]
    assert "<del>5</del>" in diff.rows[0].old and "<ins>7</ins>" in diff.rows[0].new


def test_empty_blocks_are_left_out_and_empty_chapters_compare():
    empty = BookChapter(
        key="c9", title="Leeg", kind="timeline", blocks=[Block(kind="paragraph", key="p")]
    )
    [diff] = book_diff(book(empty), book(empty))
    assert diff.change == "same" and diff.rows == []


def test_a_book_from_json_compares_like_the_book_itself():
    one = book(chapter("c1", "Inleiding", "Het begon.", "Toen."))
    assert book_diff(Book.from_json(one.to_json()), one)[0].change == "same"
