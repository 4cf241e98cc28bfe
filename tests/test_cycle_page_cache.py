"""The cycle page serves its forms from the cache with each person's own CSRF token, and
a cached page reads the cycle with its records in one query and nothing more; that
query builds the cycle and its records as the ORM would; a question lists its newest
links first."""

import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from samenspel.cycles import services
from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import LearningCycle
from samenspel.cycles.views import CSRF_PLACEHOLDER
from tests.factories import CycleFactory, ExpectationFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cycle(initiative, civil_servant):
    cycle = services.cycle_create(
        initiative=initiative, title="Bewonersavond", owner=civil_servant, by=civil_servant
    )
    services.expectation_record(
        cycle=cycle, intention="Een avond.", expected_outcome="Dertig mensen.", by=civil_servant
    )
    services.cycle_start(cycle=cycle, by=civil_servant)
    return cycle


def _strict_client(user) -> Client:
    client = Client(enforce_csrf_checks=True)
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


def test_cached_forms_carry_each_sessions_own_csrf_token(programme, civil_servant, cycle):
    page = reverse("cycle-detail", args=[programme.slug, cycle.pk])
    first, second = _strict_client(civil_servant), _strict_client(civil_servant)
    first.get(page)  # fills the cache
    html = second.get(page).content.decode()
    assert CSRF_PLACEHOLDER not in html
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)

    response = second.post(
        reverse("cycle-abandon", args=[programme.slug, cycle.pk]),
        {"csrfmiddlewaretoken": token, "reason": "Geen tijd meer."},
    )
    assert response.status_code == 302
    assert LearningCycle.objects.get(pk=cycle.pk).state == CycleState.ABANDONED


def test_bad_input_shows_the_bound_form_with_its_message(
    client_for, programme, civil_servant, cycle
):
    client = client_for(civil_servant)
    page = reverse("cycle-detail", args=[programme.slug, cycle.pk])
    client.get(page)  # the unbound forms are cached now
    response = client.post(
        reverse("cycle-abandon", args=[programme.slug, cycle.pk]), {"reason": ""}
    )
    assert response.status_code == 400
    assert " open>" in response.content.decode()  # the abandon form, with its error, open
    assert LearningCycle.objects.get(pk=cycle.pk).state == CycleState.ACTING


def test_a_cached_cycle_page_reads_only_the_cycle_with_its_records(
    client_for, programme, civil_servant, cycle
):
    """From the cache, the page reads the programme and role, and the cycle with its
    records in one written-out query (cycles.access.access_cycle_page); its log, history
    and learning questions come from the cache, and so do the forms."""
    client = client_for(civil_servant)
    page = reverse("cycle-detail", args=[programme.slug, cycle.pk])
    assert "Een avond." in client.get(page).content.decode()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page)
    assert "Een avond." in response.content.decode()
    assert "observation" in response.content.decode()  # the observation form is there
    statements = [query["sql"] for query in captured.captured_queries]
    cycle_reads = [sql for sql in statements if "cycles_learningcycle" in sql]
    assert len(cycle_reads) == 1
    assert "cycles_expectation" in cycle_reads[0]  # the records come with the cycle
    read = " ".join(statements)
    for table in ("cycles_observation", "common_auditevent", "programmes_learningquestion"):
        assert table not in read, table
    assert len(statements) <= 4  # session, user, programme and role, the cycle


@pytest.mark.django_db
def test_cached_forms_of_one_cycle_never_show_on_another(
    client_for, programme, initiative, civil_servant
):
    """The forms' fields are cached per page: cycle B's expectation form shows B's
    expectation after cycle A's page was drawn, and the other way round."""
    first, second = (
        ExpectationFactory(cycle=CycleFactory(initiative=initiative), intention=intention).cycle
        for intention in ("Een avond in het dorpshuis.", "Een markt op het plein.")
    )
    client = client_for(civil_servant)
    for cycle in (first, second, first):
        html = client.get(reverse("cycle-detail", args=[programme.slug, cycle.pk])).content
        other = second if cycle == first else first
        assert f">\n{cycle.expectation.intention}</textarea>".encode() in html
        assert f">\n{other.expectation.intention}</textarea>".encode() not in html


def test_the_cycle_pages_own_query_builds_what_the_orm_would(
    programme, initiative, civil_servant, cycle, django_assert_num_queries
):
    import datetime

    from django.http import Http404

    from samenspel.cycles.access import access_cycle_page
    from samenspel.cycles.selectors import cycle_with_records
    from samenspel.programmes.access import access_programme_by_slug
    from tests.factories import ProgrammeFactory

    services.review_record(
        cycle=cycle, by=civil_servant, answers=["Antwoord"] * len(programme.review_questions)
    )
    services.adjustment_record(
        cycle=cycle,
        by=civil_servant,
        decision="continue",
        text="Nog een avond.",
        next_cycle_title="Tweede avond",
    )
    follows = LearningCycle.objects.get(previous=cycle)  # opened by the adjustment
    access = access_programme_by_slug(user=civil_servant, slug=programme.slug)
    # A cycle with every record and a next cycle; one with a previous cycle and none.
    for pk in (cycle.pk, follows.pk):
        orm = cycle_with_records(cycle=LearningCycle.objects.get(pk=pk))
        with django_assert_num_queries(1):
            page = access_cycle_page(access=access, cycle_id=pk)
        with django_assert_num_queries(0):
            assert page.initiative.title == initiative.title
            assert page.owner.name == civil_servant.name
            for field in LearningCycle._meta.concrete_fields:
                assert getattr(page, field.attname) == getattr(orm, field.attname), field
            assert isinstance(page.starts_on, datetime.date)
            for name in ("expectation", "review", "adjustment"):
                mine, theirs = getattr(page, name, None), getattr(orm, name, None)
                assert (mine is None) == (theirs is None), name
                if theirs is not None:
                    for field in type(theirs)._meta.concrete_fields:
                        assert getattr(mine, field.attname) == getattr(theirs, field.attname)
            neighbours = (getattr(page, "previous", None), getattr(page, "next", None))
            expected_neighbours = (orm.previous, getattr(orm, "next", None))
            assert [n and (n.pk, n.number, n.title) for n in neighbours] == [
                n and (n.pk, n.number, n.title) for n in expected_neighbours
            ]
        assert page.pk != cycle.pk or isinstance(page.review.answers, list)
    other = ProgrammeFactory()
    with pytest.raises(Http404):
        access_cycle_page(
            access=access_programme_by_slug(user=civil_servant, slug=programme.slug),
            cycle_id=CycleFactory(initiative__programme=other).pk,
        )


def test_the_cycle_pages_lists_read_as_the_orm_would(programme, civil_servant, cycle):
    import datetime

    from samenspel.common.models import AuditEvent
    from samenspel.common.selectors import audit_events_for, history_of
    from samenspel.cycles.selectors import learning_questions_of, observations_of
    from tests.factories import LearningQuestionFactory

    today = datetime.date.today()
    services.observation_add(
        cycle=cycle, by=civil_servant, kind="hindered", text="Regen.", occurred_on=today
    )
    services.observation_add(
        cycle=cycle,
        by=civil_servant,
        kind="helped",
        text="Koffie.",
        occurred_on=today,
    )
    first, second = (LearningQuestionFactory(programme=programme) for _ in range(2))
    cycle.learning_questions.add(second, first)
    # An event without an actor (as anonymous input would be) keeps no name.
    AuditEvent.objects.filter(pk=audit_events_for(target=cycle).first().pk).update(actor=None)

    history = history_of(target=cycle)
    orm = list(audit_events_for(target=cycle).order_by("at", "id"))
    assert [(e.pk, e.action, e.data, e.at, e.actor_id) for e in history] == [
        (e.pk, e.action, e.data, e.at, e.actor_id) for e in orm
    ]
    assert history[0].actor is None
    assert history[-1].actor.name == civil_servant.name

    log = observations_of(cycle=cycle)
    assert [(o.text, o.kind, o.occurred_on, o.recorded_by.name) for o in log] == [
        ("Koffie.", "helped", o.occurred_on, civil_servant.name)
        if o.text == "Koffie."
        else ("Regen.", "hindered", o.occurred_on, civil_servant.name)
        for o in cycle.observations.order_by("occurred_on", "pk")
    ]
    assert [q.number for q in learning_questions_of(cycle=cycle)] == sorted(
        [first.number, second.number]
    )
