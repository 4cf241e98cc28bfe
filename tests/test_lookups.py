"""Every look-up by id or number returns exactly its own object, and another programme's
id is a 404 — in a world with several objects of each kind in two programmes
(tests/worlds.py), so that a look-up that ignores the id cannot pass."""

import pytest
from django.http import Http404
from django.urls import reverse

from samenspel.cycles import selectors as cycle_selectors
from samenspel.cycles.access import access_cycle_by_id
from samenspel.programmes import selectors
from samenspel.programmes.access import (
    access_area_by_id,
    access_initiative_by_id,
    access_membership_by_id,
    access_programme_by_slug,
    access_question_by_number,
)
from tests.factories import MembershipFactory
from tests.worlds import two_programmes

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return two_programmes()


def test_programme_by_slug_reads_the_role_in_that_programme(world):
    a, b = world
    # A facilitator of A who is a civil servant in B.
    MembershipFactory(programme=b.programme, user=a.facilitator, role="civil_servant")
    assert access_programme_by_slug(user=a.facilitator, slug="programma-a").role == "facilitator"
    in_b = access_programme_by_slug(user=a.facilitator, slug="programma-b")
    assert (in_b.programme, in_b.role) == (b.programme, "civil_servant")
    with pytest.raises(Http404):
        access_programme_by_slug(user=b.memberships[0].user, slug="programma-a")


LOOKUPS = {
    "initiative": (access_initiative_by_id, "initiative_id", "initiatives", "pk"),
    "area": (access_area_by_id, "area_id", "areas", "pk"),
    "membership": (access_membership_by_id, "membership_id", "memberships", "pk"),
    "question": (access_question_by_number, "number", "questions", "number"),
    "cycle": (access_cycle_by_id, "cycle_id", "cycles", "pk"),
}


@pytest.mark.parametrize("kind", LOOKUPS)
def test_each_id_returns_its_own_object_and_another_programmes_is_404(world, kind):
    a, b = world
    look_up, argument, attribute, key = LOOKUPS[kind]
    access = access_programme_by_slug(user=a.facilitator, slug=a.programme.slug)
    for obj in getattr(a, attribute):
        found = look_up(access=access, **{argument: getattr(obj, key)})
        assert found.pk == obj.pk
    mine = {getattr(obj, key) for obj in getattr(a, attribute)}
    foreign = [obj for obj in getattr(b, attribute) if getattr(obj, key) not in mine]
    assert foreign
    for obj in foreign:
        with pytest.raises(Http404):
            look_up(access=access, **{argument: getattr(obj, key)})


# Each page that looks up one object, and the text that names that object on it.
PAGES = [
    ("initiative-detail", "initiatives", "pk", "title"),
    ("initiative-edit", "initiatives", "pk", "title"),
    ("area-edit", "areas", "pk", "name"),
    ("area-delete", "areas", "pk", "name"),
    ("question-detail", "questions", "number", "text"),
    ("question-edit", "questions", "number", "text"),
    ("membership-edit", "memberships", "pk", "user.name"),
    ("membership-remove", "memberships", "pk", "user.name"),
    ("cycle-detail", "cycles", "pk", "title"),
    ("cycle-create", "initiatives", "pk", "title"),
]


def _text(obj, path):
    for part in path.split("."):
        obj = getattr(obj, part)
    return obj


@pytest.mark.parametrize(("name", "attribute", "key", "label"), PAGES)
def test_each_page_shows_its_own_object_and_404s_on_another_programmes(
    world, client_for, name, attribute, key, label
):
    a, b = world
    client = client_for(a.facilitator)
    objects = getattr(a, attribute)
    for obj in objects:
        html = client.get(reverse(name, args=[a.programme.slug, getattr(obj, key)])).content
        html = html.decode()
        assert _text(obj, label) in html
        for neighbour in objects:
            if neighbour.pk != obj.pk:
                assert _text(neighbour, label) not in html
    mine = {getattr(obj, key) for obj in objects}
    for obj in getattr(b, attribute):
        if getattr(obj, key) not in mine:
            url = reverse(name, args=[a.programme.slug, getattr(obj, key)])
            assert client.get(url).status_code == 404


def test_selectors_return_only_their_own_rows(world):
    a, b = world
    for n, initiative in enumerate(a.initiatives):
        assert list(cycle_selectors.cycles_of_initiative(initiative_id=initiative.pk)) == [
            a.cycles[n]
        ]
    a.cycles[1].learning_questions.add(a.questions[2])
    b.cycles[0].learning_questions.add(b.questions[0])
    links = cycle_selectors.cycles_of_question(question_id=a.questions[2].pk)
    assert [link.cycle for link in links] == [a.cycles[1]]
    assert cycle_selectors.question_cycle_counts(question_ids=[q.pk for q in a.questions]) == {
        a.questions[2].pk: 1
    }
    members = {m.user for m in selectors.members_of(programme=a.programme)}
    assert members == {a.facilitator, *(m.user for m in a.memberships)}
    assert [m.programme for m in selectors.memberships_of(user=a.memberships[1].user)] == [
        a.programme
    ]
    assert list(selectors.programmes_for(user=b.facilitator)) == [b.programme]
    by_initiative = cycle_selectors.figures_by(
        "initiative", programme_id=a.programme.pk, ids=[i.pk for i in a.initiatives[:2]]
    )
    assert set(by_initiative) == {a.initiatives[0].pk, a.initiatives[1].pk}
    assert all(row["cycles_total"] == 1 for row in by_initiative.values())
    by_area = cycle_selectors.figures_by(
        "area", programme_id=a.programme.pk, ids=[b.areas[0].pk, a.areas[2].pk]
    )
    assert set(by_area) == {a.areas[2].pk}
    assert (
        selectors.initiative_list(programme=a.programme, area_id=a.areas[1].pk).get()
        == (a.initiatives[1])
    )
    assert not selectors.initiative_list(programme=a.programme, area_id=b.areas[1].pk).exists()
    figures = selectors.programme_figures(programme=a.programme)
    assert [area.pk for area in figures.areas] == [area.pk for area in a.areas]
    assert [area.initiative_count for area in figures.areas] == [1, 1, 1]
