"""Anonymous means anonymous: after a whole anonymous session — members and a guest write
contributions and vote, the session closes and reviews a cycle — no table and no log
line pairs a writer with what they wrote or how they voted.

The check reads every table of the database (not only the session's own), so a trace
left by code written later (a cache table, a notification, an audit event) is found
too."""

import datetime
import logging

import pytest
from django.apps import apps
from django.db import connection
from django.utils import timezone

from samenspel.accounts.models import User
from samenspel.cycles.constants import CycleState
from samenspel.learning_sessions import services
from samenspel.learning_sessions.constants import SessionKind, SessionPhase
from samenspel.learning_sessions.models import Contribution, Participant
from samenspel.programmes.constants import Role
from tests.factories import CycleFactory

pytestmark = pytest.mark.django_db


def all_rows():
    """Every row of every table, as (table, {column: value})."""
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {connection.ops.quote_name(table)}")
            columns = [column[0] for column in cursor.description]
            for row in cursor.fetchall():
                yield table, dict(zip(columns, row, strict=True))


def mentions(row, needles):
    text = " ".join(str(value) for value in row.values())
    return [needle for needle in needles if needle and needle in text]


@pytest.fixture
def anonymous_session(programme, initiative, member, caplog):
    caplog.set_level(logging.DEBUG)
    facilitator = member(Role.FACILITATOR)
    writers = [member(Role.CIVIL_SERVANT), member(Role.CIVIL_SERVANT)]
    cycle = CycleFactory(initiative=initiative, state=CycleState.ACTING, owner=writers[0])
    start = timezone.now() - datetime.timedelta(hours=1)
    session = services.session_plan(
        programme=programme,
        kind=SessionKind.OPEN,
        title="Open avond",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=3),
        facilitator=facilitator,
        by=facilitator,
        participants=writers,
    )
    services.agenda_set(session=session, cycles=[cycle], questions=[], by=facilitator)
    guest = services.guest_join(code=session.join_code, display_name="Marja uit Almkerk")
    while session.phase != SessionPhase.INPUT:
        services.session_advance(session=session, by=facilitator, expected=session.phase)
    texts = {}
    for index, user in enumerate(writers):
        text = f"Bijdrage nummer {index} over de buurtkamer"
        services.contribution_add(
            session=session,
            participant=Participant.objects.get(session=session, user=user),
            question=index % len(session.questions),
            text=text,
            cycle=cycle,
        )
        texts[user] = text
    services.contribution_add(
        session=session, participant=guest, question=1, text="Gast: het ging goed"
    )
    services.session_advance(session=session, by=facilitator, expected=SessionPhase.INPUT)
    theme = services.theme_create(
        session=session,
        title="Buurtkamer",
        contributions=list(Contribution.objects.filter(session=session)),
        by=facilitator,
    )
    services.session_advance(session=session, by=facilitator, expected=SessionPhase.GROUPING)
    for user in writers:
        services.vote_cast(
            session=session,
            participant=Participant.objects.get(session=session, user=user),
            theme=theme,
        )
    while session.phase != SessionPhase.CLOSED:
        services.session_advance(session=session, by=facilitator, expected=session.phase)
    return {"session": session, "writers": writers, "guest": guest, "texts": texts, "cycle": cycle}


def test_no_table_pairs_a_writer_with_a_contribution(anonymous_session):
    contributions = list(Contribution.objects.filter(session=anonymous_session["session"]))
    assert len(contributions) == 3
    assert all(c.author_id is None for c in contributions)
    # What identifies a writer: their account and their participant row.
    writer_ids = {user.pk for user in anonymous_session["writers"]}
    participant_ids = set(
        Participant.objects.filter(session=anonymous_session["session"]).values_list(
            "pk", flat=True
        )
    )
    names = [user.name for user in anonymous_session["writers"]] + [
        user.email for user in anonymous_session["writers"]
    ]
    needles = [c.text for c in contributions] + [str(c.pk) for c in contributions]
    needles += [c.pk.hex for c in contributions]
    found_somewhere = 0
    for table, row in all_rows():
        if mentions(row, needles):
            found_somewhere += 1
            assert not mentions(row, names), f"{table} names a writer beside a contribution"
    for model in apps.get_models():
        pointers = {
            field.attname: field.related_model
            for field in model._meta.concrete_fields
            if field.is_relation and field.related_model in (User, Participant)
        }
        text_fields = [f.attname for f in model._meta.concrete_fields if not f.is_relation]
        for row in model._default_manager.values(*pointers, *text_fields):
            if not mentions(row, needles):
                continue
            for column, target in pointers.items():
                forbidden = writer_ids if target is User else participant_ids
                assert row[column] not in forbidden, (
                    f"{model.__name__}.{column} points to a writer beside a contribution"
                )
    # The contributions themselves and the cycle's review (its answers) hold the texts.
    assert found_somewhere >= 4


def test_the_audit_trail_holds_nothing_the_writers_did(anonymous_session):
    from samenspel.common.models import AuditEvent

    assert not AuditEvent.objects.filter(actor__in=anonymous_session["writers"]).exists()
    closing = AuditEvent.objects.filter(action="session.phase", data__to="grouping").get()
    assert closing.data["contributions"] == 3


def test_contributions_keep_no_time_and_no_order(anonymous_session):
    fields = {field.get_internal_type() for field in Contribution._meta.concrete_fields}
    assert not fields & {"DateTimeField", "DateField", "AutoField", "BigAutoField"}


def test_the_review_names_roles_not_people(anonymous_session):
    review = anonymous_session["cycle"].review
    review.refresh_from_db()
    assert review.taken_part
    for entry in review.taken_part:
        for user in anonymous_session["writers"]:
            assert user.name not in entry
        assert "Marja" not in entry


def test_no_log_line_names_a_writer(anonymous_session, caplog):
    people = [user.name for user in anonymous_session["writers"]]
    people += [user.email for user in anonymous_session["writers"]]
    for record in caplog.records:
        line = record.getMessage()
        for needle in people:
            assert needle not in line, f"a log line names a writer: {line}"
