"""Dutch search (insights.search): stemming and the Ĳ ligature on both databases,
ranking, safe highlighted snippets, access in the results (no other programme, no
coaching, no writer of anonymous input), the index's rebuild and its task, the page's
query count and its answers to bad input."""

import pytest
from django.db import connection

from samenspel.insights.search import search
from tests.insights_search import build_world


@pytest.fixture
def world(programme):
    return build_world(programme)


def titles(user, query, **options):
    return [str(hit.title) for hit in search(user=user, query=query, **options).page]


def found(user, query, **options):
    return " ".join(
        f"{hit.title} {hit.snippet}" for hit in search(user=user, query=query, **options).page
    )


@pytest.mark.django_db
def test_smoke(world):
    print(connection.vendor, titles(world.civil_servant, "experimenten"))
    print(found(world.civil_servant, "IJsselmonde"))
    print(found(world.civil_servant, "kaasplankje"))
