"""The figures pages read from derived tables (docs/decisions/0008) always equal what the
data itself says, after every kind of change: a cycle's current due date (my work), the
cycles per area, the initiatives and their funding per area and status, and the cycles
linked to each learning question in the order of their reviews."""

import datetime
from decimal import Decimal

import pytest
from django.db.models import Count, Sum
from django.urls import reverse

from samenspel.cycles import selectors, services
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import (
    AreaCycleTally,
    LearningCycle,
    QuestionCycle,
    QuestionTally,
)
from samenspel.programmes import selectors as programme_selectors
from samenspel.programmes import services as programme_services
from samenspel.programmes.constants import InitiativeStatus, Role
from samenspel.programmes.models import Initiative, InitiativeTally
from tests.factories import (
    AreaFactory,
    CycleFactory,
    InitiativeFactory,
    LearningQuestionFactory,
    MembershipFactory,
    ProgrammeFactory,
)

pytestmark = pytest.mark.django_db

DAY = datetime.timedelta(days=1)
TODAY = datetime.date.today()


def _cycle(initiative, owner, state, due_in_days, **extra):
    """A cycle in `state` whose current phase (the last one for an ended cycle) is due
    `due_in_days` from today; the other due dates lie around it, in order."""
    due = TODAY + due_in_days * DAY
    dates = {
        CycleState.DRAFT: (due, due + 30 * DAY, due + 40 * DAY),
        CycleState.ACTING: (due - 30 * DAY, due, due + 10 * DAY),
    }.get(state, (due - 40 * DAY, due - 10 * DAY, due))
    return CycleFactory(
        initiative=initiative,
        owner=owner,
        state=state,
        starts_on=dates[0] - 10 * DAY,
        expectation_due=dates[0],
        review_due=dates[1],
        adjustment_due=dates[2],
        **extra,
    )


# The current due date (my work) ----------------------------------------------------------


@pytest.mark.parametrize(
    ("state", "field"),
    [
        (CycleState.DRAFT, "expectation_due"),
        (CycleState.ACTING, "review_due"),
        (CycleState.REVIEWED, "adjustment_due"),
        (CycleState.CLOSED, None),
        (CycleState.ABANDONED, None),
    ],
)
def test_the_database_keeps_the_due_date_of_the_current_phase(
    initiative, civil_servant, state, field
):
    cycle = _cycle(initiative, civil_servant, state, 5)
    stored = LearningCycle.objects.values_list("due_on", flat=True).get(pk=cycle.pk)
    assert stored == (getattr(cycle, field) if field else None)
    assert stored == cycle.current_due


def test_the_due_date_follows_a_transition_and_a_replan(initiative, civil_servant):
    cycle = services.cycle_create(
        initiative=initiative, title="Avond", owner=civil_servant, by=civil_servant
    )
    due = lambda: LearningCycle.objects.values_list("due_on", flat=True).get(pk=cycle.pk)  # noqa: E731
    planned = cycle.expectation_due
    assert due() == planned
    services.cycle_replan(
        cycle=cycle,
        by=civil_servant,
        expectation_due=planned + DAY,
        review_due=cycle.review_due + DAY,
        adjustment_due=cycle.adjustment_due + DAY,
    )
    assert due() == planned + DAY
    services.cycle_abandon(cycle=cycle, reason="Geen tijd.", by=civil_servant)
    assert due() is None


def test_my_work_merges_owned_cycles_and_those_of_own_initiatives_by_due_date(
    programme, area, member, client
):
    person = member(Role.INITIATOR)
    other = member(Role.CIVIL_SERVANT)
    own = InitiativeFactory(programme=programme, area=area)
    own.initiator_accounts.add(person)
    elsewhere = InitiativeFactory(programme=programme, area=area)
    # Owned by the person, in someone else's initiative: due in 1, 4 and 7 days.
    owned = [_cycle(elsewhere, person, CycleState.ACTING, d) for d in (7, 1, 4)]
    # Of the person's own initiative, owned by someone else: due in 2 and 6 days, and one
    # the person owns too (listed once).
    theirs = [_cycle(own, other, CycleState.DRAFT, d) for d in (6, 2)]
    both = _cycle(own, person, CycleState.REVIEWED, 3)
    # Not listed: ended, someone else's elsewhere, another programme.
    _cycle(own, other, CycleState.CLOSED, 0)
    _cycle(elsewhere, other, CycleState.ACTING, 0)
    _cycle(InitiativeFactory(), person, CycleState.ACTING, 0)

    listed = selectors.my_open_cycles(user=person)
    expected = [owned[1], theirs[1], both, owned[2], theirs[0], owned[0]]
    assert list(listed) == expected
    assert listed.count() == 6
    # Every slice, as the paginator asks for pages.
    for start in range(7):
        for stop in range(start, 8):
            assert listed[start:stop] == expected[start:stop], (start, stop)


def test_my_work_counts_overdue_cycles_from_both_parts(programme, area, member):
    person = member(Role.INITIATOR)
    own = InitiativeFactory(programme=programme, area=area)
    own.initiator_accounts.add(person)
    _cycle(own, member(Role.CIVIL_SERVANT), CycleState.ACTING, -3)  # overdue
    _cycle(InitiativeFactory(programme=programme, area=area), person, CycleState.DRAFT, -1)
    _cycle(own, person, CycleState.DRAFT, 0)  # due today: not overdue yet
    work = selectors.my_cycles(user=person)
    assert work.overdue_count == 2
    assert work.cycles.count() == 3


def test_my_work_pages_through_a_long_list_in_order(programme, area, member, client):
    person = member(Role.CIVIL_SERVANT)
    initiative = InitiativeFactory(programme=programme, area=area)
    cycles = [
        _cycle(initiative, person, CycleState.ACTING, d, title=f"Ronde {d:02}") for d in range(30)
    ]
    client.force_login(person)
    first = client.get(reverse("my-work")).content.decode()
    second = client.get(reverse("my-work") + "?page=2").content.decode()
    assert "Ronde 00" in first and "Ronde 24" in first and "Ronde 25" not in first
    assert "Ronde 25" in second and "Ronde 29" in second and "Ronde 24" not in second
    assert first.index("Ronde 00") < first.index("Ronde 01") < first.index("Ronde 24")
    assert len(cycles) == 30


# Cycles per area ---------------------------------------------------------------------------


def _area_truth(area):
    cycles = LearningCycle.objects.filter(initiative__area=area)
    return {
        "total": cycles.count(),
        "closed": cycles.filter(state=CycleState.CLOSED).count(),
    }


def _area_shown(programme, area):
    row = selectors.figures_by("area", programme_id=programme.pk, ids=[area.pk]).get(
        area.pk, selectors.NO_CYCLES
    )
    return {"total": row["cycles_total"], "closed": row["cycles_completed"]}


def test_area_figures_follow_an_initiative_that_moves_and_is_deleted(programme, facilitator):
    north, south = AreaFactory(programme=programme), AreaFactory(programme=programme)
    moving = InitiativeFactory(programme=programme, area=north)
    staying = InitiativeFactory(programme=programme, area=north)
    for state in (CycleState.CLOSED, CycleState.ACTING, CycleState.CLOSED):
        _cycle(moving, facilitator, state, 5)
    _cycle(staying, facilitator, CycleState.CLOSED, 5)
    assert _area_shown(programme, north) == _area_truth(north) == {"total": 4, "closed": 3}
    assert _area_shown(programme, south) == {"total": 0, "closed": 0}

    programme_services.initiative_update(
        initiative=moving, by=facilitator, expected_version=moving.version, area=south
    )
    assert _area_shown(programme, north) == _area_truth(north) == {"total": 1, "closed": 1}
    assert _area_shown(programme, south) == _area_truth(south) == {"total": 3, "closed": 2}

    LearningCycle.objects.filter(initiative=moving).delete()
    Initiative.objects.get(pk=moving.pk).delete()
    assert _area_shown(programme, south) == _area_truth(south) == {"total": 0, "closed": 0}


def test_programme_figures_count_initiatives_without_an_area(programme, facilitator):
    in_area = InitiativeFactory(programme=programme)
    without = InitiativeFactory(programme=programme, area=None)
    _cycle(in_area, facilitator, CycleState.CLOSED, 1)
    _cycle(without, facilitator, CycleState.CLOSED, 1)
    _cycle(without, facilitator, CycleState.ACTING, 1)
    # Another programme's cycles never count.
    _cycle(InitiativeFactory(area=None), facilitator, CycleState.CLOSED, 1)
    counts = selectors.programme_cycle_figures(programme_id=programme.pk).counts
    assert counts["cycles_total"] == 3
    assert counts["cycles_completed"] == 2
    assert AreaCycleTally.objects.get(pk=in_area.area_id).closed == 1


# Initiatives and funding per area and status ----------------------------------------------


def _funding_truth(programme):
    rows = (
        Initiative.objects.filter(programme=programme)
        .values("area", "status")
        .annotate(n=Count("id"), m=Sum("municipal_contribution"), r=Sum("resident_contribution"))
        .order_by("area", "status")
    )
    return {(row["area"], row["status"]): (row["n"], row["m"], row["r"]) for row in rows}


def _funding_shown(programme):
    return {
        (t.area_id, t.status): (t.count, t.municipal, t.residents)
        for t in InitiativeTally.objects.filter(programme=programme)
    }


def test_funding_figures_follow_every_change_of_an_initiative(programme, facilitator, member):
    north, south = AreaFactory(programme=programme), AreaFactory(programme=programme)
    created = programme_services.initiative_create(
        programme=programme,
        by=facilitator,
        title="Speeltuin",
        area=north,
        status=InitiativeStatus.RUNNING,
        municipal_contribution=Decimal("1250.50"),
        resident_contribution=Decimal("400"),
    )
    InitiativeFactory(programme=programme, area=south, municipal_contribution=Decimal("75"))
    assert _funding_shown(programme) == _funding_truth(programme)
    assert _funding_shown(programme)[(north.pk, InitiativeStatus.RUNNING)] == (
        1,
        Decimal("1250.50"),
        Decimal("400"),
    )

    programme_services.initiative_update(
        initiative=created,
        by=facilitator,
        expected_version=created.version,
        area=south,
        municipal_contribution=Decimal("2000"),
    )
    assert _funding_shown(programme) == _funding_truth(programme)
    assert (north.pk, InitiativeStatus.RUNNING) not in _funding_shown(programme)

    idea = programme_services.initiative_propose(
        programme=programme, by=member(Role.INITIATOR), title="Buurtmoestuin", area=north
    )
    assert _funding_shown(programme) == _funding_truth(programme)
    programme_services.initiative_accept(initiative=idea, by=facilitator)
    assert _funding_shown(programme) == _funding_truth(programme)
    assert _funding_shown(programme)[(north.pk, InitiativeStatus.RUNNING)][0] == 1

    Initiative.objects.get(pk=created.pk).delete()
    assert _funding_shown(programme) == _funding_truth(programme)

    figures = programme_selectors.programme_figures(programme=programme)
    assert figures.funding.municipal == Decimal("75") + idea.municipal_contribution
    assert sum(figures.status_counts.values()) == 2


# Cycles of a learning question ----------------------------------------------------------


def test_a_question_lists_its_cycles_newest_review_first_and_counts_them(
    programme, area, facilitator
):
    question = LearningQuestionFactory(programme=programme)
    other = LearningQuestionFactory(programme=programme)
    initiative = InitiativeFactory(programme=programme, area=area)
    old = _cycle(initiative, facilitator, CycleState.REVIEWED, 5, reviewed_on=TODAY - 40 * DAY)
    new = _cycle(initiative, facilitator, CycleState.REVIEWED, 5, reviewed_on=TODAY - 2 * DAY)
    unreviewed = _cycle(initiative, facilitator, CycleState.ACTING, 5)
    for cycle in (old, unreviewed, new):
        cycle.learning_questions.add(question)
    new.learning_questions.add(other)

    def listed(q):
        return [link.cycle for link in selectors.cycles_of_question(question_id=q.pk)]

    assert listed(question) == [new, old, unreviewed]
    assert selectors.question_cycle_counts(question_ids=[question.pk, other.pk]) == {
        question.pk: 3,
        other.pk: 1,
    }

    # Reviewed today: it comes first.
    LearningCycle.objects.filter(pk=unreviewed.pk).update(state=CycleState.ACTING)
    services.review_record(
        cycle=unreviewed,
        by=facilitator,
        answers=["Antwoord"] * len(programme.review_questions),
    )
    assert listed(question) == [unreviewed, new, old]

    # Unlinked from either side, and deleted.
    old.learning_questions.remove(question)
    other.cycles.add(old)
    assert listed(question) == [unreviewed, new]
    assert listed(other) == [new, old]
    question.cycles.clear()
    assert listed(question) == []
    new.delete()
    assert selectors.question_cycle_counts(question_ids=[question.pk, other.pk]) == {
        question.pk: 0,
        other.pk: 1,
    }
    assert QuestionCycle.objects.filter(cycle_id=new.pk).count() == 0
    assert QuestionTally.objects.get(pk=other.pk).cycles == 1


def test_the_question_page_shows_the_day_of_each_review(client_for, programme, area, facilitator):
    question = LearningQuestionFactory(programme=programme)
    initiative = InitiativeFactory(programme=programme, area=area)
    cycle = _cycle(
        initiative,
        facilitator,
        CycleState.REVIEWED,
        5,
        reviewed_on=datetime.date(2017, 3, 15),
        title="Oude ronde",
    )
    cycle.learning_questions.add(question)
    client = client_for(facilitator)
    client.cookies["django_language"] = "en"
    page = client.get(
        reverse("question-detail", kwargs={"slug": programme.slug, "number": question.number})
    )
    assert '<time datetime="2017-03-15">15 March 2017</time>' in page.content.decode()


def test_tallies_of_two_programmes_stay_apart(facilitator):
    one, two = ProgrammeFactory(), ProgrammeFactory()
    MembershipFactory(programme=two, user=facilitator, role=Role.FACILITATOR)
    for programme, n in ((one, 2), (two, 3)):
        initiative = InitiativeFactory(programme=programme)
        for _ in range(n):
            _cycle(initiative, facilitator, CycleState.CLOSED, 1)
    assert selectors.programme_cycle_figures(programme_id=one.pk).counts["cycles_total"] == 2
    assert selectors.programme_cycle_figures(programme_id=two.pk).counts["cycles_total"] == 3


# Read once per request ---------------------------------------------------------------------


def _freshen_queries(captured):
    return [q["sql"] for q in captured if '"changes_on" <=' in q["sql"]]


def test_a_page_freshens_the_tallies_once_and_counts_what_the_day_made_overdue(
    programme, area, facilitator, client
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samenspel.cycles.models import CycleTally

    initiative = InitiativeFactory(programme=programme, area=area)
    cycle = _cycle(initiative, facilitator, CycleState.ACTING, 2)
    # Two days later the review is overdue; the tally says so only once counted again.
    LearningCycle.objects.filter(pk=cycle.pk).update(review_due=TODAY - DAY)
    CycleTally.objects.filter(pk=initiative.pk).update(changes_on=TODAY)
    client.force_login(facilitator)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("programme-detail", args=[programme.slug]))
    assert page.status_code == 200
    assert len(_freshen_queries(captured)) == 1  # the figures and the area column share it
    assert CycleTally.objects.get(pk=initiative.pk).overdue == 1
    # Outside a request, every read freshens.
    CycleTally.objects.filter(pk=initiative.pk).update(overdue=0, changes_on=TODAY)
    assert (
        selectors.programme_cycle_figures(programme_id=programme.pk).counts["cycles_overdue"] == 1
    )


def test_the_initiative_page_counts_its_cycles_from_the_tally(programme, area, facilitator, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    initiative = InitiativeFactory(programme=programme, area=area)
    for number in range(12):
        _cycle(initiative, facilitator, CycleState.CLOSED, -number, title=f"Ronde {number:02}")
    client.force_login(facilitator)
    url = reverse("initiative-detail", args=[programme.slug, initiative.pk])
    with CaptureQueriesContext(connection) as captured:
        first = client.get(url)
    counts = [q["sql"] for q in captured if "COUNT(" in q["sql"] and "learningcycle" in q["sql"]]
    assert counts == []
    second = client.get(url + "?page=2")
    assert first.content.decode().count('class="sp-card"') == 10
    assert second.content.decode().count('class="sp-card"') == 2


def test_the_programme_page_reads_the_area_tallies_once(programme, area, facilitator, client):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    initiative = InitiativeFactory(programme=programme, area=area)
    _cycle(initiative, facilitator, CycleState.CLOSED, -1)
    client.force_login(facilitator)
    with CaptureQueriesContext(connection) as captured:
        page = client.get(reverse("programme-detail", args=[programme.slug]))
    reads = [q for q in captured if 'FROM "cycles_areacycletally"' in q["sql"]]
    assert len(reads) == 1  # the overview's figures and the area table's column share it
    assert page.status_code == 200
    html = page.content.decode()
    # Both show the closed cycle: the area table's yield cell and the programme's yield.
    assert '<strong>100%</strong> <span class="sp-muted">(1 van 1)</span>' in html
    assert '<span class="sp-figure">100%</span>' in html


def test_the_initiative_list_is_counted_from_the_tallies_when_they_can_tell(
    programme, facilitator, client
):
    north, south = AreaFactory(programme=programme), AreaFactory(programme=programme)
    for area, status, n in (
        (north, InitiativeStatus.RUNNING, 3),
        (north, InitiativeStatus.IDEA, 1),
        (south, InitiativeStatus.RUNNING, 2),
        (None, InitiativeStatus.STOPPED, 2),
    ):
        for _ in range(n):
            InitiativeFactory(programme=programme, area=area, status=status, title="Buurt")
    InitiativeFactory(area=None)  # another programme's
    cases = [
        ({}, 8),
        ({"area_id": north.pk}, 4),
        ({"status": InitiativeStatus.RUNNING}, 5),
        ({"area_id": south.pk, "status": InitiativeStatus.IDEA}, 0),
    ]
    for chosen, expected in cases:
        counted = programme_selectors.initiative_count(programme=programme, **chosen)
        listed = programme_selectors.initiative_list(programme=programme, **chosen).count()
        assert counted == listed == expected, chosen
    for chosen in ({"query": "buurt"}, {"societal_task": False}, {"narrowed_by": ["overdue"]}):
        assert programme_selectors.initiative_count(programme=programme, **chosen) is None

    client.force_login(facilitator)
    page = client.get(reverse("initiative-list", args=[programme.slug]) + f"?area={north.pk}")
    assert "4 initiatieven gevonden" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_deleting_a_programme_takes_its_counted_rows_along(django_user_model):
    """A programme deleted with everything in it (the admin can) leaves no counted row
    behind and breaks no database rule, although its cycles' signals write tallies while
    the deletion runs."""
    from samenspel.cycles.models import CycleTally, OwnerCycleTally

    programme = ProgrammeFactory()
    owner = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    question = LearningQuestionFactory(programme=programme)
    AreaFactory(programme=programme)  # an area with initiatives protects the programme
    for _ in range(2):
        initiative = InitiativeFactory(programme=programme, area=None)
        for state in (CycleState.ACTING, CycleState.CLOSED):
            _cycle(initiative, owner, state, 3).learning_questions.add(question)
    other = ProgrammeFactory()
    _cycle(InitiativeFactory(programme=other), owner, CycleState.ACTING, 3)

    programme.delete()

    for model in (AreaCycleTally, InitiativeTally, QuestionCycle, QuestionTally, CycleTally):
        assert not model.objects.exclude(
            **{
                AreaCycleTally: {"area__programme": other},
                InitiativeTally: {"programme": other},
                QuestionCycle: {"question__programme": other},
                QuestionTally: {"question__programme": other},
                CycleTally: {"initiative__programme": other},
            }[model]
        ).exists(), model
    assert list(OwnerCycleTally.objects.values_list("programme_id", "open")) == [(other.pk, 1)]


def _owner_truth(user, programme):
    cycles = LearningCycle.objects.filter(
        owner=user, initiative__programme=programme, due_on__isnull=False
    )
    return cycles.count(), cycles.filter(due_on__lt=datetime.date.today()).count()


def _owner_shown(user, programme):
    from samenspel.cycles.models import OwnerCycleTally

    tally = OwnerCycleTally.objects.filter(owner=user, programme=programme).first()
    return (tally.open, tally.overdue) if tally else (0, 0)


def test_my_work_counts_follow_a_hand_over_a_transition_and_the_date(programme, area, member):
    from unittest import mock

    first, second = member(Role.CIVIL_SERVANT), member(Role.CIVIL_SERVANT)
    initiative = InitiativeFactory(programme=programme, area=area)
    due_tomorrow = _cycle(initiative, first, CycleState.ACTING, 1)
    _cycle(initiative, first, CycleState.DRAFT, -2)  # overdue
    assert _owner_shown(first, programme) == _owner_truth(first, programme) == (2, 1)

    services.cycle_hand_over(cycle=due_tomorrow, owner=second, by=first)
    assert _owner_shown(first, programme) == _owner_truth(first, programme) == (1, 1)
    assert _owner_shown(second, programme) == _owner_truth(second, programme) == (1, 0)

    # Two days on, the cycle due tomorrow is overdue, without any change.
    later = TODAY + 2 * DAY
    with mock.patch("django.utils.timezone.localdate", return_value=later):
        work = selectors.my_cycles(user=second)
    assert (work.cycles.count(), work.overdue_count) == (1, 1)

    services.cycle_abandon(cycle=due_tomorrow, reason="Geen tijd meer.", by=second)
    assert _owner_shown(second, programme) == (0, 0)
    assert selectors.my_cycles(user=second).cycles.count() == 0


def test_my_work_counts_only_programmes_the_person_is_a_member_of(programme, area, member):
    person = member(Role.CIVIL_SERVANT)
    _cycle(InitiativeFactory(programme=programme, area=area), person, CycleState.ACTING, 3)
    elsewhere = ProgrammeFactory()
    _cycle(InitiativeFactory(programme=elsewhere), person, CycleState.ACTING, -3)
    work = selectors.my_cycles(user=person)
    assert (work.cycles.count(), work.overdue_count) == (1, 0)
    assert len(list(work.cycles)) == 1
    MembershipFactory(programme=elsewhere, user=person)
    work = selectors.my_cycles(user=person)
    assert (work.cycles.count(), work.overdue_count) == (2, 1)


def test_an_initiatives_figures_follow_the_date_on_its_own(programme, area, facilitator):
    from unittest import mock

    initiative = InitiativeFactory(programme=programme, area=area)
    _cycle(initiative, facilitator, CycleState.ACTING, 0)  # due today
    for days_later, overdue in ((0, 0), (1, 1), (30, 1)):
        with mock.patch("django.utils.timezone.localdate", return_value=TODAY + days_later * DAY):
            row = selectors.figures_by("initiative", programme_id=programme.pk, ids=[initiative.pk])
        assert row[initiative.pk]["cycles_overdue"] == overdue, days_later
