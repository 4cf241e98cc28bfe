"""The compass's figures, computed from histograms: how many respondents gave each score.

A score is a whole number from 0 to 10, so the database can count the answers per facet,
perspective group and score (a handful of rows, however many assessments there are), and
every figure follows exactly from those counts: count, mean, median, lowest, highest and
the spread (standard deviation of the group). Pure functions, tested against a plain
reference (tests/test_compass_figures.py).
"""

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from samenspel.compass.constants import GAP_THRESHOLD

Histogram = Mapping[int, int]  # score → how many gave it


@dataclass(frozen=True)
class Figures:
    count: int
    mean: float
    median: float
    lowest: int
    highest: int
    spread: float  # population standard deviation

    @property
    def range(self) -> int:
        return self.highest - self.lowest


def figures_of(histogram: Histogram) -> Figures | None:
    """The figures of one group's answers, or None when nobody answered."""
    counts = sorted((score, n) for score, n in histogram.items() if n > 0)
    total = sum(n for _, n in counts)
    if total == 0:
        return None
    mean = sum(score * n for score, n in counts) / total
    variance = sum(n * (score - mean) ** 2 for score, n in counts) / total
    return Figures(
        count=total,
        mean=mean,
        median=_median(counts, total),
        lowest=counts[0][0],
        highest=counts[-1][0],
        spread=math.sqrt(variance),
    )


def _median(counts: Sequence[tuple[int, int]], total: int) -> float:
    """The middle answer, or the mean of the two middle ones (as statistics.median)."""
    below = (total - 1) // 2  # the 0-based positions of the middle one or two answers
    above = total // 2
    seen, low, high = 0, None, None
    for score, n in counts:
        if low is None and below < seen + n:
            low = score
        if above < seen + n:
            high = score
            break
        seen += n
    assert low is not None and high is not None
    return (low + high) / 2


def histogram_of(scores: Iterable[int]) -> dict[int, int]:
    histogram: dict[int, int] = {}
    for score in scores:
        histogram[score] = histogram.get(score, 0) + 1
    return histogram


@dataclass(frozen=True)
class Gap:
    """Two perspective groups who see one facet differently: `higher` gives it a median
    `difference` points above `lower`."""

    facet_id: int
    higher: str
    lower: str
    higher_median: float
    lower_median: float

    @property
    def difference(self) -> float:
        return self.higher_median - self.lower_median


def gaps_of(
    medians: Mapping[tuple[int, str], float],
    facet_order: Sequence[int],
    group_order: Sequence[str],
    threshold: float = GAP_THRESHOLD,
) -> list[Gap]:
    """Every pair of groups whose medians of one facet differ by `threshold` or more,
    the largest difference first; ties in the order of the facets, then of the groups.
    `medians` maps (facet, group) to the group's median; groups without answers are
    simply absent."""
    found = []
    for facet_position, facet_id in enumerate(facet_order):
        present = [g for g in group_order if (facet_id, g) in medians]
        for i, first in enumerate(present):
            for second in present[i + 1 :]:
                a, b = medians[facet_id, first], medians[facet_id, second]
                if abs(a - b) < threshold:
                    continue
                higher, lower = (first, second) if a >= b else (second, first)
                found.append(
                    (
                        -abs(a - b),
                        facet_position,
                        group_order.index(first),
                        group_order.index(second),
                        Gap(facet_id, higher, lower, max(a, b), min(a, b)),
                    )
                )
    found.sort(key=lambda row: row[:4])
    return [row[4] for row in found]
