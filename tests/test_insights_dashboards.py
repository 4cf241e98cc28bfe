"""The dashboards through HTTP: the facilitator's dashboard, the governance overview with
its PDF and CSV, and the open actions on "my work". Every figure is checked against the
hand-computed world of tests/insights_dashboard.py (today fixed at 20 May 2026); access
for every role; the query counts at two sizes; CSV injection; bad input."""

import csv
import datetime
import io
import re
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from samenspel.insights import dashboards, governance_exports
from samenspel.programmes.constants import InitiativeStatus, Role
from tests.factories import InitiativeFactory, MembershipFactory, UserFactory
from tests.insights_dashboard import TODAY, build_world, fixed_today, grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(monkeypatch):
    fixed_today(monkeypatch)
    return build_world()


def url(name, world):
    return reverse(name, kwargs={"slug": world.programme.slug})


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


# The figures ---------------------------------------------------------------------------


def test_learning_yield_per_quarter_is_the_hand_computed_one(world):
    over_time = dashboards.yield_over_time(programme=world.programme)
    assert [(p.label, p.completed, p.due, p.percentage) for p in over_time.points] == [
        ("K4 2025", 1, 1, 100),
        ("K1 2026", 2, 3, 67),
        ("K2 2026", 2, 5, 40),
    ]
    board = dashboards.facilitator_dashboard(programme=world.programme)
    assert board.learning_yield.learning_yield.completed == 2
    assert board.learning_yield.learning_yield.due == 5
    svg = over_time.chart(prefix="t")
    assert svg.count("<rect") == 3
    assert [int(v) for v in re.findall(r'data-value="(\d+)"', svg)] == [100, 67, 40]
    assert 'role="img"' in svg and "<title" in svg and "<desc" in svg


def test_overdue_reviews_and_adjustments_with_their_days(world):
    board = dashboards.facilitator_dashboard(programme=world.programme)
    reviews = [
        (r.cycle.pk, r.due_on.isoformat(), r.days_overdue) for r in board.overdue_reviews.rows
    ]
    assert reviews == [
        (world.cycles["c7"].pk, "2026-05-01", 19),
        (world.cycles["c3"].pk, "2026-05-15", 5),
    ]
    assert board.overdue_reviews.total == 2
    adjustments = [(r.cycle.pk, r.days_overdue) for r in board.overdue_adjustments.rows]
    assert adjustments == [(world.cycles["c4"].pk, 3)]
    assert board.overdue_adjustments.total == 1


def test_sessions_without_report_are_those_over_before_today_and_not_closed(world):
    board = dashboards.facilitator_dashboard(programme=world.programme)
    rows = board.sessions_without_report.rows
    assert [(r.session.title, r.ended_on.isoformat(), r.days_since) for r in rows] == [
        ("Leersessie april", "2026-04-10", 40)
    ]
    assert board.sessions_without_report.total == 1


def test_open_actions_and_agenda_state(world):
    board = dashboards.facilitator_dashboard(programme=world.programme)
    assert (board.action_counts.total, board.action_counts.overdue) == (3, 2)
    actions = list(dashboards.open_actions(programme=world.programme))
    assert [a.text for a in actions] == [
        "Verslag delen met de raad",
        "Wethouder uitnodigen",
        "Bewonersavond plannen",
    ]
    agenda = board.agenda
    assert {value: n for value, _label, n in agenda.per_status} == {
        "open": 2,
        "persistent": 1,
        "answered": 1,
        "dropped": 1,
    }
    assert [q.number for q in agenda.without_cycle.rows] == [2, 3]
    assert agenda.without_cycle.total == 2
    assert [q.number for q in agenda.answered] == [4]


def test_the_dashboard_page_shows_every_figure_with_links(world, client_for):
    response = client_for(world.facilitator).get(url("dashboard", world))
    assert response.status_code == 200
    body = response.content.decode()
    text = text_of(response)
    for expected in ("K4 2025", "K1 2026", "K2 2026", "100%", "67%", "40%"):
        assert expected in text
    assert reverse("cycle-detail", args=["samenspel", world.cycles["c7"].pk]) in body
    assert reverse("session-detail", args=["samenspel", world.sessions["april"].pk]) in body
    assert "Leersessie januari" in body  # the session of the open actions
    assert "Leersessie mei" not in body  # over today: not late yet
    assert "Subsidieregels nalopen" not in body  # done
    assert body.count("sp-badge sp-badge--warning") >= 5  # 2 reviews, 1 adjustment, 2 actions
    assert "Wie neemt het voortouw?" in body and "Hoe blijven we leren?" in body


def test_governance_overview_figures(world, client_for):
    overview = dashboards.governance_overview(programme=world.programme)
    funding = overview.figures.funding
    assert (funding.municipal, funding.residents, funding.other) == (
        Decimal("3000.50"),
        Decimal("750.00"),
        Decimal("100.00"),
    )
    assert funding.total == Decimal("3850.50")
    areas = {row.area.name: row for row in overview.areas}
    assert (areas["Werkendam"].progress.completed, areas["Werkendam"].progress.open) == (1, 2)
    assert areas["Werkendam"].progress.learning_yield.percentage == 33
    assert areas["Almkerk"].progress.learning_yield.percentage == 50
    assert [i.text for i in overview.lessons.insights] == [
        "Bewoners nemen zelf het initiatief als de gemeente loslaat."
    ]
    assert [q.number for q in overview.lessons.answered] == [4]
    assert overview.compass_trends is None  # no compass

    response = client_for(world.civil_servant).get(url("governance", world))
    assert response.status_code == 200
    text = text_of(response)
    assert "Nog niet gedeeld inzicht" not in text  # its session is not closed
    assert "Ja, als de gemeente op tijd antwoordt." in text
    assert "3.850,50" in text and "Dorpshuis De Spil" in text
    assert reverse("governance-pdf", args=["samenspel"]) in response.content.decode()


def test_csv_rows_are_the_hand_computed_figures(world, client_for):
    response = client_for(world.civil_servant).get(url("governance-csv", world))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    disposition = response["Content-Disposition"]
    assert re.fullmatch(r'attachment; filename="[a-z0-9-]+-samenspel-2026-05-20\.csv"', disposition)
    raw = response.content.decode("utf-8")
    assert raw.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(raw[1:]), delimiter=";"))
    with translation.override("nl"):
        header = governance_exports.csv_header()
        running, continued = (
            str(InitiativeStatus.RUNNING.label),
            str(InitiativeStatus.CONTINUED.label),
        )
    assert rows[0] == header
    assert rows[1:] == [
        ["'=Moestuin", "Almkerk", continued, "3", "1", "2", "1", "2", "50",
         "2000,50", "250,00", "100,00", "2350,50"],
        ["Dorpshuis De Spil", "Werkendam", running, "4", "1", "2", "2", "3", "33",
         "1000,00", "500,00", "0,00", "1500,00"],
    ]  # fmt: skip


@pytest.mark.parametrize("title", ["=1+1", "+31 6", "-2", "@SUM(A1)", "\tx", "\r=x"])
def test_csv_guards_against_formula_injection(world, title):
    InitiativeFactory(programme=world.programme, area=None, title=title)
    text = governance_exports.initiatives_csv(programme=world.programme)
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    titles = [row[0] for row in rows[1:]]
    assert "'" + title in titles
    assert not any(
        cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in rows for cell in row
    )


def test_pdf_holds_the_programme_name_and_a_figure(world, client_for):
    import pypdf

    client = client_for(world.civil_servant)
    response = client.get(url("governance-pdf", world))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    reader = pypdf.PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    assert "Het nieuwe samenspel" in text
    assert "40%" in text and "Dorpshuis De Spil" in text
    assert len(reader.pages) <= 6
    # Kept per data version: the second request reads the cache.
    with CaptureQueriesContext(connection) as queries:
        again = client.get(url("governance-pdf", world))
    assert again.content == response.content
    assert len(queries) <= 4


def test_a_large_programme_pdf_stays_short_and_lists_no_initiatives(world):
    for n in range(dashboards.PDF_INITIATIVES):
        InitiativeFactory(programme=world.programme, area=None, title=f"Extra {n}")
    html = governance_exports.governance_html(programme=world.programme)
    assert "Extra 1" not in html
    assert "csv" in html.lower()  # where the initiatives are, one by one


# "My work" -----------------------------------------------------------------------------


def test_my_work_shows_my_open_actions(world, client_for):
    response = client_for(world.civil_servant).get(reverse("my-work"))
    assert response.status_code == 200
    body = response.content.decode()
    section = body[body.index('id="my-actions-heading"') :]
    assert "Verslag delen met de raad" in section and "Bewonersavond plannen" in section
    assert "Wethouder uitnodigen" not in section  # the facilitator's
    assert "Subsidieregels nalopen" not in section  # done
    mine = dashboards.my_open_actions(user=world.civil_servant, programme_ids=[world.programme.pk])
    assert (mine.total, mine.overdue) == (2, 1)


# Access ----------------------------------------------------------------------------------

ROLES = [
    Role.FACILITATOR,
    Role.CIVIL_SERVANT,
    Role.GOVERNANCE,
    Role.INITIATOR,
    Role.PARTNER,
    Role.ADMINISTRATOR,
]
RUNS = {Role.FACILITATOR, Role.ADMINISTRATOR}


@pytest.mark.parametrize("role", ROLES)
def test_access_per_role(world, client_for, role):
    member = MembershipFactory(programme=world.programme, role=role).user
    client = client_for(member)
    assert client.get(url("dashboard", world)).status_code == (200 if role in RUNS else 403)
    for name in ("governance", "governance-csv", "governance-pdf"):
        assert client.get(url(name, world)).status_code == 200, name


def test_access_of_site_admin_non_member_and_anonymous(world, client_for):
    staff = client_for(UserFactory(is_staff=True))
    stranger = client_for(UserFactory())
    anonymous = client_for(None)
    for name in ("dashboard", "governance", "governance-csv", "governance-pdf"):
        assert staff.get(url(name, world)).status_code == 200, name
        assert stranger.get(url(name, world)).status_code == 404, name
        response = anonymous.get(url(name, world))
        assert response.status_code == 302 and "/login" in response["Location"], name
    assert client_for(world.facilitator).post(url("dashboard", world)).status_code == 405


def test_links_by_role(world, client_for):
    """The programme's menu leads to the helicopter view; its own navigation leads to
    the governance overview for everyone and to the dashboard for those who run it."""
    for who in (world.facilitator, world.civil_servant):
        menu = client_for(who).get(url("programme-detail", world)).content.decode()
        assert url("helicopter", world) in menu
    facilitator = client_for(world.facilitator).get(url("helicopter", world)).content.decode()
    servant = client_for(world.civil_servant).get(url("helicopter", world)).content.decode()
    assert url("dashboard", world) in facilitator and url("governance", world) in facilitator
    assert url("dashboard", world) not in servant and url("governance", world) in servant


# Bad input -------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query", ["?page=abc", "?page=-1", "?page=99999", "?page=1e9", "?page=%00", "?x=<script>"]
)
def test_bad_input_is_never_a_server_error(world, client_for, query):
    client = client_for(world.facilitator)
    for name in ("dashboard", "governance", "governance-csv"):
        assert client.get(url(name, world) + query).status_code in (200, 400), name


def test_an_unknown_programme_is_404(world, client_for):
    client = client_for(world.facilitator)
    for name in ("dashboard", "governance", "governance-csv", "governance-pdf"):
        assert client.get(reverse(name, kwargs={"slug": "bestaat-niet"})).status_code == 404


# Query counts ----------------------------------------------------------------------------


def _counts(client, urls):
    counts = {}
    for address in urls:
        client.get(address)  # warm the per-process caches (content types, …)
        cache.clear()
        with CaptureQueriesContext(connection) as cold:
            assert client.get(address).status_code == 200
        with CaptureQueriesContext(connection) as warm:
            client.get(address)
        counts[address] = (len(cold), len(warm))
    return counts


def test_query_counts_do_not_grow_with_the_programme(world, client_for):
    client = client_for(world.facilitator)
    servant = client_for(world.civil_servant)
    urls = [url(n, world) for n in ("dashboard", "governance", "governance-csv")]
    urls += [url("dashboard", world) + "?page=2", url("governance", world) + "?page=2"]
    grow(world, 3)
    small = _counts(client, urls), _counts(servant, [reverse("my-work")])
    grow(world, 30)
    large = _counts(client, urls), _counts(servant, [reverse("my-work")])
    assert small == large


def test_today_is_fixed_in_these_tests(world):
    from django.utils import timezone

    assert timezone.localdate() == TODAY


def test_the_page_benchmark_measures_the_dashboards():
    from bench.pages import MAX_INSIGHTS_RATIO, insights_pages

    pages = {page.name: page for page in insights_pages()}
    assert {"dashboard", "governance"} <= set(pages)
    assert pages["dashboard"].max_ratio == MAX_INSIGHTS_RATIO == 3.0


def test_compass_trends_on_the_page_and_in_the_pdf(world, client_for):
    import pypdf

    from tests.compass import assess, make_compass

    compass = make_compass(world.programme, world.facilitator)
    assess(compass, [4, 5, 6, 7], on=TODAY.replace(month=2, day=10))
    assess(compass, [6, 7, 8, 9], on=TODAY)
    assess(compass, [2, 3, 4, 5], on=TODAY, perspective="residents", anonymous=True)
    overview = dashboards.governance_overview(programme=world.programme)
    assert overview.compass_answered
    first = overview.compass_trends[0]
    assert first.quarters == ["K1 2026", "K2 2026"]
    medians = {label: [f.median if f else None for f in cells] for label, cells in first.rows}
    assert medians == {"Inwoners": [None, 2.0], "Ambtenaren": [4.0, 6.0]}
    client = client_for(world.civil_servant)
    body = client.get(url("governance", world)).content.decode()
    assert body.count('class="sp-governance-trend"') == 4
    pdf = client.get(url("governance-pdf", world)).content
    text = " ".join(p.extract_text() for p in pypdf.PdfReader(io.BytesIO(pdf)).pages)
    assert "K2 2026" in text and first.facet.name in text


def test_on_a_quarters_last_day_an_adjustment_due_that_day_is_not_late_yet(
    programme, facilitator, monkeypatch
):
    """The learning yield counts a cycle as due once its adjustment's due date has
    passed: on the last day of a quarter, one due that very day is not late yet."""
    from samenspel.cycles.constants import CycleState
    from samenspel.journal.generated import yield_per_period
    from samenspel.journal.periods import periods_between
    from tests.factories import CycleFactory, InitiativeFactory

    last_day = datetime.date(2026, 6, 30)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: last_day)
    initiative = InitiativeFactory(programme=programme)
    CycleFactory(
        initiative=initiative,
        state=CycleState.REVIEWED,
        starts_on=datetime.date(2026, 4, 1),
        expectation_due=datetime.date(2026, 4, 10),
        review_due=datetime.date(2026, 6, 1),
        adjustment_due=last_day,
    )
    late = CycleFactory(
        initiative=initiative,
        state=CycleState.REVIEWED,
        starts_on=datetime.date(2026, 4, 1),
        expectation_due=datetime.date(2026, 4, 10),
        review_due=datetime.date(2026, 6, 1),
        adjustment_due=datetime.date(2026, 6, 29),
    )
    assert late.adjustment_due < last_day
    periods = periods_between(datetime.date(2026, 4, 1), last_day)
    assert yield_per_period(programme_id=programme.pk, periods=periods, last=last_day) == [(0, 1)]
