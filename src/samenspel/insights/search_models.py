"""The search index: one row per thing a member of a programme may read (an initiative,
a learning cycle, a session's contribution, a chapter of the travel report …), with the
text shown in the results and the words the index reads (insights/search_index.py
builds the rows, insights/search.py searches them).

The rows are derived data: they are rebuilt per programme from the programme's own
tables, so they carry no `programme_path` (writing them changes nothing a programme's
pages show and must not raise its data_version) and no person: not the writer of a
text, and certainly not of anonymous input.

What the index reads: `title_index` and `body_index` hold the Dutch stems of the
content words (insights.dutch.terms: normalised, so "Ĳsselmonde" is "ijsselmonde"; stop
words left out; stemmed by Snowball's Dutch stemmer, so "experimenten" and
"kaasplankjes" read "experiment" and "kaasplank"), on both databases. The full-text
index on top of them is each database's own (search_fulltext.py, migration
0004_search_fulltext):

- PostgreSQL: a generated column `search_vector`, `to_tsvector('dutch', …)` of both
  (title weight A, body B), with a GIN index. It is not a model field: Django never
  reads or writes it.
- SQLite: an FTS5 table `insights_search_fts` over both columns (external content: it
  keeps no copy), kept in step by triggers.

Why stems on PostgreSQL too, rather than the text for its 'dutch' configuration to
stem: PostgreSQL 15's Dutch stemmer is the older Snowball one, which leaves
diminutives and "-ieven" plurals apart ("kaasplankjes" ≠ "kaasplankje", "initiatieven"
≠ "initiatief"); the Snowball stemmer in Python (snowballstemmer 3) joins them. Feeding
it our stems, the 'dutch' configuration still splits, drops its stop words and stems
(a stem stems to itself, and the query's words take the same path), and both
databases find the same texts for the same words.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class SearchKind(models.TextChoices):
    INITIATIVE = "initiative", _("Initiative")
    AREA = "area", _("Area")
    QUESTION = "question", _("Learning question")
    CYCLE = "cycle", _("Learning cycle")
    SESSION = "session", _("Learning session")
    THEME = "theme", _("Theme")
    CONTRIBUTION = "contribution", _("Contribution")
    INSIGHT = "insight", _("Insight")
    ACTION = "action", _("Action")
    CHAPTER = "chapter", _("Travel report chapter")


class SearchDocument(models.Model):
    programme = models.ForeignKey(
        "programmes.Programme", on_delete=models.CASCADE, related_name="+"
    )
    kind = models.CharField(max_length=16, choices=SearchKind.choices)
    # The source row's key within its kind (a number, or a contribution's random key).
    key = models.CharField(max_length=64)
    # What the results show: the title links to `url`; the body gives the snippet.
    title = models.CharField(max_length=300)
    body = models.TextField(blank=True)
    # What the index reads (see above): normalised text or stems, per database.
    title_index = models.TextField(blank=True)
    body_index = models.TextField(blank=True)
    url = models.CharField(max_length=500)
    date = models.DateField(null=True, blank=True)
    initiative = models.ForeignKey(
        "programmes.Initiative", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("search document")
        verbose_name_plural = _("search documents")
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "kind", "key"], name="search_document_unique"
            )
        ]
        indexes = [models.Index(fields=["programme", "kind"])]

    def __str__(self) -> str:
        return f"{self.kind} {self.key}"


class SearchIndexState(models.Model):
    """How far a programme's search index is: the programme's data_version it reflects
    (the page says results may be a little behind while it is lower than the
    programme's), when it was built, and the task that waits to build it again."""

    programme = models.OneToOneField(
        "programmes.Programme", primary_key=True, on_delete=models.CASCADE, related_name="+"
    )
    data_version = models.PositiveBigIntegerField(default=0)
    built_at = models.DateTimeField(null=True, blank=True)
    documents = models.PositiveIntegerField(default=0)
    task_id = models.CharField(max_length=64, blank=True)

    class Meta:
        verbose_name = _("search index state")
        verbose_name_plural = _("search index states")

    def __str__(self) -> str:
        return f"{self.programme_id}@{self.data_version}"
