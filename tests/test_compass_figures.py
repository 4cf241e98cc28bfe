"""The compass's figures against a plain reference, on random answers (hypothesis):
figures from a histogram equal those from the answers themselves (statistics.mean,
median, pstdev, min, max); the gap list equals a brute force over pairs of groups; and the
selectors, counting in the database, agree with both."""

import datetime
import itertools
import math
import statistics
from collections import defaultdict

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase

from samenspel.compass import selectors
from samenspel.compass.constants import GAP_THRESHOLD, SCORE_MAX, SCORE_MIN
from samenspel.compass.figures import figures_of, gaps_of, histogram_of
from samenspel.compass.models import Assessment, Score
from samenspel.compass.selectors import GROUPS, Scope
from samenspel.programmes.constants import Role
from tests.compass import make_compass
from tests.factories import MembershipFactory, ProgrammeFactory

SCORE = st.integers(min_value=SCORE_MIN, max_value=SCORE_MAX)
CLOSE = {"rel_tol": 1e-9, "abs_tol": 1e-9}


def reference(scores):
    return {
        "count": len(scores),
        "mean": statistics.mean(scores),
        "median": statistics.median(scores),
        "lowest": min(scores),
        "highest": max(scores),
        "spread": statistics.pstdev(scores),
    }


def assert_figures(figures, scores):
    expected = reference(scores)
    assert figures.count == expected["count"]
    assert figures.lowest == expected["lowest"]
    assert figures.highest == expected["highest"]
    for name in ("mean", "median", "spread"):
        assert math.isclose(getattr(figures, name), expected[name], **CLOSE), name


@given(st.lists(SCORE, min_size=1, max_size=200))
def test_figures_of_a_histogram_are_those_of_the_answers(scores):
    assert_figures(figures_of(histogram_of(scores)), scores)


def test_no_answers_have_no_figures():
    assert figures_of({}) is None
    assert figures_of({5: 0}) is None


def brute_gaps(answers, facet_order, group_order):
    """Every pair of groups with a median per facet, compared by hand."""
    medians = {key: statistics.median(values) for key, values in answers.items() if values}
    found = []
    for facet_position, facet in enumerate(facet_order):
        for (i, first), (j, second) in itertools.combinations(enumerate(group_order), 2):
            if (facet, first) not in medians or (facet, second) not in medians:
                continue
            a, b = medians[facet, first], medians[facet, second]
            if abs(a - b) >= GAP_THRESHOLD:
                higher, lower = (first, second) if a >= b else (second, first)
                found.append(((-abs(a - b), facet_position, i, j), (facet, higher, lower)))
    return [gap for _, gap in sorted(found)]


ANSWERS = st.dictionaries(
    st.tuples(st.sampled_from([11, 12, 13]), st.sampled_from(GROUPS)),
    st.lists(SCORE, min_size=1, max_size=15),
    max_size=12,
)


@given(ANSWERS)
def test_gaps_are_every_pair_two_points_apart_largest_first(answers):
    medians = {key: statistics.median(values) for key, values in answers.items()}
    gaps = gaps_of(medians, [11, 12, 13], GROUPS)
    assert [(gap.facet_id, gap.higher, gap.lower) for gap in gaps] == brute_gaps(
        answers, [11, 12, 13], GROUPS
    )
    for gap in gaps:
        assert gap.difference >= GAP_THRESHOLD
        assert gap.higher_median == medians[gap.facet_id, gap.higher]


# The selectors, counting in the database -----------------------------------------------------

DAYS = [datetime.date(2025, 2, 10), datetime.date(2025, 5, 20), datetime.date(2025, 11, 3)]
ANSWER = st.tuples(
    st.sampled_from(GROUPS),
    st.sampled_from(DAYS),
    st.lists(st.one_of(st.none(), SCORE), min_size=4, max_size=4),
    st.lists(st.one_of(st.none(), SCORE), min_size=4, max_size=4),
)


class TestSelectorsAgreeWithTheReference(TestCase):
    """compass_picture and compass_trend on random assessments, written straight to the
    database (the services' checks are tested elsewhere; here only the counting)."""

    @classmethod
    def setUpTestData(cls):
        cls.programme = ProgrammeFactory()
        facilitator = MembershipFactory(programme=cls.programme, role=Role.FACILITATOR).user
        cls.compass = make_compass(cls.programme, facilitator)
        cls.facets = list(cls.compass.facets.order_by("position"))

    def store(self, answers):
        for group, day, currents, desireds in answers:
            if all(current is None for current in currents):
                continue
            assessment = Assessment.objects.create(
                programme=self.programme,
                subject="programme",
                perspective=group,
                anonymous=True,
                assessed_on=day,
            )
            Score.objects.bulk_create(
                Score(assessment=assessment, facet=facet, current=current, desired=desired)
                for facet, current, desired in zip(self.facets, currents, desireds, strict=True)
                if current is not None
            )

    @settings(
        max_examples=15,
        deadline=None,
        suppress_health_check=[HealthCheck.too_slow],
    )
    @given(st.lists(ANSWER, max_size=12), st.sampled_from([None, *DAYS]))
    def test_picture_and_trend(self, answers, since):
        Assessment.objects.all().delete()
        self.store(answers)
        scope = Scope(since=since)
        picture = selectors.compass_picture(compass=self.compass, scope=scope)
        kept = [a for a in answers if since is None or a[1] >= since]
        kept = [a for a in kept if any(current is not None for current in a[2])]
        current, desired, overall = defaultdict(list), defaultdict(list), defaultdict(list)
        for group, _day, currents, desireds in kept:
            for facet, now, wish in zip(self.facets, currents, desireds, strict=True):
                if now is not None:
                    current[facet.pk, group].append(now)
                    overall[facet.pk].append(now)
                    if wish is not None:
                        desired[facet.pk, group].append(wish)
        assert set(picture.current) == set(current)
        for key, scores in current.items():
            assert_figures(picture.current[key], scores)
        assert set(picture.desired) == set(desired)
        for key, scores in desired.items():
            assert_figures(picture.desired[key], scores)
        for facet_id, scores in overall.items():
            assert_figures(picture.current_overall[facet_id], scores)
        assert picture.respondents == {
            group: count for group, count in _counts(group for group, *_ in kept).items()
        }
        assert [(g.facet_id, g.higher, g.lower) for g in picture.gaps] == brute_gaps(
            current, [facet.pk for facet in self.facets], GROUPS
        )

        trend = selectors.compass_trend(compass=self.compass, scope=Scope())
        by_quarter = defaultdict(list)
        for group, day, currents, _desireds in answers:
            quarter = datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
            for facet, now in zip(self.facets, currents, strict=True):
                if now is not None:
                    by_quarter[facet.pk, quarter, group].append(now)
        seen = set()
        for facet_id, points in trend.items():
            assert [p.quarter for p in points] == sorted(p.quarter for p in points)
            for point in points:
                for group, figures in point.figures.items():
                    assert_figures(figures, by_quarter[facet_id, point.quarter, group])
                    seen.add((facet_id, point.quarter, group))
        assert seen == set(by_quarter)


def _counts(items):
    counts = defaultdict(int)
    for item in items:
        counts[item] += 1
    return dict(counts)
