"""Figures with no zero to hide behind: every funding source non-zero and different, in
more than one area, with shares that round; learning yields of 1/3, 2/3 and 1/2; due
dates that fall on the same day or on today."""

import datetime
import re
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from samenspel.cycles import services as cycle_services
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import LearningCycle
from samenspel.cycles.selectors import LearningYield, learning_yield
from samenspel.programmes.selectors import Funding, programme_figures
from tests.factories import AreaFactory, CycleFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

TODAY = datetime.date.today()
PAST = TODAY - datetime.timedelta(days=30)


def flat(html: str) -> str:
    return re.sub(r"\s+", " ", html)


def test_funding_shares_round_to_the_nearest_percent():
    funding = Funding(Decimal(1), Decimal(2), Decimal(3))
    assert funding.total == Decimal(6)
    assert (funding.municipal_share, funding.residents_share, funding.other_share) == (17, 33, 50)
    assert Funding(Decimal(0), Decimal(0), Decimal(0)).municipal_share == 0


@pytest.fixture
def funded(programme):
    east = AreaFactory(programme=programme, name="Andel")
    west = AreaFactory(programme=programme, name="Woudrichem")
    InitiativeFactory(
        programme=programme,
        area=east,
        municipal_contribution=Decimal(100),
        resident_contribution=Decimal(200),
        other_contribution=Decimal(300),
    )
    InitiativeFactory(
        programme=programme,
        area=west,
        municipal_contribution=Decimal(1000),
        resident_contribution=Decimal(2000),
        other_contribution=Decimal(4000),
    )
    InitiativeFactory(
        programme=programme,
        area=west,
        municipal_contribution=Decimal(0),
        resident_contribution=Decimal(0),
        other_contribution=Decimal(0),
    )
    return east, west


def test_programme_figures_per_source_and_area(programme, funded):
    figures = programme_figures(programme=programme)
    funding = figures.funding
    assert (funding.municipal, funding.residents, funding.other) == (1100, 2200, 4300)
    # 1100/7600 = 14.5%, 2200/7600 = 28.9%, 4300/7600 = 56.6%
    assert (funding.municipal_share, funding.residents_share, funding.other_share) == (14, 29, 57)
    rows = [(a.name, a.initiative_count, a.municipal, a.residents, a.other) for a in figures.areas]
    assert rows == [("Andel", 1, 100, 200, 300), ("Woudrichem", 2, 1000, 2000, 4000)]


def test_overview_and_area_table_show_every_source(client_for, programme, funded, civil_servant):
    client = client_for(civil_servant)
    overview = flat(client.get(reverse("programme-detail", args=[programme.slug])).content.decode())
    for amount, share in (("1.100", 14), ("2.200", 29), ("4.300", 57)):
        assert f'€ {amount}</td><td class="sp-num">{share}%</td>' in overview
    assert 'class="sp-num"><strong>€ 7.600</strong>' in overview
    for html in (
        overview,
        flat(client.get(reverse("area-list", args=[programme.slug])).content.decode()),
    ):
        assert (
            '<td class="sp-num">1</td> <td class="sp-num">€ 100</td> '
            '<td class="sp-num">€ 200</td> <td class="sp-num">€ 300</td>'
        ) in html
        assert (
            '<td class="sp-num">2</td> <td class="sp-num">€ 1.000</td> '
            '<td class="sp-num">€ 2.000</td> <td class="sp-num">€ 4.000</td>'
        ) in html


def test_initiative_page_shows_its_own_shares(client_for, programme, area, civil_servant):
    initiative = InitiativeFactory(
        programme=programme,
        area=area,
        municipal_contribution=Decimal(1),
        resident_contribution=Decimal(2),
        other_contribution=Decimal(3),
    )
    html = flat(
        client_for(civil_servant)
        .get(reverse("initiative-detail", args=[programme.slug, initiative.pk]))
        .content.decode()
    )
    for amount, share in (("1", 17), ("2", 33), ("3", 50)):
        assert f'€ {amount}</td><td class="sp-num">{share}%</td>' in html


@pytest.mark.parametrize(
    ("completed", "due", "percentage"), [(1, 3, 33), (2, 3, 67), (1, 2, 50), (0, 1, 0), (3, 3, 100)]
)
def test_learning_yield_rounds(completed, due, percentage):
    assert LearningYield(completed, due).percentage == percentage


@pytest.mark.parametrize(("closed", "open_overdue", "shown"), [(1, 2, "33%"), (2, 1, "67%")])
def test_learning_yield_on_the_overview(
    client_for, programme, initiative, civil_servant, closed, open_overdue, shown
):
    dates = {"starts_on": PAST, "expectation_due": PAST, "review_due": PAST, "adjustment_due": PAST}
    for _ in range(closed):
        CycleFactory(initiative=initiative, state=CycleState.CLOSED, **dates)
    for _ in range(open_overdue):
        CycleFactory(initiative=initiative, state=CycleState.ACTING, **dates)
    html = (
        client_for(civil_servant)
        .get(reverse("programme-detail", args=[programme.slug]))
        .content.decode()
    )
    assert f'<span class="sp-figure">{shown}</span>' in html
    assert f"Afgerond: {closed} van de 3 cycli" in html


def test_a_cycle_due_today_is_not_yet_due_or_overdue(initiative):
    yesterday = TODAY - datetime.timedelta(days=1)
    on_time = CycleFactory(
        initiative=initiative,
        state=CycleState.REVIEWED,
        starts_on=yesterday,
        expectation_due=yesterday,
        review_due=yesterday,
        adjustment_due=TODAY,
    )
    assert not on_time.is_overdue
    found, counts = learning_yield(LearningCycle.objects.all())
    assert (found.due, counts["cycles_overdue"]) == (0, 0)
    LearningCycle.objects.filter(pk=on_time.pk).update(adjustment_due=yesterday)
    found, counts = learning_yield(LearningCycle.objects.all())
    assert (found.due, counts["cycles_overdue"]) == (1, 1)


def test_all_due_dates_on_the_start_day_are_allowed(initiative, civil_servant):
    cycle = cycle_services.cycle_create(
        initiative=initiative,
        title="Alles op één dag",
        owner=civil_servant,
        by=civil_servant,
        starts_on=TODAY,
        expectation_due=TODAY,
        review_due=TODAY,
        adjustment_due=TODAY,
    )
    assert (cycle.expectation_due, cycle.review_due, cycle.adjustment_due) == (TODAY,) * 3


def test_observation_on_the_start_day_and_today(initiative, civil_servant):
    cycle = CycleFactory(initiative=initiative, state=CycleState.ACTING, starts_on=PAST)
    cycle_services.observation_add(cycle=cycle, occurred_on=PAST, text="Begin", by=civil_servant)
    today = timezone.localdate()
    cycle_services.observation_add(cycle=cycle, occurred_on=today, text="Nu", by=civil_servant)
    assert [o.occurred_on for o in cycle.observations.order_by("occurred_on")] == [PAST, today]


def test_programme_may_end_on_its_start_day(administrator):
    from samenspel.programmes.services import programme_create

    programme = programme_create(name="Eén dag", by=administrator, starts_on=TODAY, ends_on=TODAY)
    assert programme.starts_on == programme.ends_on == TODAY
