"""The counted figures (cycles.tallies) always equal a count of the cycles themselves:
after every kind of change, after a deletion, and as days pass without any change."""

import datetime
from unittest import mock

import pytest
from django.urls import reverse

from samenspel.cycles import selectors, services
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import CycleTally, LearningCycle
from samenspel.cycles.tallies import cycle_tallies_rebuild
from tests.factories import AreaFactory, CycleFactory, InitiativeFactory

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)


def counted(programme, today=None):
    """What the pages show (from the tallies) and what the cycles say (counted now)."""
    with mock.patch("django.utils.timezone.localdate", return_value=today or datetime.date.today()):
        shown = selectors.programme_cycle_figures(programme_id=programme.pk).counts
        _, truth = selectors.learning_yield(
            LearningCycle.objects.filter(initiative__programme=programme)
        )
    return shown, truth


def test_figures_follow_every_change_of_a_cycle(programme, civil_servant):
    north, south = AreaFactory(programme=programme), AreaFactory(programme=programme)
    one = InitiativeFactory(programme=programme, area=north)
    two = InitiativeFactory(programme=programme, area=south)
    today = datetime.date.today()
    cycle = services.cycle_create(
        initiative=one, title="Avond", owner=civil_servant, by=civil_servant
    )
    CycleFactory(initiative=two, owner=civil_servant, state=CycleState.CLOSED)
    CycleFactory(
        initiative=two,
        owner=civil_servant,
        state=CycleState.ACTING,
        starts_on=today - 30 * DAY,
        expectation_due=today - 20 * DAY,
        review_due=today - 2 * DAY,
        adjustment_due=today - DAY,
    )
    shown, truth = counted(programme)
    assert shown == truth
    assert truth["cycles_overdue"] == 1 and truth["cycles_due"] == 2 and truth["cycles_total"] == 3

    services.cycle_abandon(cycle=cycle, reason="Geen tijd.", by=civil_servant)
    shown, truth = counted(programme)
    assert shown == truth and truth["cycles_due"] == 3

    LearningCycle.objects.filter(initiative=two).first().delete()
    shown, truth = counted(programme)
    assert shown == truth and truth["cycles_total"] == 2

    by_area = selectors.figures_by("area", programme_id=programme.pk, ids=[north.pk])
    assert by_area[north.pk]["cycles_total"] == 1
    assert by_area[north.pk]["cycles_due"] == 1


def test_overdue_and_due_counts_follow_the_date_without_any_change(programme, civil_servant):
    today = datetime.date.today()
    CycleFactory(
        initiative=InitiativeFactory(programme=programme),
        owner=civil_servant,
        state=CycleState.ACTING,
        starts_on=today - 10 * DAY,
        expectation_due=today - 5 * DAY,
        review_due=today,
        adjustment_due=today + 3 * DAY,
    )
    for days_later, overdue, due in ((0, 0, 0), (1, 1, 0), (3, 1, 0), (4, 1, 1), (40, 1, 1)):
        shown, truth = counted(programme, today + days_later * DAY)
        assert shown == truth, days_later
        assert (shown["cycles_overdue"], shown["cycles_due"]) == (overdue, due), days_later


def test_deleting_an_initiative_removes_its_tally(programme, civil_servant):
    initiative = InitiativeFactory(programme=programme)
    CycleFactory(initiative=initiative, owner=civil_servant)
    assert CycleTally.objects.filter(pk=initiative.pk).exists()
    initiative.delete()
    assert not CycleTally.objects.filter(pk=initiative.pk).exists()
    assert counted(programme)[0]["cycles_total"] == 0


def test_rebuild_counts_cycles_written_without_signals(programme, civil_servant):
    initiative = InitiativeFactory(programme=programme)
    CycleFactory(initiative=initiative, owner=civil_servant)
    LearningCycle.objects.bulk_create(
        [CycleFactory.build(initiative=initiative, owner=civil_servant, number=n) for n in (7, 8)]
    )
    assert counted(programme)[0]["cycles_total"] == 1
    cycle_tallies_rebuild(programme_id=programme.pk)
    shown, truth = counted(programme)
    assert shown == truth and shown["cycles_total"] == 3


def test_area_page_shows_the_counted_overdue_cycles(client, programme, facilitator):
    today = datetime.date.today()
    area = AreaFactory(programme=programme, name="Noorddorp")
    CycleFactory(
        initiative=InitiativeFactory(programme=programme, area=area),
        owner=facilitator,
        state=CycleState.DRAFT,
        expectation_due=today,
    )
    client.force_login(facilitator)
    url = reverse("area-list", kwargs={"slug": programme.slug})
    assert "sp-badge--warning" not in client.get(url).content.decode()
    with mock.patch("django.utils.timezone.localdate", return_value=today + DAY):
        assert "sp-badge--warning" in client.get(url).content.decode()
