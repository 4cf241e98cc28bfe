"""The helicopter view: the matrix of initiatives by learning questions, the learning
agenda's answers across all initiatives, what works and what does not per question, and
one cell's lessons with their evidence. Figures are checked against the hand-built
programme of tests/insights_helicopter.py (its docstring works them out)."""

import re

import pytest
from django.urls import reverse

from samenspel.insights import helicopter
from samenspel.learning_sessions.constants import SessionPhase
from samenspel.programmes.constants import Role
from tests import insights_helicopter as w
from tests.factories import AreaFactory, InitiativeFactory, MembershipFactory, UserFactory
from tests.sessions import advance_to, plan_session

pytestmark = pytest.mark.django_db


@pytest.fixture
def client_for(client_for):
    """Clients that read the pages in English: the Dutch of these new pages comes with the
    catalogue (notes/nl-helicopter.json), so the tests do not wait for it."""

    def make(user):
        client = client_for(user)
        client.cookies["django_language"] = "en"
        return client

    return make


@pytest.fixture
def world():
    return w.build_world()


def url(name, world, *args):
    return reverse(name, args=[world.programme.slug, *args])


def get(client, address, status=200):
    response = client.get(address)
    assert response.status_code == status, address
    return response.content.decode()


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


# The figures --------------------------------------------------------------------------------


def test_cells_count_review_lessons_adjustments_and_insights_about_both(world):
    cells = helicopter.matrix_cells(
        programme=world.programme,
        initiative_ids=[world.spil.pk, world.bus.pk, world.markt.pk],
        question_ids=[world.q1.pk, world.q2.pk, world.q3.pk],
    )
    counts = {key: cell.count for key, cell in cells.items()}
    assert counts == {
        (world.spil.pk, world.q1.pk): 4,
        (world.spil.pk, world.q2.pk): 2,
        (world.bus.pk, world.q1.pk): 2,
        (world.bus.pk, world.q2.pk): 2,
    }
    assert cells[(world.spil.pk, world.q1.pk)].cycles == {world.spil1.pk, world.spil2.pk}
    # The newest lesson: the insight of 1 June beats the adjustment of 20 April ...
    assert cells[(world.spil.pk, world.q1.pk)].first.text == w.I3
    # ... and the adjustment of 10 August beats that insight.
    first = cells[(world.bus.pk, world.q1.pk)].first
    assert (first.kind, first.text, first.side) == ("adjustment", w.STOP_TEXT, "fails")


def test_the_agenda_counts_every_initiative_and_each_insight_once(world):
    figures = helicopter.agenda_figures(programme=world.programme)
    assert figures[world.q1.pk] == helicopter.AgendaFigures(
        initiatives=2, cycles=3, lessons=6, works=1, changed=0, fails=1
    )
    assert figures[world.q2.pk] == helicopter.AgendaFigures(
        initiatives=2, cycles=2, lessons=4, works=1, changed=1, fails=0
    )
    assert world.q3.pk not in figures


def test_what_works_and_what_does_not_per_question(world):
    found = helicopter.question_view(programme=world.programme, question=world.q1)
    assert found.totals == {"works": 1, "changed": 0, "fails": 1}
    (works,) = found.sides["works"]
    (fails,) = found.sides["fails"]
    assert (works.initiative_id, works.lesson.cycle_id, works.lesson.text) == (
        world.spil.pk,
        world.spil1.pk,
        w.CONTINUE_TEXT,
    )
    assert works.held_in == (world.s1.pk, "Voorjaarssessie")
    assert works.contributions == [
        (world.s1.pk, "Voorjaarssessie", 1, f"contribution-{world.anonymous_contribution.pk}")
    ]
    assert [i.text for i in works.insights] == [w.I3, w.I1]
    assert (fails.lesson.cycle_id, fails.held_in) == (world.bus1.pk, None)
    assert [c[2] for c in fails.contributions] == [1]
    assert [i.text for i in fails.insights] == [w.I3]
    # Every closed session's insight on the question; the open session's is not there.
    assert [i.text for i in found.insights] == [w.I3, w.I2, w.I1]  # same day: newest first
    assert [(e.title, e.count) for e in found.initiatives] == [
        ("Buurtbus Dussen", 2),
        ("Dorpshuis De Spil", 4),
    ]


# The pages ----------------------------------------------------------------------------------


def test_the_matrix_shows_the_agenda_and_the_cells(world, client_for):
    html = get(client_for(world.facilitator), url("helicopter", world))
    text = text_of(html)
    assert "Meer dan we dachten." in text
    # The agenda's row of question 1: status, answer, initiatives, cycles, lessons.
    row = re.search(r"1\. Hoeveel kunnen we loslaten\?.*?</tr>", html, re.S).group(0)
    assert re.findall(r'<td class="sp-num">(\d+)</td>', row) == ["2", "3", "6"]
    cell = reverse("helicopter-cell", args=[world.programme.slug, world.spil.pk, 1])
    assert f'<a href="{cell}">4 lessons</a>' in html
    assert w.I3 in html
    assert "3 initiatives" in text
    assert html.count('class="sp-matrix__empty"') == 5  # Markt: 3; De Spil and Buurtbus: question 3


def test_filters_narrow_rows_by_area_and_columns_by_status(world, client_for):
    client = client_for(world.facilitator)
    html = get(client, url("helicopter", world) + f"?area={world.dussen.pk}")
    assert "Buurtbus Dussen" in html and "Markt Almkerk" not in html
    assert "1 initiative" in text_of(html)
    html = get(client, url("helicopter", world) + "?status=dropped")
    assert "Wat kost het?" in html and "Hoeveel kunnen we loslaten?" not in html
    html = get(client, url("helicopter", world) + "?status=answered&area=" + str(world.almkerk.pk))
    assert "Dorpshuis De Spil" in html and "Buurtbus Dussen" not in html
    assert "Wie neemt het voortouw?" not in html


def test_the_question_page_links_every_line_to_its_evidence(world, client_for):
    html = get(client_for(world.facilitator), url("helicopter-question", world, 1))
    slug = world.programme.slug
    cycle = reverse("cycle-detail", args=[slug, world.spil1.pk])
    report = reverse("session-report", args=[slug, world.s1.pk])
    assert f'href="{cycle}#review-heading"' in html
    assert f'href="{cycle}#adjustment-heading"' in html
    assert f'href="{report}#report-cycles"' in html
    assert f'href="{report}#contribution-{world.anonymous_contribution.pk}"' in html
    assert f'href="{report}#insight-{world.i1.pk}"' in html
    assert w.I4 not in html  # an open session's insight
    facts = re.search(r'<dl class="sp-facts">.*?</dl>', html, re.S).group(0)
    assert re.findall(r"<dd>(\d+)</dd>", facts) == ["2", "3", "6"]
    assert "What works" in html and "What does not work" in html


def test_the_evidence_anchors_exist_in_the_session_report(world, client_for):
    html = get(client_for(world.facilitator), reverse(
        "session-report", args=[world.programme.slug, world.s1.pk]
    ))  # fmt: skip
    assert f'id="contribution-{world.anonymous_contribution.pk}"' in html
    assert f'id="insight-{world.i1.pk}"' in html


def test_the_cell_shows_all_lessons_and_their_evidence(world, client_for):
    html = get(client_for(world.facilitator), url("helicopter-cell", world, world.spil.pk, 1))
    text = text_of(html)
    assert "4 lessons" in text
    for expected in (w.LESSON_SPIL, w.CONTINUE_TEXT, w.I1, w.I3, w.ANONYMOUS_TEXT):
        assert expected in text
    assert w.I4 not in text and w.I2 not in text  # open session; not about De Spil
    assert "Ronde 2" in text  # the linked cycle without a lesson is listed as evidence


def test_an_anonymous_contribution_never_shows_a_writer(world, client_for):
    client = client_for(world.facilitator)
    html = get(client, url("helicopter-cell", world, world.spil.pk, 1))
    assert w.ANONYMOUS_TEXT in html
    assert w.HIDDEN_WRITER not in html
    named = get(client, url("helicopter-cell", world, world.bus.pk, 1))
    assert w.NAMED_TEXT in named and w.WRITER in named
    found = helicopter.cell_view(
        programme=world.programme, initiative=world.spil, question=world.q1
    )
    lines = [line for one in found.cycles for _s, _t, lines in one.sessions for line in lines]
    assert [line.author for line in lines] == [None]


def test_markup_in_lesson_text_is_escaped(world, client_for):
    client = client_for(world.facilitator)
    for address, shown in (
        (url("helicopter", world), None),
        (url("helicopter-question", world, 1), "Loslaten vraagt &lt;i&gt;oefening&lt;/i&gt;"),
        (url("helicopter-cell", world, world.bus.pk, 2), "&lt;script&gt;alert("),
    ):
        html = get(client, address)
        assert "<script>alert" not in html and "<b>vet</b>" not in html, address
        assert "<i>oefening</i>" not in html, address
        assert shown is None or shown in html, address


def test_empty_programme_says_so(client_for):
    user = UserFactory()
    membership = MembershipFactory(user=user, role=Role.GOVERNANCE)
    html = get(client_for(user), reverse("helicopter", args=[membership.programme.slug]))
    assert "no learning questions yet" in html and "no initiatives yet" in html


def test_the_menu_links_to_the_helicopter_view(world, client_for):
    html = get(client_for(world.facilitator), url("helicopter", world))
    assert f'href="{url("helicopter", world)}" aria-current="page"' in html
    assert ">Helicopter view<" in html


# Access -------------------------------------------------------------------------------------


def pages(world):
    return [
        url("helicopter", world),
        url("helicopter-question", world, 1),
        url("helicopter-cell", world, world.spil.pk, 1),
    ]


@pytest.mark.parametrize("role", list(Role))
def test_every_member_reads_every_page(world, client_for, role):
    client = client_for(MembershipFactory(programme=world.programme, role=role).user)
    for address in pages(world):
        get(client, address)


def test_site_administrator_reads_non_member_gets_404_anonymous_logs_in(world, client_for):
    admin = UserFactory(is_staff=True)
    stranger = MembershipFactory(role=Role.FACILITATOR).user  # of another programme
    for address in pages(world):
        get(client_for(admin), address)
        get(client_for(stranger), address, 404)
        response = client_for(None).get(address)
        assert response.status_code == 302 and "/login/" in response["Location"]


# Bad input ----------------------------------------------------------------------------------


def test_bad_filters_are_shown_and_ignored(world, client_for):
    client = client_for(world.facilitator)
    elsewhere = AreaFactory(name="Elders")  # an area of another programme
    for query in (f"?area={elsewhere.pk}", "?area=abc", "?area=99999999999999999999"):
        html = get(client, url("helicopter", world) + query)
        assert "Select a valid choice" in html, query
        assert "Markt Almkerk" in html  # the filter is not applied
    html = get(client, url("helicopter", world) + "?status=%3Cb%3E")
    assert "Select a valid choice" in html and "Wat kost het?" in html
    for query in ("?page=abc", "?page=9999", "?page=-1", "?page=%C2%B2"):
        get(client, url("helicopter", world) + query)
        get(client, url("helicopter-question", world, 1) + query)


def test_bad_addresses_are_404(world, client_for):
    client = client_for(world.facilitator)
    other = InitiativeFactory(title="Van een ander")
    for address in (
        url("helicopter-question", world, 99),
        url("helicopter-cell", world, world.spil.pk, 99),
        url("helicopter-cell", world, 99999999, 1),
        url("helicopter-cell", world, other.pk, 1),
        reverse("helicopter", args=["bestaat-niet"]),
    ):
        get(client, address, 404)
    assert client.post(url("helicopter", world)).status_code == 405


# Queries and the cache ----------------------------------------------------------------------


def _count(client, address, django_assert_max_num_queries, limit=30):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(address).status_code == 200, address
    return len(captured)


def test_query_counts_do_not_grow_with_the_programme(
    world, client_for, django_assert_max_num_queries
):
    client = client_for(world.facilitator)
    addresses = [
        *pages(world),
        url("helicopter", world) + f"?area={world.dussen.pk}&status=answered",
        url("helicopter-cell", world, world.bus.pk, 1),
    ]

    def measure():
        from django.core.cache import cache

        cache.clear()
        cold = [_count(client, a, django_assert_max_num_queries) for a in addresses]
        warm = [_count(client, a, django_assert_max_num_queries) for a in addresses]
        return cold, warm

    small = measure()
    w.grow(world, 40)
    large = measure()
    assert large == small
    cold, warm = small
    assert max(warm) <= 5 and min(cold) > max(warm)


def test_a_closed_session_shows_at_once(world, client_for):
    """Closing a session raises the programme's data version (its service writes an audited
    phase change), so the cached matrix shows the new insight at once; before it closes,
    its insight is not shown."""
    client = client_for(world.facilitator)
    later = plan_session(world.programme, world.facilitator, title="Najaar")
    advance_to(later, SessionPhase.CAPTURE)
    w.insight(later, "Later inzicht", [world.markt], [world.q1])
    assert "Later inzicht" not in get(client, url("helicopter", world))
    advance_to(later, SessionPhase.CLOSED)
    assert "Later inzicht" in get(client, url("helicopter", world))
