"""Recurring themes: the texts of a programme grouped by what they are about. Pure
Python and scikit-learn, no Django: insights.theme_services reads the texts and stores
the result; bench/themes.py measures it on a planted corpus.

The recipe (see the decision in docs; every step deterministic):

1. **Terms.** Each text becomes the stems of its content words (insights.dutch: the
   same recipe as search), so "speelplaatsen", "speelplaatsje" and "speelplaats" are
   one term and stop words are never one.
2. **TF-IDF** over those terms (sublinear term counts; a term must occur in at least
   MIN_DF texts, or a small share of a large programme, and in at most half of them:
   rarer terms cannot make a theme, commoner ones tell nothing apart).
3. **LSA**: the TF-IDF vectors reduced to at most COMPONENTS dimensions by truncated
   SVD and normalised, so that texts that share no word but share their neighbours'
   words still come together, and k-means on them is cosine clustering.
4. **How many themes**: k-means for every k in MIN_THEMES..MAX_THEMES on a fixed sample,
   scored by the silhouette; the best k is then fitted on all texts, started from the
   sample's centres. Too few texts, or no k with a silhouette above MIN_SILHOUETTE:
   no themes (the page says so).
5. **Outside every theme**: a text whose vector lies far from its theme's centre
   (cosine below FIT), or with too few known terms, belongs to no theme; so does every
   text of a theme smaller than the minimum size.
6. **Names**: the 3 to 5 terms whose weight in the theme stands out most against the
   whole programme, each shown in its most frequent readable form (the dictionary form,
   dutch.lemma, of the words that had that stem).

Each theme carries its size, its texts (best fitting first), the initiatives and areas
they belong to, and its texts per quarter over the programme's whole span.
"""

from __future__ import annotations

import datetime
import warnings
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

from samenspel.insights import dutch

MIN_TEXTS = 12  # fewer texts than this: no themes
MIN_THEMES = 2
MAX_THEMES = 12
MIN_DF = 2
MIN_DF_SHARE = 0.0005  # of a large programme's texts: at 50,000 texts, 25
MAX_DF = 0.5
MIN_TERMS = 2  # a text with fewer known terms belongs to no theme
COMPONENTS = 100
SAMPLE = 3000  # texts on which the number of themes is chosen
MIN_SILHOUETTE = 0.02
FIT = 0.3  # cosine to the theme's centre below which a text is left outside
MIN_SIZE = 3
MIN_SIZE_SHARE = 0.01  # a theme holds at least 1% of the texts (and MIN_SIZE)
NAME_WORDS = 5
RANDOM_STATE = 0


@dataclass(frozen=True)
class Text:
    """One text to analyse. `key` identifies its source for the caller; the analysis
    reads only `text`, `day`, `initiative_id` and `area_id`."""

    text: str
    key: object = None
    day: datetime.date | None = None
    initiative_id: int | None = None
    area_id: int | None = None


@dataclass(frozen=True)
class Member:
    index: int  # the text's position in the input
    fit: float  # cosine to the theme's centre, 0..1


@dataclass
class Theme:
    number: int  # 1 = the largest
    words: list[str]
    members: list[Member]  # best fitting first
    initiatives: list[tuple[int, int]] = field(default_factory=list)  # (id, texts), most first
    areas: list[tuple[int, int]] = field(default_factory=list)
    trend: list[int] = field(default_factory=list)  # texts per quarter of Result.quarters

    @property
    def size(self) -> int:
        return len(self.members)


@dataclass
class Result:
    texts: int
    themes: list[Theme]
    quarters: list[datetime.date]  # the first day of each quarter, the whole span
    outside: int  # texts in no theme
    reason: str = ""  # why there are no themes: "too_few", "no_structure"


def quarter_of(day: datetime.date) -> datetime.date:
    return datetime.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def _next_quarter(day: datetime.date) -> datetime.date:
    return (
        datetime.date(day.year + 1, 1, 1) if day.month == 10 else day.replace(month=day.month + 3)
    )


def quarters_between(first: datetime.date, last: datetime.date) -> list[datetime.date]:
    quarters, quarter = [], quarter_of(first)
    while quarter <= last:
        quarters.append(quarter)
        quarter = _next_quarter(quarter)
    return quarters


def _tokenise(texts: Sequence[Text]) -> tuple[list[list[str]], Counter[str]]:
    """Each text's terms, and how often each content word was written (accents kept)."""
    written: Counter[str] = Counter()
    documents: list[list[str]] = []
    for item in texts:
        content = [
            (word, plain)
            for word, plain in dutch.written_words(item.text)
            if dutch.is_content_word(plain)
        ]
        written.update(word for word, _plain in content)
        documents.append([dutch.stem(plain) for _word, plain in content])
    return documents, written


def readable_forms(written: Counter[str]) -> dict[str, str]:
    """Per stem, the readable word most often behind it: the dictionary form of each
    written word (dutch.readable_lemma, "kinderen" → "kind", "fietst" → "fietsen"), or
    the word as written when that form has another stem (simplemma's "fietser" →
    "fietsster" would rename the theme), counted
    over all words of the stem; ties alphabetical."""
    per_stem: dict[str, Counter[str]] = {}
    for word, count in written.items():
        stem = dutch.stem(dutch.normalise(word))
        form = dutch.readable_lemma(word)
        lemma_stem = dutch.stem(dutch.normalise(form))
        if lemma_stem != stem and not _variant(lemma_stem, stem):
            form = word
        per_stem.setdefault(stem, Counter())[form] += count
    return {
        stem: min(forms.items(), key=lambda item: (-item[1], item[0]))[0]
        for stem, forms in per_stem.items()
    }


def _identity(document: list[str]) -> list[str]:
    return document


def _choose_k(vectors: np.ndarray, rng: np.random.RandomState) -> tuple[int, float, np.ndarray]:
    """The number of themes with the best silhouette on a sample, its score and the
    sample's centres for that number."""
    from sklearn.cluster import KMeans
    from sklearn.exceptions import ConvergenceWarning
    from sklearn.metrics import silhouette_score

    n = vectors.shape[0]
    sample = vectors if n <= SAMPLE else vectors[np.sort(rng.choice(n, SAMPLE, replace=False))]
    best: tuple[int, float, np.ndarray] = (0, -1.0, np.empty(0))
    distinct = np.unique(sample.round(5), axis=0).shape[0]  # copies are one point
    largest = min(MAX_THEMES, max(MIN_THEMES, sample.shape[0] // 6), distinct - 1)
    for k in range(MIN_THEMES, largest + 1):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", ConvergenceWarning)
            model = KMeans(n_clusters=k, n_init=3, random_state=RANDOM_STATE).fit(sample)
        if len(set(model.labels_)) < 2:
            continue
        score = float(silhouette_score(sample, model.labels_, metric="euclidean"))
        if score > best[1] + 1e-9:
            best = (k, score, model.cluster_centers_)
    return best


def analyse(texts: Sequence[Text]) -> Result:
    """The themes of these texts (see the module's description)."""
    n = len(texts)
    days = [item.day for item in texts if item.day is not None]
    quarters = quarters_between(min(days), max(days)) if days else []
    if n < MIN_TEXTS:
        return Result(texts=n, themes=[], quarters=quarters, outside=n, reason="too_few")

    from sklearn.cluster import KMeans
    from sklearn.decomposition import TruncatedSVD
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.preprocessing import normalize

    documents, written = _tokenise(texts)
    min_df = max(MIN_DF, int(n * MIN_DF_SHARE))
    vectoriser = TfidfVectorizer(
        analyzer=_identity,
        min_df=min_df,
        max_df=MAX_DF,
        sublinear_tf=True,
        dtype=np.float32,
    )
    try:
        matrix = vectoriser.fit_transform(documents)
    except ValueError:  # no term left after the limits
        return Result(texts=n, themes=[], quarters=quarters, outside=n, reason="too_few")
    del documents
    known = np.asarray((matrix > 0).sum(axis=1)).ravel()
    usable = np.flatnonzero(known >= MIN_TERMS)
    vocabulary = matrix.shape[1]
    if usable.size < MIN_TEXTS or vocabulary < 3:
        return Result(texts=n, themes=[], quarters=quarters, outside=n, reason="too_few")

    components = min(COMPONENTS, vocabulary - 1, usable.size - 1)
    svd = TruncatedSVD(n_components=components, random_state=RANDOM_STATE, algorithm="randomized")
    vectors = normalize(svd.fit_transform(matrix[usable])).astype(np.float32)
    rng = np.random.RandomState(RANDOM_STATE)
    k, score, centres = _choose_k(vectors, rng)
    if k == 0 or score < MIN_SILHOUETTE:
        return Result(texts=n, themes=[], quarters=quarters, outside=n, reason="no_structure")
    model = KMeans(n_clusters=k, init=centres, n_init=1, random_state=RANDOM_STATE).fit(vectors)
    labels = model.labels_
    centre_vectors = normalize(model.cluster_centers_)
    fits = np.einsum("ij,ij->i", vectors, centre_vectors[labels])

    min_size = max(MIN_SIZE, int(n * MIN_SIZE_SHARE))
    groups: list[np.ndarray] = []
    for cluster in range(k):
        rows = np.flatnonzero((labels == cluster) & (fits >= FIT))
        if rows.size >= min_size:
            groups.append(rows)
    # The largest theme first; equal sizes by their first text, so the order is fixed.
    groups.sort(key=lambda rows: (-rows.size, int(usable[rows].min())))

    forms = readable_forms(written)
    stems = vectoriser.get_feature_names_out()
    overall = np.asarray(matrix.mean(axis=0)).ravel()
    themes: list[Theme] = []
    for number, rows in enumerate(groups, start=1):
        indices = usable[rows]
        weight = np.asarray(matrix[indices].mean(axis=0)).ravel()
        distinct = weight - overall
        members = sorted(
            (
                Member(index=int(i), fit=round(float(f), 4))
                for i, f in zip(indices, fits[rows], strict=True)
            ),
            key=lambda member: (-member.fit, member.index),
        )
        theme = Theme(number=number, words=_name(distinct, stems, forms), members=members)
        _spread(theme, [texts[member.index] for member in members], quarters)
        themes.append(theme)
    inside = sum(theme.size for theme in themes)
    return Result(
        texts=n,
        themes=themes,
        quarters=quarters,
        outside=n - inside,
        reason="" if themes else "no_structure",
    )


def _name(distinct: np.ndarray, stems: Sequence[str], forms: dict[str, str]) -> list[str]:
    """The 3 to 5 readable words that set the theme apart most, strongest first. A stem
    that is another chosen stem give or take a letter or two ("fiets", "fietst",
    "fietser") adds nothing a reader needs: it is passed over."""
    words: list[str] = []
    chosen: list[str] = []
    for position in np.argsort(-distinct, kind="stable"):
        if distinct[position] <= 0 or len(words) >= NAME_WORDS:
            break
        stem = str(stems[position])
        word = forms.get(stem, stem)
        if word in words or dutch.normalise(word) in dutch.STOP_WORDS:
            continue
        if any(_variant(stem, other) for other in chosen):
            continue
        words.append(word)
        chosen.append(stem)
    return words


def _variant(one: str, other: str) -> bool:
    """Two stems that differ only in their last letter or two ("fietst", "fietser")."""
    short, long = sorted((one, other), key=len)
    common = next(
        (i for i, (a, b) in enumerate(zip(short, long, strict=False)) if a != b), len(short)
    )
    return common >= max(4, len(short) - 1) and len(long) - common <= 2


def _spread(theme: Theme, members: Sequence[Text], quarters: Sequence[datetime.date]) -> None:
    """The initiatives and areas the theme's texts belong to, and its texts per quarter."""
    initiatives = Counter(item.initiative_id for item in members if item.initiative_id)
    areas = Counter(item.area_id for item in members if item.area_id)
    per_quarter = Counter(quarter_of(item.day) for item in members if item.day is not None)
    theme.initiatives = sorted(initiatives.items(), key=lambda item: (-item[1], item[0]))
    theme.areas = sorted(areas.items(), key=lambda item: (-item[1], item[0]))
    theme.trend = [per_quarter.get(quarter, 0) for quarter in quarters]
