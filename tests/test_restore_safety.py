"""A restore refuses a tampered backup as a whole (every value is checked against the
rules the services enforce), refuses to create site administrators unless told to, and
reads the file line by line, inserting in batches. Through `samenspel restore`."""

import copy
import json
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.core.management.base import CommandError
from django.db import connection, models
from django.test.utils import CaptureQueriesContext

from samenspel.coaching.models import Coaching, DevelopmentGoal
from samenspel.common.backup import backup_models, restore_read
from samenspel.common.models import AuditEvent
from samenspel.cycles.models import LearningCycle, Observation, Review
from samenspel.programmes.models import Initiative, Programme
from tests.test_backup import (
    as_backup_lines,
    backup,
    backup_file,
    database_is_empty,
    empty_database,
    english,  # noqa: F401 - the autouse fixture: messages in English
    restore,
    rich_data,  # noqa: F401 - a fixture
    user_record,
)

# Restores run their own transactions and empty the database: not inside a test transaction.
pytestmark = pytest.mark.django_db(transaction=True)

Records = list[dict[str, Any]]


def membership_model() -> type[models.Model]:
    """The model that holds a member's role, wherever it lives (the Membership model is
    moving from one app to another)."""
    return next(
        model
        for model in backup_models()
        if any(field.name == "role" and field.choices for field in model._meta.fields)
    )


def label(model: type[models.Model]) -> str:
    return model._meta.label_lower


def first(records: Records, model: type[models.Model], **fields: Any) -> dict[str, Any]:
    return next(
        r
        for r in records
        if r["model"] == label(model) and all(r["fields"].get(k) == v for k, v in fields.items())
    )


def fields_of(model: type[models.Model], **where: Any) -> Callable[[Records], dict[str, Any]]:
    return lambda records: first(records, model, **where)["fields"]


def setting(model: type[models.Model], where: dict[str, Any], **values: Any):
    def tamper(records: Records) -> None:
        fields_of(model, **where)(records).update(values)

    return tamper


def removing(model: type[models.Model], **where: Any):
    def tamper(records: Records) -> None:
        records.remove(first(records, model, **where))

    return tamper


def duplicate_programme(records: Records) -> None:
    programme = copy.deepcopy(first(records, Programme))
    programme["pk"] = 999
    records.insert(records.index(first(records, Programme)) + 1, programme)


def transition_to(to: Any):
    def tamper(records: Records) -> None:
        event = first(records, AuditEvent, action="cycle.transition")
        event["fields"]["data"] = {**event["fields"]["data"], "to": to}

    return tamper


CLOSED, DRAFT = {"state": "closed"}, {"state": "draft"}
TAMPERINGS = [
    (setting(LearningCycle, CLOSED, state="flying"), r"learningcycle .*state: .*not a valid"),
    (
        lambda records: first(records, membership_model())["fields"].update(role="king"),
        r"membership .*role: .*not a valid choice",
    ),
    (setting(AuditEvent, {}, data=[1, 2]), r"auditevent .*details must be a JSON object"),
    (transition_to("flying"), r"auditevent .*phase change must name a known phase"),
    (transition_to(None), r"phase change must name a known phase"),
    (removing(Review), r"learningcycle \d+: a cycle in the phase “Completed” needs its review"),
    (setting(LearningCycle, DRAFT, state="acting"), r"“Acting” needs its expectation"),
    (setting(LearningCycle, CLOSED, state="draft"), r"“Expectation” cannot have its adjustment"),
    (setting(LearningCycle, CLOSED, state="reviewed"), r"“Adjustment” cannot have its adjust"),
    (setting(LearningCycle, DRAFT, state="abandoned"), r"abandoned cycle needs the reason"),
    (setting(Review, {}, answers=[{"question": "Wat?", "answer": " "}]), r"review .*answers"),
    (setting(Review, {}, answers="Dertig."), r"review .*answers must be a list"),
    (setting(Review, {}, answers=[{"question": "Wat?"}]), r"answers must be a list"),
    (setting(Review, {}, answers=[]), r"review .*answers"),
    (setting(Programme, {}, review_questions=[]), r"programme .*review_questions"),
    (setting(Programme, {}, review_questions=["Wat?", " "]), r"review questions must be"),
    (setting(Programme, {}, review_questions="Wat?"), r"review questions must be a list"),
    (setting(LearningCycle, CLOSED, title="x" * 201), r"title: .*at most 200 characters"),
    (
        setting(Initiative, {}, municipal_contribution="-0.01"),
        r"municipal_contribution: .*greater than or equal to 0",
    ),
    (setting(Initiative, {}, status="everywhere"), r"initiative .*status: .*not a valid"),
    (setting(LearningCycle, CLOSED, starts_on="2026-02-30"), r"learningcycle .*2026-02-30"),
    (setting(LearningCycle, CLOSED, number="three"), r"learningcycle .*three"),
    (setting(LearningCycle, CLOSED, number=-1), r"number: .*greater than or equal to 0"),
    (
        setting(LearningCycle, CLOSED, expectation_due="2000-01-01"),
        r"record \d+ \(cycles.learningcycle \d+\) cannot be restored",
    ),
    (setting(Observation, {}, cycle=999), r"refers in cycle to cycles.learningcycle 999"),
    (setting(LearningCycle, DRAFT, previous=999), r"refers in previous to cycles.learningcycle"),
    (duplicate_programme, r"programmes.programme 999\) cannot be restored"),
    (setting(AuditEvent, {}, actor="beheer@example.nl"), r"auditevent .*beheer@example.nl"),
    # Coaching's rules are the database's own constraints.
    (
        lambda records: fields_of(Coaching)(records).update(
            coachee=fields_of(Coaching)(records)["coach"]
        ),
        r"record \d+ \(coaching.coaching \d+\) cannot be restored",
    ),
    (
        setting(Coaching, {}, ended_on="2000-01-01"),
        r"record \d+ \(coaching.coaching \d+\) cannot be restored",
    ),
    (
        setting(DevelopmentGoal, {}, closed_on=None),
        r"record \d+ \(coaching.developmentgoal \d+\) cannot be restored",
    ),
    (setting(DevelopmentGoal, {}, status="halfway"), r"developmentgoal .*status: .*not a valid"),
]


def write(tmp_path: Path, document: dict[str, Any]) -> Path:
    """The document as a backup file, with counts that match its records."""
    document = copy.deepcopy(document)
    found = Counter(record["model"] for record in document["records"])
    document["counts"] = {name: found[name] for name in document["counts"]}
    path = tmp_path / "tampered.json"
    path.write_text(as_backup_lines(document), encoding="utf-8")
    return path


@pytest.fixture
def saved(tmp_path, rich_data) -> dict[str, Any]:  # noqa: F811 - the fixture above
    """The backup of a programme that has been worked in, and an empty database."""
    document = json.loads(backup(tmp_path / "good.json"))
    empty_database()
    return document


def test_the_untampered_backup_restores(tmp_path, saved):
    restore(write(tmp_path, saved), "--allow-administrators")

    assert LearningCycle.objects.filter(state="closed").get().review.answers


@pytest.mark.parametrize(("tamper", "message"), TAMPERINGS)
def test_a_tampered_backup_is_refused_as_a_whole(tmp_path, saved, tamper, message):
    tamper(saved["records"])

    with pytest.raises(CommandError, match=f"(?s)damaged.*{message}.*Nothing was changed"):
        restore(write(tmp_path, saved), "--allow-administrators")

    assert database_is_empty()


def test_site_administrators_are_named_and_refused_unless_allowed(tmp_path, saved):
    path = write(tmp_path, saved)

    with pytest.raises(CommandError) as refused:
        restore(path)

    message = str(refused.value)
    assert "would create 1 site administrator: beheer@example.nl." in message
    assert "--allow-administrators" in message
    assert "Nothing was changed" in message
    assert database_is_empty()
    restore(path, "--allow-administrators")
    assert not database_is_empty()


@pytest.mark.parametrize("flags", [{"is_staff": True}, {"is_superuser": True}])
def test_staff_or_superuser_alone_is_a_site_administrator(tmp_path, flags):
    path = backup_file(
        tmp_path, [user_record(1), user_record(2, email="z@example.nl", **flags), user_record(3)]
    )

    with pytest.raises(CommandError, match=r"1 site administrator: z@example.nl\. .*allow"):
        restore(path)

    assert database_is_empty()


def test_every_site_administrator_is_named(tmp_path):
    path = backup_file(
        tmp_path,
        [
            user_record(1, email="b@example.nl", is_staff=True),
            user_record(2, email="a@example.nl", is_staff=True, is_superuser=True),
        ],
    )

    with pytest.raises(CommandError, match=r"2 site administrators: a@example\.nl, b@example\.nl"):
        restore(path)

    assert database_is_empty()


class LinesOnly:
    """A file that can only be read line by line: reading it whole fails the test."""

    def __init__(self, text: str) -> None:
        self.lines = text.encode().splitlines(keepends=True)

    def __iter__(self) -> Iterator[bytes]:
        return iter(self.lines)

    def read(self, *args: Any) -> bytes:
        raise AssertionError("the restore read the whole file at once")


def test_restore_reads_line_by_line_and_inserts_in_batches(tmp_path):
    records = [user_record(pk) for pk in range(1, 2501)]
    text = backup_file(tmp_path, records).read_text(encoding="utf-8")

    with CaptureQueriesContext(connection) as captured:
        summary = restore_read(stream=LinesOnly(text))

    assert summary.counts == {"accounts.user": 2500}
    inserts = [q for q in captured.captured_queries if q["sql"].startswith("INSERT")]
    assert len(inserts) <= 2500 / 50, len(inserts)
    assert sorted(get_user_model().objects.values_list("pk", flat=True)) == list(range(1, 2501))


@pytest.mark.parametrize(
    ("cut", "message"),
    [
        (0, r"incomplete: it ends after record \d+\."),
        (30, r"damaged: record \d+ is not valid JSON\."),
    ],
)
def test_restore_refuses_a_backup_that_is_cut_off(tmp_path, saved, cut, message):
    text = as_backup_lines(copy.deepcopy(saved))
    path = tmp_path / "cut.json"
    path.write_text(text[: text.index('{"model": "cycles.review"') + cut], encoding="utf-8")

    with pytest.raises(CommandError, match=f"(?s){message}.*Nothing was changed"):
        restore(path, "--allow-administrators")

    assert database_is_empty()


def test_restore_refuses_a_backup_on_one_line(tmp_path):
    path = backup_file(tmp_path, [user_record()])
    path.write_text(json.dumps(json.loads(path.read_text(encoding="utf-8"))), encoding="utf-8")

    with pytest.raises(CommandError, match=r"one record per line.*Nothing was changed"):
        restore(path)

    assert database_is_empty()


@pytest.mark.parametrize("after", ["}\n", '{"model": "accounts.user"}\n'])
def test_restore_refuses_a_backup_with_lines_after_its_end(tmp_path, after):
    path = backup_file(tmp_path, [user_record()])
    path.write_text(path.read_text(encoding="utf-8") + after, encoding="utf-8")

    with pytest.raises(CommandError, match=r"incomplete: it is not valid JSON.*Nothing"):
        restore(path)

    assert database_is_empty()
