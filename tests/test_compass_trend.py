"""The compass's trend counts each answer in its calendar quarter, across years and at
the quarters' edges, skips quarters without answers, and costs the same two queries for
any number of assessments (compass.selectors.compass_trend, which counts by quarter in
SQL without a per-row Python function; see bench/compass.py)."""

import datetime
from collections import defaultdict

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from samenspel.compass.constants import Perspective
from samenspel.compass.selectors import Scope, compass_trend
from tests.compass import assess, make_compass

pytestmark = pytest.mark.django_db

D = datetime.date
# Days at the edges of quarters, two years apart, and a gap of quarters without answers.
ANSWERS = [
    (D(2024, 1, 1), Perspective.RESIDENTS, [3, 4, 5, 6]),
    (D(2024, 3, 31), Perspective.RESIDENTS, [4, 4, 5, 6]),
    (D(2024, 4, 1), Perspective.CIVIL_SERVANTS, [7, 7, 6, 7]),
    (D(2024, 12, 31), Perspective.RESIDENTS, [5, 5, 5, 5]),
    (D(2025, 1, 1), Perspective.CIVIL_SERVANTS, [6, 6, 6, 6]),
    (D(2025, 9, 30), Perspective.GOVERNANCE, [8, 2, 3, 4]),
    (D(2026, 10, 1), Perspective.RESIDENTS, [6, 6, 7, 7]),
    (D(2026, 11, 30), Perspective.RESIDENTS, [9, 8, 7, 6]),
]


def quarter(day: datetime.date) -> datetime.date:
    return D(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


@pytest.fixture
def compass(programme, facilitator):
    programme.starts_on = D(2023, 6, 1)
    programme.save(update_fields=["starts_on"])
    return make_compass(programme, facilitator)


def test_each_answer_counts_in_its_calendar_quarter(compass):
    for day, perspective, scores in ANSWERS:
        assess(compass, scores, perspective=perspective, on=day)
    facets = list(compass.facets.order_by("position"))

    with CaptureQueriesContext(connection) as queries:
        trend = compass_trend(compass=compass, scope=Scope())
    assert len(queries) == 2

    for index, facet in enumerate(facets):
        expected: dict[datetime.date, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
        for day, perspective, scores in ANSWERS:
            expected[quarter(day)][perspective].append(scores[index])
        points = trend[facet.pk]
        assert [point.quarter for point in points] == sorted(expected)
        assert [point.quarter for point in points] == [
            D(2024, 1, 1),
            D(2024, 4, 1),
            D(2024, 10, 1),
            D(2025, 1, 1),
            D(2025, 7, 1),
            D(2026, 10, 1),
        ]
        for point in points:
            groups = expected[point.quarter]
            assert set(point.figures) == set(groups)
            for group, values in groups.items():
                assert point.figures[group].count == len(values)
                assert point.figures[group].mean == pytest.approx(sum(values) / len(values))
            assert point.overall.count == sum(len(values) for values in groups.values())


def test_a_period_limits_the_quarters_and_no_answers_give_no_trend(compass):
    assert compass_trend(compass=compass, scope=Scope()) == {}
    for day, perspective, scores in ANSWERS:
        assess(compass, scores, perspective=perspective, on=day)

    trend = compass_trend(compass=compass, scope=Scope(since=D(2024, 3, 31), until=D(2024, 12, 31)))
    first = next(iter(trend.values()))
    assert [(point.quarter, point.overall.count) for point in first] == [
        (D(2024, 1, 1), 1),
        (D(2024, 4, 1), 1),
        (D(2024, 10, 1), 1),
    ]
