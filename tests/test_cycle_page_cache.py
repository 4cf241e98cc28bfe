"""The cycle page serves its forms from the cache with each person's own CSRF token, and
a cached page no longer reads the cycle's records; a question lists its newest links first."""

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


def test_a_cached_cycle_page_reads_no_records(client_for, programme, civil_servant, cycle):
    client = client_for(civil_servant)
    page = reverse("cycle-detail", args=[programme.slug, cycle.pk])
    assert "Een avond." in client.get(page).content.decode()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page)
    assert "Een avond." in response.content.decode()
    assert "observation" in response.content.decode()  # the observation form is there
    read = " ".join(query["sql"] for query in captured.captured_queries)
    assert "cycles_expectation" not in read
    assert "cycles_review" not in read


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
