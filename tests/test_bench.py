"""The benchmark's generator keeps its promises, and no page's query count grows with the
data: the same pages at two different small sizes cost the same number of queries. This
is the quick guard against N+1 queries in CI; `make bench` measures the large size."""

import math
import os
import random
from collections import Counter

import pytest
from bench.generate import Generated, Size, generate
from bench.pages import client_for, count_queries, floor_page, main_pages
from django.utils import timezone

from samenspel.accounts.models import User
from samenspel.common.models import AuditEvent
from samenspel.compass.constants import Perspective, Subject
from samenspel.compass.models import Assessment, Compass, Score
from samenspel.cycles.constants import OPEN_STATES, CycleState
from samenspel.cycles.models import Adjustment, Expectation, LearningCycle, Observation, Review
from samenspel.programmes.constants import Role
from samenspel.programmes.models import (
    Area,
    Initiative,
    LearningQuestion,
    LearningQuestionVersion,
    Membership,
)

pytestmark = pytest.mark.django_db

TINY = Size(initiatives=3, cycles=10, areas=2, users=6, questions=3, assessments=600)
OTHER = Size(initiatives=6, cycles=24, areas=3, users=9, questions=4, assessments=1500)


def _cycles(generated: Generated):
    return LearningCycle.objects.filter(initiative__programme=generated.programme)


def _fingerprint(generated: Generated) -> list[tuple]:
    return _cycles_fingerprint(generated) + list(
        Score.objects.filter(assessment__programme=generated.programme)
        .order_by("assessment__assessed_on", "assessment__perspective", "facet__position", "id")
        .values_list(
            "assessment__assessed_on",
            "assessment__subject",
            "assessment__perspective",
            "facet__name",
            "current",
            "desired",
        )
    )


def _cycles_fingerprint(generated: Generated) -> list[tuple]:
    return list(
        _cycles(generated)
        .order_by("initiative__title", "number")
        .values_list(
            "initiative__title",
            "number",
            "title",
            "state",
            "starts_on",
            "expectation_due",
            "review_due",
            "adjustment_due",
            "owner__name",
            "previous__number",
        )
    )


def test_generator_makes_the_sizes_and_states_it_promises():
    generated = generate(slug="tiny", size=TINY, seed=7)
    programme = generated.programme
    cycles = _cycles(generated)

    assert Membership.objects.filter(programme=programme).count() == TINY.users
    assert User.objects.filter(memberships__programme=programme).count() == TINY.users
    assert Area.objects.filter(programme=programme).count() == TINY.areas
    assert Initiative.objects.filter(programme=programme).count() == TINY.initiatives
    assert cycles.count() == TINY.cycles
    states = Counter(cycles.values_list("state", flat=True))
    assert set(states) == set(CycleState)
    assert generated.states == dict(states)

    counts = generated.counts
    assert counts["cycles"] == TINY.cycles
    assert counts["expectations"] == Expectation.objects.filter(cycle__in=cycles).count()
    assert counts["observations"] == Observation.objects.filter(cycle__in=cycles).count() > 0
    assert counts["reviews"] == Review.objects.filter(cycle__in=cycles).count() > 0
    assert counts["adjustments"] == Adjustment.objects.filter(cycle__in=cycles).count() > 0
    assert counts["audit_events"] == AuditEvent.objects.filter(programme_id=programme.pk).count()
    assert counts["cycle_question_links"] == (
        LearningCycle.learning_questions.through.objects.filter(learningcycle__in=cycles).count()
    )


def test_generated_cycles_obey_the_state_machine():
    generated = generate(slug="tiny", size=TINY, seed=7)
    cycles = _cycles(generated)

    # An expectation before acting, a review before the adjustment, an adjustment only
    # when closed; a reason when abandoned.
    assert not cycles.exclude(state__in=[CycleState.DRAFT, CycleState.ABANDONED]).filter(
        expectation__isnull=True
    )
    assert not cycles.filter(state__in=[CycleState.REVIEWED, CycleState.CLOSED]).filter(
        review__isnull=True
    )
    assert not cycles.filter(state__in=[CycleState.DRAFT, CycleState.ACTING]).filter(
        review__isnull=False
    )
    assert set(
        Adjustment.objects.filter(cycle__in=cycles).values_list("cycle__state", flat=True)
    ) == {CycleState.CLOSED}
    assert cycles.filter(state=CycleState.CLOSED).count() == generated.counts["adjustments"]
    assert not cycles.filter(state=CycleState.ABANDONED, abandon_reason="")
    assert not Observation.objects.filter(cycle__in=cycles, cycle__state=CycleState.DRAFT)
    for cycle in cycles:
        assert cycle.starts_on <= cycle.expectation_due <= cycle.review_due
        assert cycle.review_due <= cycle.adjustment_due
        events = AuditEvent.objects.filter(target_id=cycle.pk, action="cycle.create")
        assert events.count() == 1
        if cycle.previous is not None:
            assert cycle.previous.initiative_id == cycle.initiative_id
            assert cycle.previous.state == CycleState.CLOSED
            assert cycle.previous.number < cycle.number

    # Overdue and on-time open cycles both occur, and the count is the one reported.
    open_cycles = [cycle for cycle in cycles if cycle.state in OPEN_STATES]
    overdue = [cycle for cycle in open_cycles if cycle.is_overdue]
    assert len(overdue) == generated.overdue >= 1
    assert len(open_cycles) > len(overdue)


def test_generated_learning_agenda_has_versions_and_links():
    generated = generate(slug="tiny", size=TINY, seed=7)
    questions = LearningQuestion.objects.filter(programme=generated.programme)
    assert questions.count() == TINY.questions
    for question in questions:
        versions = list(
            LearningQuestionVersion.objects.filter(question=question).order_by("number")
        )
        assert [v.number for v in versions] == list(range(1, question.version + 1))
        assert versions[-1].text == question.text
    linked = questions.get(number=generated.question_number)
    assert linked.cycles.exists()


def test_generated_programme_has_what_the_benchmark_visits():
    generated = generate(slug="tiny", size=TINY, seed=7)
    facilitator = Membership.objects.get(programme=generated.programme, user=generated.facilitator)
    assert facilitator.role == Role.FACILITATOR

    busy = Initiative.objects.get(pk=generated.busy_initiative_id)
    per_initiative = Counter(_cycles(generated).values_list("initiative_id", flat=True))
    assert per_initiative[busy.pk] == max(per_initiative.values())

    rich = LearningCycle.objects.get(pk=generated.rich_cycle_id)
    assert Review.objects.filter(cycle=rich).exists()
    assert rich.observations.exists()

    owned_open = _cycles(generated).filter(owner=generated.facilitator, state__in=OPEN_STATES)
    assert owned_open.count() == generated.facilitator_open_cycles >= 1


def test_generated_compass_has_every_perspective_and_subject():
    generated = generate(slug="tiny", size=TINY, seed=7)
    programme = generated.programme
    compass = Compass.objects.get(programme=programme)
    assert generated.compass_id == compass.pk
    assert compass.facets.count() == generated.counts["facets"] == 4
    assessments = Assessment.objects.filter(programme=programme)
    assert assessments.count() == generated.counts["assessments"] == TINY.assessments
    scores = Score.objects.filter(assessment__programme=programme)
    assert scores.count() == generated.counts["scores"] == 4 * TINY.assessments
    assert set(assessments.values_list("perspective", flat=True)) == set(Perspective.values)
    assert set(assessments.values_list("subject", flat=True)) == {
        Subject.PROGRAMME,
        Subject.INITIATIVE,
        Subject.PERSON,
    }
    # Residents answer anonymously, everybody else under their name; a person is the
    # respondent of their own assessments, and the measured facilitator has some.
    assert not assessments.filter(anonymous=True, respondent__isnull=False).exists()
    assert not assessments.filter(anonymous=False, respondent__isnull=True).exists()
    assert set(assessments.filter(anonymous=True).values_list("perspective", flat=True)) == {
        Perspective.RESIDENTS
    }
    for assessment in assessments.filter(subject=Subject.PERSON):
        assert assessment.person_id == assessment.respondent_id
    assert assessments.filter(subject=Subject.PERSON, person=generated.facilitator).exists()
    days = assessments.values_list("assessed_on", flat=True)
    assert programme.starts_on <= min(days) and max(days) <= timezone.localdate()
    assert (max(days) - min(days)).days > 365
    assert scores.exclude(desired=None).exists()


def test_compass_figures_cost_the_same_queries_at_any_size():
    from bench.compass import MAX_QUERIES, measure

    counts = []
    for slug, size, seed in (("smaller", TINY, 1), ("larger", OTHER, 2)):
        generated = generate(slug=slug, size=size, seed=seed)
        assert generated.compass_id is not None
        medians, queries = measure(generated.compass_id, repeat=1)
        assert medians["total"] > 0
        counts.append(queries)
    assert counts[0] == counts[1] <= MAX_QUERIES


def test_every_compass_page_is_measured():
    from bench.pages import COMPASS_PAGES, compass_pages

    assert [page.name for page in compass_pages()] == [key for key, _ in COMPASS_PAGES]


def test_generator_is_reproducible_from_its_seed():
    first = generate(slug="first", size=TINY, seed=7)
    again = generate(slug="again", size=TINY, seed=7)
    other = generate(slug="other", size=TINY, seed=8)
    assert _fingerprint(first) == _fingerprint(again)
    assert _fingerprint(first) != _fingerprint(other)


@pytest.mark.parametrize("cold", [False, True], ids=["cached", "cold"])
def test_query_counts_do_not_grow_with_the_data(cold):
    """Warm (drawn from the cache) and cold (as after a change): the same number of
    queries for a small and a larger programme."""
    smaller = generate(slug="smaller", size=TINY, seed=1)
    larger = generate(slug="larger", size=OTHER, seed=2)
    assert larger.counts["cycles"] > smaller.counts["cycles"]
    for page in [floor_page(), *main_pages()]:
        counts = [
            count_queries(client_for(g), page.url(g), cold=cold)[0] for g in (smaller, larger)
        ]
        assert counts[0] == counts[1], f"{page.name}: {counts[0]} queries, then {counts[1]}"


def test_login_benchmark_logs_in_through_the_form():
    from bench.auth import time_logins

    samples = time_logins(count=2)
    assert len(samples) == 2
    assert all(ms > 0 for ms in samples)


def test_live_percentile_is_the_nearest_rank():
    from bench.live_session import percentile

    assert percentile(list(range(100, 0, -1)), 95) == 95
    assert percentile([5, 1, 4, 2, 3], 50) == 3
    assert percentile([5, 1, 4, 2, 3], 100) == 5
    assert percentile([7.5], 95) == 7.5
    assert math.isnan(percentile([], 95))
    with pytest.raises(ValueError):
        percentile([1], 0)


def test_live_delay_runs_from_the_acknowledgement_to_the_first_newer_version_seen():
    from bench.live_session import change_delays

    sightings = [
        ([1.0, 2.0], [5, 7]),  # watcher 0: the one who made the changes
        ([1.5, 4.0], [6, 9]),  # saw 6 at 1.5 s, 9 at 4 s
        ([0.5, 3.0], [6, 8]),  # saw 6 before the writer's acknowledgement, never 9
    ]
    changes = [(1.2, 6, 0), (2.5, 9, 0)]
    delays, undelivered = change_delays(changes, sightings, sample=10, rng=random.Random(1))
    assert delays == [pytest.approx(300), 0.0, pytest.approx(1500)]
    assert undelivered == 1
    # At most `sample` other watchers per change.
    delays, undelivered = change_delays(changes, sightings, sample=1, rng=random.Random(1))
    assert len(delays) + undelivered == 2


def test_live_figures_are_bench_lines(capsys):
    from bench.harness import bench_line

    bench_line("session.200.submit.p95_ms", 41.2, "ms")
    bench_line("session.200.errors", 0, "errors")
    assert capsys.readouterr().out.splitlines() == [
        "BENCH session.200.submit.p95_ms 41.20 ms",
        "BENCH session.200.errors 0 errors",
    ]


def test_live_cpu_is_read_from_proc():
    from bench.live_session import CpuMeter, cpu_seconds

    if not os.path.exists(f"/proc/{os.getpid()}/stat"):
        pytest.skip("no /proc")
    assert cpu_seconds(os.getpid()) >= 0
    assert cpu_seconds(2**22 + 1) is None  # above Linux's largest process id
    meter = CpuMeter()
    assert meter.read([os.getpid()]) == 0
    sum(range(3_000_000))
    assert meter.read([os.getpid(), 2**22 + 1]) >= 0


def test_live_session_set_up_goes_through_the_services():
    """What bench/live_session.py asks of the services: a session in silent input with a
    code, then themes and voting, and the check of what was stored."""
    from bench.live_session import open_voting, plan_session, stored

    from samenspel.learning_sessions import services
    from samenspel.learning_sessions.constants import SessionPhase
    from samenspel.learning_sessions.models import LearningSession

    stage = plan_session(3)
    session = LearningSession.objects.get(pk=stage.session_id)
    assert session.phase == SessionPhase.INPUT
    guest = services.guest_join(code=stage.join_code, display_name="Gast")
    for question in range(stage.questions):
        services.contribution_add(
            session=session, participant=guest, question=question, text=f"Tekst [b{question:012x}]"
        )
    themes, version = open_voting(stage, 2)
    session.refresh_from_db()
    assert session.phase == SessionPhase.VOTING and session.version == version
    services.vote_cast(session=session, participant=guest, theme=session.themes.get(pk=themes[0]))
    found = stored(stage)
    assert found.marks == {f"b{question:012x}" for question in range(stage.questions)}
    assert (found.contributions, found.theme_votes, found.votes_used) == (stage.questions, 1, 1)
