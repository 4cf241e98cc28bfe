"""The travel report's book: the generated chapters against figures worked out by hand
(tests/journal_book.py has the programme and its table), consent, harmless payloads in
every HTML output, the self-contained file, the timeline picture, and a fixed number of
queries whatever the size of the programme."""

import datetime
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.template.loader import render_to_string
from django.test.utils import CaptureQueriesContext
from django.utils import translation
from django.utils.translation import gettext as _

from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import Review
from samenspel.journal.blocks_html import block_html
from samenspel.journal.book import Block, Book
from samenspel.journal.compose import compose_book
from samenspel.journal.constants import ChapterKind
from samenspel.journal.models import Chapter
from samenspel.journal.render_html import book_fragment, book_print_html, book_standalone
from samenspel.learning_sessions import services
from samenspel.learning_sessions.constants import SessionPhase
from samenspel.learning_sessions.models import Participant
from samenspel.programmes.constants import Role
from tests.compass import assess, make_compass
from tests.factories import InitiativeFactory, MembershipFactory
from tests.journal import make_journal
from tests.journal_book import (
    CONSENTED,
    HAPPENED,
    INSIGHT,
    LESSON,
    PAYLOAD,
    UNCONSENTED,
    World,
    build_world,
    cycle,
    day,
)
from tests.sessions import advance_to, plan_session

pytestmark = pytest.mark.django_db
SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def world() -> World:
    return build_world()


def compose(world: World) -> Book:
    with translation.override("nl"):
        return compose_book(world.journal)


def blocks_of(book: Book, kind: str) -> list[Block]:
    return next(chapter.blocks for chapter in book.chapters if chapter.kind == kind)


def by_key(blocks: list[Block]) -> dict[str, Block]:
    return {block.key: block for block in blocks}


def all_text(book: Book) -> str:
    parts = []
    for chapter in book.chapters:
        for block in chapter.blocks:
            parts += [block.text, *block.items, *(c for row in block.rows for c in row)]
            parts += [value for value in block.meta.values()]
    return "\n".join(parts)


def test_each_initiative_with_its_cycles_expected_beside_happened(world):
    book = compose(world)
    chapter = world.chapter(ChapterKind.INITIATIVES)
    blocks = by_key(blocks_of(book, ChapterKind.INITIATIVES))
    spil = f"c{chapter.pk}-init-{world.spil.pk}"
    assert blocks[spil].kind == "heading" and blocks[spil].meta["level"] == "3"
    assert blocks[spil].text == "Dorpshuis De Spil"
    assert "Almkerk" in blocks[f"{spil}-facts"].text
    assert "loopt" in blocks[f"{spil}-facts"].text
    assert blocks[f"{spil}-summary"].text == "Het dorpshuis in handen van het dorp."
    funding = blocks[f"{spil}-funding"].text
    for amount in ("€ 1.000", "€ 500", "€ 250", "€ 1.750"):
        assert amount in funding
    at = f"{spil}-cycle-{world.spil_cycle.pk}"
    assert blocks[at].meta["level"] == "4"
    compare = blocks[f"{at}-compare"]
    assert compare.kind == "compare" and len(compare.header) == 2
    [[expected, happened]] = compare.rows
    assert "Een bewonersavond houden" in expected and "Dertig bewoners komen" in expected
    assert happened == HAPPENED
    # The column is headed by the review's own (default) question.
    assert compare.header[1] == world.spil_cycle.review.answers[1]["question"]
    assert "Doorgaan" in blocks[f"{at}-adjustment"].text
    # The lesson is the review's last two answers, each under its question (lessons_of).
    lesson = blocks[f"{at}-lesson"].text
    assert LESSON in lesson and "Delen met de raad" in lesson
    assert world.spil_cycle.review.answers[3]["question"] in lesson
    insight = blocks[f"{spil}-insight-1"]
    assert insight.kind == "lesson" and insight.text == INSIGHT
    assert insight.meta["nature"] == "Feit"
    assert "Leersessie voorjaar" in insight.meta["source"]
    # The acting cycle of the bus has no review yet: only its reviewed cycle shows.
    bus = f"c{chapter.pk}-init-{world.bus.pk}"
    cycles = [key for key in blocks if re.fullmatch(rf"{bus}-cycle-\d+", key)]
    assert cycles == [f"{bus}-cycle-{world.bus_cycle.pk}"]


def test_lessons_per_learning_question_and_what_works(world):
    book = compose(world)
    chapter = world.chapter(ChapterKind.LESSONS)
    blocks = by_key(blocks_of(book, ChapterKind.LESSONS))
    question = f"c{chapter.pk}-question-{world.question.pk}"
    assert blocks[question].text.endswith("Hoeveel kunnen we loslaten?")
    assert "Meer dan we dachten." in blocks[f"{question}-answer"].text
    assert blocks[f"{question}-insight-1"].text == INSIGHT
    assert LESSON in blocks[f"{question}-cycle-{world.spil_cycle.pk}"].text
    works = blocks[f"{question}-works-list"].items
    fails = blocks[f"{question}-fails-list"].items
    assert len(works) == 1 and works[0].startswith("Dorpshuis De Spil")
    assert len(fails) == 1 and fails[0].startswith("Buurtbus Dussen")
    overview = blocks[f"c{chapter.pk}-overview"]
    # Question, status, session lessons, reviewed cycles, works, changed course, does not.
    assert overview.rows == [["1", "Beantwoord", "1", "2", "1", "0", "1"]]


def test_funding_totals_and_the_co_investment_rule(world):
    book = compose(world)
    chapter = world.chapter(ChapterKind.FUNDING)
    blocks = by_key(blocks_of(book, ChapterKind.FUNDING))
    key = f"c{chapter.pk}"
    totals = blocks[f"{key}-totals"].text
    for amount in ("€ 4.150", "€ 3.000", "€ 900", "€ 250"):
        assert amount in totals
    rule = blocks[f"{key}-rule"].text
    assert "50%" in rule
    assert "30%" in rule  # 900 / 3,000
    assert "1 van de 2" in rule or "1 of 2" in rule  # only De Spil keeps it
    table = blocks[f"{key}-initiatives"]
    assert table.rows == [
        ["Dorpshuis De Spil", "Almkerk", "€ 1.000", "€ 500", "€ 250", "€ 1.750"],
        ["Buurtbus Dussen", "Dussen", "€ 2.000", "€ 400", "€ 0", "€ 2.400"],
        [table.rows[-1][0], "", "€ 3.000", "€ 900", "€ 250", "€ 4.150"],
    ]
    areas = blocks[f"{key}-areas"]
    assert areas.rows == [
        ["Almkerk", "€ 1.000", "€ 500", "€ 250", "€ 1.750"],
        ["Dussen", "€ 2.000", "€ 400", "€ 0", "€ 2.400"],
    ]
    svg = ET.fromstring(areas.html)
    assert svg.get("role") == "img"


def test_the_timeline_counts_per_quarter_and_is_an_accessible_picture(world):
    book = compose(world)
    chapter = world.chapter(ChapterKind.TIMELINE)
    figure = by_key(blocks_of(book, ChapterKind.TIMELINE))[f"c{chapter.pk}-timeline"]
    assert figure.kind == "figure"
    # Quarter, started, completed, sessions, continue, change course, scale up, stop.
    assert figure.rows == [
        ["K1 2025", "1", "0", "0", "0", "0", "0", "0"],
        ["K2 2025", "1", "1", "0", "1", "0", "0", "0"],
        ["K3 2025", "1", "1", "0", "0", "0", "0", "1"],
        ["K4 2025", "0", "0", "0", "0", "0", "0", "0"],
    ]
    svg = ET.fromstring(figure.html)
    assert svg.tag == f"{SVG}svg"
    assert svg.get("role") == "img"
    title, desc = svg.find(f"{SVG}title"), svg.find(f"{SVG}desc")
    assert title is not None and title.text and "Samen in Altena" in title.text
    assert desc is not None and desc.text and "3" in desc.text
    assert svg.get("aria-labelledby") == f"{title.get('id')} {desc.get('id')}"
    assert not list(svg.iter(f"{SVG}script"))
    events = by_key(blocks_of(book, ChapterKind.TIMELINE))[f"c{chapter.pk}-year-2025-events"]
    assert any("1 januari 2025" in item for item in events.items)  # the programme's start


def test_learning_yield_per_quarter(world):
    book = compose(world)
    chapter = world.chapter(ChapterKind.LEARNING_YIELD)
    blocks = by_key(blocks_of(book, ChapterKind.LEARNING_YIELD))
    figure = blocks[f"c{chapter.pk}-yield"]
    assert figure.rows == [
        ["K1 2025", "0", "0", "\u2013"],
        ["K2 2025", "1", "1", "100%"],
        ["K3 2025", "2", "2", "100%"],
        ["K4 2025", "2", "3", "67%"],
    ]
    assert "67%" in blocks[f"c{chapter.pk}-headline"].text
    assert ET.fromstring(figure.html).get("role") == "img"


def test_the_learning_yield_counts_up_to_the_end_of_the_covered_stretch(world):
    # Its adjustment was due on 10 September: after the report's last day, 31 August.
    cycle(world.bus, world.facilitator, 3, day(6, 22), state=CycleState.ACTING)
    world.journal.covers_until = day(8, 31)
    world.journal.save(update_fields=["covers_until"])
    book = compose(world)
    chapter = world.chapter(ChapterKind.LEARNING_YIELD)
    blocks = by_key(blocks_of(book, ChapterKind.LEARNING_YIELD))
    assert blocks[f"c{chapter.pk}-yield"].rows == [
        ["K1 2025", "0", "0", "\u2013"],
        ["K2 2025", "1", "1", "100%"],
        ["K3 2025", "2", "2", "100%"],
    ]
    headline = blocks[f"c{chapter.pk}-headline"].text
    assert "100%" in headline and "31 augustus 2025" in headline


def test_the_compass_chapter_draws_the_compass(world):
    book = compose(world)
    chapter = world.chapter(ChapterKind.COMPASS)
    [empty] = blocks_of(book, ChapterKind.COMPASS)
    assert empty.kind == "paragraph"  # no compass yet: one sentence
    compass = make_compass(world.programme, world.facilitator)
    on = datetime.date(2025, 6, 1)
    assess(compass, [8, 8, 8, 8], perspective="residents", anonymous=True, on=on)
    assess(compass, [4, 5, 6, 7], perspective="civil_servants", respondent=world.facilitator, on=on)
    blocks = by_key(blocks_of(compose(world), ChapterKind.COMPASS))
    radar = blocks[f"c{chapter.pk}-radar"]
    assert radar.kind == "figure" and ET.fromstring(radar.html).get("role") == "img"
    assert [row[1] for row in radar.rows] == ["6", "6,5", "7", "7,5"]  # medians of two
    assert f"c{chapter.pk}-perspectives" in blocks
    gaps = blocks[f"c{chapter.pk}-gaps-list"].items
    assert len(gaps) == 3  # 8 against 4, 5 and 6; 8 against 7 is less than 2 apart
    assert gaps[0].startswith("Rechtmatige overheid")  # the largest gap first


def test_a_review_held_in_a_learning_session_shows_none_of_its_contributions(world):
    """A session that reviews a cycle copies its contributions into the review word for
    word (learning_sessions.services._review_agenda_cycles): in a non-quotable anonymous
    session none of them may reach the book, only where the review was held."""
    # The session is held now, so the review falls after the programme's year of 2025.
    world.programme.ends_on = None
    world.programme.save(update_fields=["ends_on"])
    member = MembershipFactory(programme=world.programme, role=Role.CIVIL_SERVANT).user
    acting = cycle(world.spil, world.facilitator, 2, day(5, 1), state=CycleState.ACTING)
    acting.learning_questions.add(world.question)
    session = plan_session(
        world.programme, world.facilitator, [member], title="Leersessie zomer", quotable=False
    )
    assert session.anonymous and not session.quotable
    services.agenda_set(session=session, cycles=[acting], questions=[], by=world.facilitator)
    advance_to(session, SessionPhase.INPUT)
    writer = Participant.objects.get(session=session, user=member)
    said = {
        1: "Geheim wat er gebeurde",
        3: "Geheime les van een bewoner",
        4: "Geheim om te delen",
    }
    for question, text in said.items():
        services.contribution_add(
            session=session, participant=writer, question=question, text=text, cycle=acting
        )
    services.contribution_add(
        session=session, participant=writer, question=3, text="Geheim over alles"
    )
    advance_to(session, SessionPhase.CLOSED)
    acting.refresh_from_db()
    assert acting.review.held_in == "Leersessie zomer"
    assert "Geheime les van een bewoner" in str(acting.review.answers)

    book = compose(world)
    text = all_text(book)
    for words in [*said.values(), "Geheim over alles"]:
        assert words not in text
    with translation.override("nl"):
        line = _("Reviewed together in the learning session “%(session)s”.") % {
            "session": "Leersessie zomer"
        }
    initiatives = by_key(blocks_of(book, ChapterKind.INITIATIVES))
    at = f"c{world.chapter(ChapterKind.INITIATIVES).pk}-init-{world.spil.pk}-cycle-{acting.pk}"
    assert initiatives[f"{at}-held"].text == line
    assert f"{at}-compare" not in initiatives and f"{at}-lesson" not in initiatives
    assert "Een bewonersavond" not in initiatives[f"{at}-expected"].text  # none recorded
    lessons = by_key(blocks_of(book, ChapterKind.LESSONS))
    held = lessons[
        f"c{world.chapter(ChapterKind.LESSONS).pk}-question-{world.question.pk}-cycle-{acting.pk}"
    ]
    assert held.kind == "paragraph" and "Leersessie zomer" in held.text


def test_the_initiators_names_stay_out_of_the_book(world):
    world.spil.initiators = "Stichting De Spil (Jan Jansen)"
    world.spil.save(update_fields=["initiators"])
    assert "Jan Jansen" not in all_text(compose(world))


def test_a_programme_with_review_questions_of_its_own(world):
    """Two questions of its own: both answers are the lesson (cycles.selectors.lessons_of),
    so no "happened" beside the expectation; each lesson under its own question."""
    world.programme.review_questions = ["Wat ging er goed?", "Wat nemen we mee?"]
    world.programme.save(update_fields=["review_questions"])
    own = InitiativeFactory(programme=world.programme, title="Moestuin Giessen")
    found = cycle(own, world.facilitator, 1, day(3, 3), state=CycleState.REVIEWED)
    Review.objects.create(
        cycle=found,
        answers=[
            {"question": "Wat ging er goed?", "answer": "De buren deden mee"},
            {"question": "Wat nemen we mee?", "answer": "Vraag de school erbij"},
        ],
    )
    book = compose(world)
    blocks = by_key(blocks_of(book, ChapterKind.INITIATIVES))
    at = f"c{world.chapter(ChapterKind.INITIATIVES).pk}-init-{own.pk}-cycle-{found.pk}"
    assert f"{at}-compare" not in blocks
    assert blocks[f"{at}-expected"].kind == "paragraph"
    lesson = blocks[f"{at}-lesson"].text
    assert lesson == (
        "Wat ging er goed?\nDe buren deden mee\n\nWat nemen we mee?\nVraag de school erbij"
    )


def test_only_consented_voices_reach_the_book(world):
    book = compose(world)
    voices = blocks_of(book, ChapterKind.VOICES)
    assert [block.text for block in voices] == [CONSENTED]
    assert voices[0].meta["attribution"] == "Inwoner van Almkerk"
    assert voices[0].meta["nature"] == "Reflectie"
    with translation.override("nl"):
        outputs = [book_fragment(book), book_standalone(book), book_print_html(book)]
    for html in outputs:
        assert CONSENTED in html
        assert UNCONSENTED not in html
        assert "Hier zie je eigenaarschap groeien." in html  # the writers' column
    assert UNCONSENTED not in all_text(book)


def test_a_payload_is_harmless_in_every_html_output(world):
    introduction = Chapter.objects.filter(journal=world.journal, kind=ChapterKind.WRITTEN).first()
    introduction.body = PAYLOAD
    introduction.save()
    world.spil.title = "<script>alert(1)</script> De Spil"
    world.spil.save()
    world.spil.area.name = '<img src=x onerror="alert(1)">'
    world.spil.area.save()
    book = compose(world)
    with translation.override("nl"):
        outputs = [book_fragment(book), book_standalone(book), book_print_html(book)]
    for html in outputs:
        assert "Een hoofdstuk met een aanval." in html
        assert "<script" not in html.lower()
        assert not re.search(r"<[^>]*\sonerror\s*=", html, re.IGNORECASE)
        assert "javascript:" not in html.lower()
        assert "&lt;script&gt;alert(1)&lt;/script&gt; De Spil" in html  # shown, escaped


def test_the_html_file_refers_to_nothing_outside_itself(world):
    book = compose(world)
    with translation.override("nl"):
        html = book_standalone(book)
    assert html.startswith("<!doctype html>")
    assert "<style>" in html and "<link" not in html and "<script" not in html
    references = re.findall(r"""(?:src|href)\s*=\s*["']?([^"'\s>]+)""", html)
    assert references, "the contents link to the chapters"
    assert all(reference.startswith("#") for reference in references), references
    assert not re.search(r"url\((?!#)", html)  # no fonts or images fetched by the styles
    for chapter in book.chapters:
        assert f'href="#{chapter.key}"' in html and f'id="{chapter.key}"' in html
    with translation.override("nl"):
        assert _("Draft · %(day)s") % {"day": ""} in html


def test_composing_costs_the_same_queries_however_large_the_programme():
    def queries(extra: int) -> int:
        world = build_world(extra_initiatives=extra, slug=f"altena-{extra}")
        compass = make_compass(world.programme, world.facilitator)
        on = datetime.date(2025, 6, 1)
        assess(compass, [5, 5, 5, 5], perspective="residents", anonymous=True, on=on)
        with translation.override("nl"), CaptureQueriesContext(connection) as captured:
            compose_book(world.journal)
        return len(captured.captured_queries)

    assert queries(0) == queries(6)


def test_a_book_keeps_its_keys_when_composed_again(world):
    first, second = compose(world), compose(world)
    keys = [block.key for chapter in first.chapters for block in chapter.blocks]
    assert keys == [block.key for chapter in second.chapters for block in chapter.blocks]
    assert len(keys) == len(set(keys))
    assert Book.from_json(first.to_json()) == first


def test_one_block_renders_the_same_on_any_page(world):
    """templates/journal/book/block.html draws one block (the review page includes it)
    exactly as the book draws it."""
    book = compose(world)
    with translation.override("nl"):
        for chapter in book.chapters:
            for block in chapter.blocks:
                html = render_to_string("journal/book/block.html", {"block": block})
                assert html.strip() == block_html(block)
        unknown = Block(kind="something-new", key="x", text="<b>nee</b>")
        assert render_to_string("journal/book/block.html", {"block": unknown}).strip() == ""


def test_the_benchmark_programme_composes_with_the_same_queries_at_two_sizes():
    """What bench/journal.py measures, at two tiny sizes: the generated programmes (every
    cycle state, a compass) compose, at the same cost in queries."""
    from bench.generate import Size, generate
    from django.core.cache import cache

    counts = []
    for number, size in enumerate(
        (
            Size(initiatives=3, cycles=12, areas=2, users=6, questions=3, assessments=20),
            Size(initiatives=8, cycles=40, areas=3, users=9, questions=4, assessments=60),
        )
    ):
        generated = generate(slug=f"bench-journal-{number}", size=size, seed=7)
        journal = make_journal(generated.programme, generated.facilitator)
        cache.clear()
        with translation.override("nl"), CaptureQueriesContext(connection) as captured:
            book = compose_book(journal)
        counts.append(len(captured.captured_queries))
        assert book.block_count() > size.initiatives
    assert counts[0] == counts[1]
