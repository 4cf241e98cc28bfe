"""Backup and restore, through the console commands operators use (`samenspel backup FILE`,
`samenspel restore FILE`). The round trip must give back exactly what was there; every
refusal must leave the database as it was."""

import io
import json
import re
import sys
from datetime import date, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib.auth import authenticate
from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import RequestFactory
from django.utils import timezone, translation

from samenspel.accounts.models import User
from samenspel.accounts.services import user_create
from samenspel.coaching import services as coaching
from samenspel.coaching.models import CoachingConversation, DevelopmentGoal
from samenspel.common.backup import backup_models
from samenspel.common.models import AuditEvent
from samenspel.cycles.constants import CycleState, Decision, ObservationKind
from samenspel.cycles.models import LearningCycle
from samenspel.cycles.services import (
    adjustment_record,
    cycle_create,
    cycle_start,
    expectation_record,
    observation_add,
    review_record,
)
from samenspel.programmes.constants import QuestionStatus, Role
from samenspel.programmes.models import Initiative, Membership, Programme
from samenspel.programmes.services import (
    area_create,
    initiative_create,
    membership_add,
    programme_create,
    question_create,
    question_update,
)
from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

# The models the rich data below fills; each must come back from a round trip.
COVERED = [
    "auth.group",
    "accounts.user",
    "programmes.membership",
    "common.auditevent",
    "programmes.programme",
    "programmes.area",
    "programmes.initiative",
    "programmes.learningquestion",
    "programmes.learningquestionversion",
    "cycles.learningcycle",
    "cycles.expectation",
    "cycles.observation",
    "cycles.review",
    "cycles.adjustment",
    # Coaching is in the backup too: it is the operator's full copy of the database, and a
    # restore without it would lose the records for good (docs/privacy.md).
    "coaching.coaching",
    "coaching.coachingconversation",
    "coaching.developmentgoal",
    "coaching.goalstep",
]


@pytest.fixture(autouse=True)
def english():
    # The messages are checked in their English source form, whatever Dutch gets added.
    with translation.override("en"):
        yield


@pytest.fixture
def rich_data() -> dict[str, Any]:
    """A programme that has been worked in: members, a group with permissions, an
    initiative with funding and initiators, a reformulated learning agenda and one full
    learning cycle that opened the next."""
    admin = UserFactory(email="beheer@example.nl", name="Beheer", is_staff=True, is_superuser=True)
    editors = Group.objects.create(name="Redactie")
    editors.permissions.set(
        Permission.objects.filter(codename__in=["view_programme", "change_initiative"])
    )
    admin.groups.add(editors)
    admin.user_permissions.add(Permission.objects.get(codename="view_auditevent"))
    programme = programme_create(
        name="Het nieuwe samenspel",
        by=admin,
        learning_goal="Leren samenspelen.",
        starts_on=date(2026, 1, 1),
        ends_on=date(2027, 12, 31),
        review_questions=["Wat verwachtten we?", "Wat gebeurde er — en waarom?"],
    )
    facilitator = UserFactory(email="fien@example.nl", name="Fien")
    membership_add(programme=programme, user=facilitator, role=Role.FACILITATOR, by=admin)
    resident = user_create(email="bewoner@example.nl", name="Bewoner Één", by=admin)
    membership_add(programme=programme, user=resident, role=Role.INITIATOR, by=admin)
    area = area_create(programme=programme, name="Werkendam", by=admin)
    initiative = initiative_create(
        programme=programme,
        title="Dorpshuis De Spil",
        by=facilitator,
        area=area,
        contact=facilitator,
        initiator_accounts=[resident, facilitator],
        municipal_contribution=Decimal("12500.50"),
        resident_contribution=Decimal("0.01"),
    )
    first = question_create(programme=programme, text="Hoe geven we ruimte?", by=facilitator)
    second = question_create(programme=programme, text="Wat leren inwoners?", by=facilitator)
    question_update(
        question=first,
        text="Hoe geven we echt ruimte?",
        status=QuestionStatus.PERSISTENT,
        by=facilitator,
        expected_version=first.version,
    )
    starts_on = timezone.localdate() - timedelta(days=30)
    cycle = cycle_create(
        initiative=initiative,
        title="Eerste ronde",
        owner=facilitator,
        by=facilitator,
        starts_on=starts_on,
        learning_questions=[first, second],
    )
    expectation_record(
        cycle=cycle,
        intention="Een bewonersavond.",
        expected_outcome="Dertig bewoners komen.",
        success_signs="Tien doen mee.",
        by=facilitator,
    )
    cycle_start(cycle=cycle, by=facilitator)
    observation_add(
        cycle=cycle,
        occurred_on=starts_on + timedelta(days=3),
        text="Twintig mensen kwamen.",
        kind=ObservationKind.HELPED,
        by=facilitator,
    )
    review_record(cycle=cycle, answers=["Dertig.", "Twintig, door de regen."], by=facilitator)
    adjustment_record(
        cycle=cycle,
        decision=Decision.CHANGE,
        text="Een zaterdagmiddag.",
        by=facilitator,
        next_cycle_title="Tweede ronde",
    )
    coachee = UserFactory(email="joost@example.nl", name="Joost")
    membership_add(programme=programme, user=coachee, role=Role.CIVIL_SERVANT, by=admin)
    coaching_ = coaching.coaching_start(
        programme=programme, coachee=coachee, by=facilitator, started_on=starts_on
    )
    conversation = coaching.conversation_add(
        coaching=coaching_,
        by=coachee,
        held_on=starts_on + timedelta(days=2),
        initiatives=[initiative],
        what_happened="De dorpsraad nam het over.",
        reflection="Ik liet het los.",
    )
    goal = coaching.goal_add(
        coaching=coaching_, by=coachee, text="Eerst vragen.", learning_questions=[first]
    )
    coaching.goal_step_record(goal=goal, by=facilitator, status="achieved", note="Gelukt.")
    return {
        "admin": admin,
        "resident": resident,
        "initiative": initiative,
        "cycle": cycle,
        "conversation": conversation,
        "goal": goal,
    }


def backup(path: Path) -> str:
    call_command("backup", str(path), stdout=io.StringIO())
    return path.read_text(encoding="utf-8")


def restore(path: Path, *args: str) -> str:
    out = io.StringIO()
    call_command("restore", str(path), *args, stdout=out)
    return out.getvalue()


def without_created_at(text: str) -> str:
    return re.sub(r'^"created_at": .*$', "", text, count=1, flags=re.MULTILINE)


def empty_database() -> None:
    call_command("flush", interactive=False, verbosity=0)


def shift_content_type_ids() -> None:
    """Give some content types and permissions other ids than before, as in any other
    database: recreate them as `migrate` does."""
    for model in (LearningCycle, Initiative):
        ContentType.objects.get_for_model(model).delete()  # and, cascading, its permissions
    ContentType.objects.clear_cache()
    for label in ("cycles", "programmes"):
        create_permissions(apps.get_app_config(label), verbosity=0)


def database_is_empty() -> bool:
    return not any(model._base_manager.exists() for model in backup_models())


@pytest.mark.django_db(transaction=True)
def test_round_trip_gives_back_the_same_data(tmp_path, rich_data):
    first = backup(tmp_path / "first.json")
    counts = json.loads(first)["counts"]
    assert all(counts[label] > 0 for label in COVERED), counts
    old_cycle_type = ContentType.objects.get_for_model(LearningCycle).pk

    empty_database()
    shift_content_type_ids()
    assert database_is_empty()
    output = restore(tmp_path / "first.json", "--allow-administrators")

    assert f"Restored {sum(counts.values())} records" in output
    assert "cycles.learningcycle: 2" in output
    second = backup(tmp_path / "second.json")
    assert without_created_at(second) == without_created_at(first)
    # References survive: own rows by their kept ids, content types by their names.
    initiative = Initiative.objects.get(pk=rich_data["initiative"].pk)
    assert initiative.municipal_contribution == Decimal("12500.50")
    assert set(initiative.initiator_accounts.values_list("email", flat=True)) == {
        "bewoner@example.nl",
        "fien@example.nl",
    }
    cycle = LearningCycle.objects.get(pk=rich_data["cycle"].pk)
    assert cycle.state == CycleState.CLOSED
    assert cycle.learning_questions.count() == 2
    assert cycle.next.previous_id == cycle.pk
    assert cycle.review.answers[1]["answer"] == "Twintig, door de regen."
    cycle_type = ContentType.objects.get_for_model(LearningCycle)
    assert cycle_type.pk != old_cycle_type
    events = AuditEvent.objects.filter(target_type=cycle_type, target_id=cycle.pk)
    assert {"cycle.create", "cycle.transition"} <= set(events.values_list("action", flat=True))
    conversation = CoachingConversation.objects.get(pk=rich_data["conversation"].pk)
    assert conversation.reflection == "Ik liet het los."
    assert list(conversation.initiatives.all()) == [initiative]
    goal = DevelopmentGoal.objects.get(pk=rich_data["goal"].pk)
    assert [step.note for step in goal.steps.all()] == ["Gelukt."]
    admin = User.objects.get(email="beheer@example.nl")
    assert admin.has_perm("programmes.view_programme")  # through the restored group
    assert admin.has_perm("common.view_auditevent")


@pytest.mark.django_db(transaction=True)
def test_after_a_restore_users_log_in_and_new_rows_get_fresh_ids(tmp_path, rich_data):
    backup(tmp_path / "backup.json")
    highest_programme = Programme.objects.order_by("-pk").first().pk
    highest_event = AuditEvent.objects.order_by("-pk").first().pk
    empty_database()
    restore(tmp_path / "backup.json", "--allow-administrators")

    request = RequestFactory().post("/accounts/login/")
    user = authenticate(request, username="beheer@example.nl", password=PASSWORD)
    assert user is not None and user.pk == rich_data["admin"].pk
    assert not User.objects.get(email="bewoner@example.nl").has_usable_password()
    # On PostgreSQL these would collide with the restored ids without a sequence reset.
    admin = User.objects.get(pk=rich_data["admin"].pk)
    programme = programme_create(name="Na het terugzetten", by=admin)
    assert programme.pk > highest_programme
    assert AuditEvent.objects.order_by("-pk").first().pk > highest_event
    newcomer = user_create(email="nieuw@example.nl", name="Nieuw", by=admin)
    membership_add(programme=programme, user=newcomer, role=Role.PARTNER, by=admin)
    assert Membership.objects.filter(user=newcomer).exists()


def test_two_backups_of_the_same_data_are_identical(tmp_path, rich_data):
    first = backup(tmp_path / "first.json")
    second = backup(tmp_path / "second.json")
    assert without_created_at(first) == without_created_at(second)

    document = json.loads(first)
    assert document["format"] == "samenspel-backup"
    assert document["version"] == 1
    records = document["records"]
    assert sum(document["counts"].values()) == len(records)
    order = list(document["counts"])
    assert order.index("programmes.programme") < order.index("programmes.initiative")
    assert order.index("accounts.user") < order.index("cycles.learningcycle")
    positions = [(order.index(r["model"]), r["pk"]) for r in records]
    assert positions == sorted(positions)
    event = next(r for r in records if r["model"] == "common.auditevent")
    # Content types by name (their ids differ between databases), users by their id.
    assert event["fields"]["target_type"] == ["programmes", "programme"]
    assert event["fields"]["actor"] == rich_data["admin"].pk
    group = next(r for r in records if r["model"] == "auth.group")
    assert ["change_initiative", "programmes", "initiative"] in group["fields"]["permissions"]


def test_backup_to_standard_output(tmp_path, rich_data):
    out, err = io.StringIO(), io.StringIO()
    call_command("backup", "-", stdout=out, stderr=err)
    assert without_created_at(out.getvalue()) == without_created_at(backup(tmp_path / "b.json"))
    assert "accounts.user: 4" in err.getvalue()
    assert "Backup written to -" in err.getvalue()


def test_restore_refuses_a_database_that_is_not_empty(tmp_path, rich_data):
    before = backup(tmp_path / "backup.json")

    with pytest.raises(CommandError, match=r"The database is not empty.*Nothing was changed"):
        restore(tmp_path / "backup.json")

    assert without_created_at(backup(tmp_path / "after.json")) == without_created_at(before)


def test_backup_reports_a_folder_it_cannot_write_to(tmp_path):
    with pytest.raises(CommandError, match="Cannot write"):
        backup(tmp_path / "missing" / "backup.json")


@pytest.mark.parametrize("name", ["missing.json", "."])
def test_restore_reports_a_file_it_cannot_read(tmp_path, name):
    with pytest.raises(CommandError, match=r"Cannot read.*Nothing was changed"):
        restore(tmp_path / name)


def user_record(pk: int = 1, **fields: Any) -> dict[str, Any]:
    return {
        "model": "accounts.user",
        "pk": pk,
        "fields": {
            "email": f"user{pk}@example.nl",
            "name": "Iemand",
            "password": "!",
            "last_login": None,
            "is_superuser": False,
            "is_active": True,
            "is_staff": False,
            "date_joined": "2026-01-05T09:30:00.123456+00:00",
            "groups": [],
            "user_permissions": [],
            **fields,
        },
    }


def backup_file(
    tmp_path: Path, records: list[dict[str, Any]], header: dict[str, Any] | None = None
) -> Path:
    """A backup as `samenspel backup` writes it for an empty database, with `records`
    (and counts that match them) and any header field replaced."""
    document = json.loads(backup(tmp_path / "empty.json"))
    for record in records:
        document["counts"][record["model"]] = document["counts"].get(record["model"], 0) + 1
    document["records"] = records
    document.update(header or {})
    path = tmp_path / "crafted.json"
    path.write_text(as_backup_lines(document), encoding="utf-8")
    return path


def as_backup_lines(document: dict[str, Any]) -> str:
    """`document` laid out as `samenspel backup` writes it: one record per line."""
    records = document.pop("records")
    lines = ["{", *(f"{json.dumps(key)}: {json.dumps(value)}," for key, value in document.items())]
    if isinstance(records, list):
        lines += ['"records": [', ",\n".join(json.dumps(record) for record in records), "]"]
    else:
        lines[-1] += f"\n{json.dumps('records')}: {json.dumps(records)}"
    return "\n".join([*lines, "}", ""])


def test_restore_reads_a_crafted_backup_from_standard_input(tmp_path, monkeypatch):
    path = backup_file(tmp_path, [user_record(7, name="Zeven")])
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(path.read_bytes())))

    call_command("restore", "-", stdout=io.StringIO())

    user = User.objects.get(pk=7)
    assert user.name == "Zeven"
    assert user.date_joined.microsecond == 123456


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "not a Samenspel backup"),
        (b"\xff\xfe\x00 binary", "not a Samenspel backup"),
        (b'{"format": "samenspel-backup", "version": 1, "records": [', "not valid JSON"),
        (b"[" * 100_000, "not a Samenspel backup"),
        (b'{"hello": "world"}', "This file is not a Samenspel backup"),
        (b'["samenspel-backup", 1]', "This file is not a Samenspel backup"),
        (b'{"format": "samenspel-backup", "version": 2}', "newer version of Samenspel"),
        (b'{"format": "samenspel-backup", "version": "1"}', "unknown format version"),
        (b'{"format": "samenspel-backup", "version": 0}', "unknown format version"),
        (b'{"format": "samenspel-backup", "version": 1}', "damaged"),
    ],
)
def test_restore_refuses_a_file_that_is_not_a_backup_it_can_read(tmp_path, content, message):
    path = tmp_path / "file.json"
    path.write_bytes(content)

    with pytest.raises(CommandError, match=message):
        restore(path)

    assert database_is_empty()


@pytest.mark.parametrize(
    ("records", "header", "message"),
    [
        ([user_record()], {"migrations": {"programmes": ["9999_future"]}}, "newer version"),
        ([user_record()], {"counts": {"accounts.user": 2}}, "should hold 2 records"),
        ([user_record()], {"records": "none"}, "no list of records"),
        ([{"model": "accounts.user", "pk": 1}], {}, "record 1 is not a valid record"),
        ([{"model": "axes.accesslog", "pk": 1, "fields": {}}], {}, "does not restore"),
        ([user_record(date_joined="yesterday")], {}, r"record 1 \(accounts.user 1\)"),
        ([user_record(colour="blue")], {}, "record 1"),
        (
            [user_record(groups=[5])],
            {},
            r"record 1 .*refers in groups to auth.group 5, which is not",
        ),
        ([user_record(user_permissions=[["no_such", "auth", "user"]])], {}, "record 1"),
        ([user_record(), user_record()], {}, "record 2"),
        (
            [
                user_record(),
                {
                    "model": "programmes.membership",
                    "pk": 1,
                    "fields": {"user": 1, "programme": 99, "role": "partner", "created_at": None},
                },
            ],
            {},
            "record 2|refer to records",
        ),
        (
            [
                user_record(),
                {
                    "model": "programmes.membership",
                    "pk": 1,
                    "fields": {
                        "user": 1,
                        "programme": 99,
                        "role": "partner",
                        "created_at": "2026-01-05T09:30:00+00:00",
                    },
                },
            ],
            {},
            r"refers in programme to programmes.programme 99, which is not in the backup",
        ),
    ],
)
def test_restore_refuses_a_damaged_backup_and_changes_nothing(tmp_path, records, header, message):
    path = backup_file(tmp_path, records, header)

    with pytest.raises(CommandError, match=f"(?s)({message}).*Nothing was changed"):
        restore(path)

    assert database_is_empty()
