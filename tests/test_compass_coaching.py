"""Coaching goals linked to facets of the compass, and the coachee's own compass on the
coaching's pages (compass.goals, through coaching.places): linking through HTTP, the
refusal of another programme's facets and of retired ones, who sees the facets and the
self-scores (the coach and the coachee; everyone else 404 as before), and that nothing
of it reaches the programme: its audit events carry no programme and no content, and its
data version stays."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from samenspel.coaching import services as coaching_services
from samenspel.coaching.models import DevelopmentGoal
from samenspel.common.models import AuditEvent
from samenspel.compass.constants import Perspective, Subject
from samenspel.compass.goal_services import goal_facets_set
from samenspel.compass.models import GoalFacet
from samenspel.compass.services import facet_retire
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Programme
from tests.compass import assess, make_compass
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


@pytest.fixture
def coach(facilitator):
    return facilitator


@pytest.fixture
def coachee(civil_servant):
    return civil_servant


@pytest.fixture
def compass(programme, coach):
    return make_compass(programme, coach)


@pytest.fixture
def coaching(programme, coach, coachee, compass):
    return coaching_services.coaching_start(
        programme=programme, coachee=coachee, by=coach, started_on=TODAY - 60 * DAY
    )


@pytest.fixture
def goal(coaching, coachee):
    return coaching_services.goal_add(
        coaching=coaching, by=coachee, text="Ik laat vaker los.", set_on=TODAY - 30 * DAY
    )


def facets(compass):
    return list(compass.facets.filter(retired_at__isnull=True).order_by("position"))


def page(programme, coaching, name="coaching-detail"):
    return reverse(name, args=[programme.slug, coaching.pk])


def facets_url(programme, coaching, goal):
    return reverse("coaching-goal-facets", args=[programme.slug, coaching.pk, goal.pk])


def data_version(programme):
    return Programme.objects.values_list("data_version", flat=True).get(pk=programme.pk)


def linked(goal):
    return set(GoalFacet.objects.filter(goal=goal).values_list("facet_id", flat=True))


# Linking ------------------------------------------------------------------------------------


def test_a_new_goal_is_linked_to_facets_on_its_form(
    programme, coaching, compass, coachee, client_for
):
    client = client_for(coachee)
    url = reverse("coaching-goal-create", args=[programme.slug, coaching.pk])
    form = client.get(url).content.decode()
    first, second, *_rest = facets(compass)
    assert f'value="{first.pk}"' in form
    assert first.name in form
    version = data_version(programme)
    response = client.post(
        url,
        {
            "text": "Ik vraag eerst door.",
            "set_on": TODAY.isoformat(),
            "facets": [first.pk, second.pk],
        },
    )
    assert response.status_code == 302
    goal = DevelopmentGoal.objects.get(text="Ik vraag eerst door.")
    assert linked(goal) == {first.pk, second.pk}
    event = AuditEvent.objects.get(action="coaching.goal_facets")
    assert event.programme_id is None
    assert event.actor == coachee
    assert event.data == {"coaching": coaching.pk, "facets": sorted([first.pk, second.pk])}
    assert "Ik vraag" not in str(event.data)
    assert data_version(programme) == version
    # None is fine too: the goal is added without facets, and no facet event.
    response = client.post(url, {"text": "Zonder windrichting.", "set_on": TODAY.isoformat()})
    assert response.status_code == 302
    assert linked(DevelopmentGoal.objects.get(text="Zonder windrichting.")) == set()
    assert AuditEvent.objects.filter(action="coaching.goal_facets").count() == 1


def test_the_goal_shows_its_facets_and_they_can_be_changed_later(
    programme, coaching, compass, goal, coach, client_for
):
    client = client_for(coach)
    first, second, third, _fourth = facets(compass)
    goal_facets_set(goal=goal, facets=[first], by=coach)
    for name in ("coaching-detail", "coaching-goals"):
        html = client.get(page(programme, coaching, name)).content.decode()
        assert first.name in html.split("Ik laat vaker los.", 1)[1]
        assert facets_url(programme, coaching, goal) in html
    form = client.get(facets_url(programme, coaching, goal))
    assert form.status_code == 200
    html = form.content.decode()
    assert re.search(rf'value="{first.pk}"[^>]*checked', html)
    assert not re.search(rf'value="{second.pk}"[^>]*checked', html)
    version = data_version(programme)
    response = client.post(facets_url(programme, coaching, goal), {"facets": [second.pk, third.pk]})
    assert response.status_code == 302
    assert response.url == page(programme, coaching, "coaching-goals")
    assert linked(goal) == {second.pk, third.pk}
    assert data_version(programme) == version
    # Unticking all is fine.
    assert client.post(facets_url(programme, coaching, goal), {}).status_code == 302
    assert linked(goal) == set()
    events = AuditEvent.objects.filter(action="coaching.goal_facets")
    assert all(event.programme_id is None for event in events)
    assert all(set(event.data) == {"coaching", "facets"} for event in events)


@pytest.mark.parametrize("which", ["foreign", "retired"])
def test_a_foreign_or_retired_facet_is_refused_and_nothing_is_stored(
    programme, coaching, compass, goal, coach, coachee, client_for, which
):
    first = facets(compass)[0]
    goal_facets_set(goal=goal, facets=[first], by=coach)
    if which == "foreign":
        other = MembershipFactory(role=Role.FACILITATOR)
        bad = facets(make_compass(other.programme, other.user))[0]
    else:
        bad = facets(compass)[-1]
        facet_retire(facet=bad, by=coach)
    events = AuditEvent.objects.count()
    client = client_for(coachee)
    response = client.post(facets_url(programme, coaching, goal), {"facets": [first.pk, bad.pk]})
    assert response.status_code == 400
    assert linked(goal) == {first.pk}
    response = client.post(
        reverse("coaching-goal-create", args=[programme.slug, coaching.pk]),
        {"text": "Nog een doel.", "set_on": TODAY.isoformat(), "facets": [bad.pk]},
    )
    assert response.status_code == 400
    assert not DevelopmentGoal.objects.filter(text="Nog een doel.").exists()
    assert AuditEvent.objects.count() == events
    # The service refuses too, when called directly.
    with pytest.raises(ValidationError) as refused:
        goal_facets_set(goal=goal, facets=[bad], by=coachee)
    assert "facets" in refused.value.message_dict
    assert linked(goal) == {first.pk}


# The coachee's own compass --------------------------------------------------------------------


def test_coach_and_coachee_see_the_coachees_own_scores_for_the_linked_facets(
    programme, coaching, compass, goal, coach, coachee, client_for
):
    first, second, third, _fourth = facets(compass)
    goal_facets_set(goal=goal, facets=[first, second], by=coachee)
    for days, now in ((40, 3), (20, 5), (2, 7)):
        assess(
            compass,
            {first.name: now, third.name: 9},
            desired={first.name: 8},
            subject=Subject.PERSON,
            respondent=coachee,
            perspective=Perspective.CIVIL_SERVANTS,
            on=TODAY - days * DAY,
        )
    # Someone else's self-assessment never shows.
    assess(
        compass, [1, 1, 1, 1], subject=Subject.PERSON, respondent=coach, perspective="facilitator"
    )
    for viewer in (coach, coachee):
        html = client_for(viewer).get(page(programme, coaching)).content.decode()
        section = html.split('id="own-compass-heading"', 1)[1]
        table = section.split(first.name, 1)[1].split("</table>", 1)[0]
        rows = table.split("<tr>")[2:]
        # The newest first: 7, 5, 3; desired 8.
        assert [row.split('class="sp-num">', 1)[1].split("<", 1)[0] for row in rows] == [
            "7",
            "5",
            "3",
        ]
        assert ">8<" in table
        assert ">1<" not in table
        assert second.name in section  # linked, without scores yet
        assert third.name not in section  # scored, but not linked to a goal


def test_only_the_coachee_gets_the_links_to_their_own_compass(
    programme, coaching, compass, goal, coach, coachee, client_for
):
    goal_facets_set(goal=goal, facets=[facets(compass)[0]], by=coachee)
    coachee_html = client_for(coachee).get(page(programme, coaching)).content.decode()
    coach_html = client_for(coach).get(page(programme, coaching)).content.decode()
    assert 'id="own-compass-heading"' in coachee_html
    assert 'id="own-compass-heading"' in coach_html
    for name in ("compass-personal", "compass-answer"):
        address = reverse(name, args=[programme.slug])
        assert address in coachee_html
        assert address not in coach_html


def test_everyone_else_gets_404_and_sees_nothing(
    programme, coaching, compass, goal, coach, coachee, client_for, member
):
    goal_facets_set(goal=goal, facets=[facets(compass)[0]], by=coachee)
    others = [
        member(Role.FACILITATOR),
        member(Role.ADMINISTRATOR),
        member(Role.CIVIL_SERVANT),
        UserFactory(is_staff=True, is_superuser=True),
        MembershipFactory(role=Role.FACILITATOR).user,
    ]
    for other in others:
        client = client_for(other)
        for url in (
            page(programme, coaching),
            page(programme, coaching, "coaching-goals"),
            facets_url(programme, coaching, goal),
        ):
            assert client.get(url).status_code == 404, (other, url)
        response = client.post(facets_url(programme, coaching, goal), {"facets": []})
        assert response.status_code == 404
    assert linked(goal) == {facets(compass)[0].pk}


def test_an_ended_coaching_offers_no_change(programme, coaching, compass, goal, coach, client_for):
    coaching_services.coaching_end(coaching=coaching, by=coach)
    client = client_for(coach)
    html = client.get(page(programme, coaching, "coaching-goals")).content.decode()
    assert facets_url(programme, coaching, goal) not in html
    response = client.post(
        facets_url(programme, coaching, goal), {"facets": [facets(compass)[0].pk]}
    )
    assert response.status_code == 302
    assert linked(goal) == set()


def test_the_coaching_page_costs_the_same_with_more_goals_and_scores(
    programme, coaching, compass, coach, coachee, client_for
):
    client = client_for(coach)

    def queries():
        with CaptureQueriesContext(connection) as captured:
            assert client.get(page(programme, coaching)).status_code == 200
        return len(captured)

    goal = coaching_services.goal_add(coaching=coaching, by=coachee, text="Eén.", set_on=TODAY)
    goal_facets_set(goal=goal, facets=facets(compass)[:1], by=coachee)
    assess(compass, [5], subject=Subject.PERSON, respondent=coachee, on=TODAY)
    few = queries()
    for number in range(4):
        more = coaching_services.goal_add(
            coaching=coaching, by=coachee, text=f"Doel {number}.", set_on=TODAY
        )
        goal_facets_set(goal=more, facets=facets(compass), by=coachee)
        assess(
            compass,
            [number, 2, 3, 4],
            subject=Subject.PERSON,
            respondent=coachee,
            on=TODAY - number * DAY,
        )
    assert queries() == few


def test_without_a_compass_there_is_nothing_to_link(programme, coach, coachee, client_for):
    other = MembershipFactory(role=Role.FACILITATOR)
    coaching = coaching_services.coaching_start(
        programme=other.programme,
        coachee=MembershipFactory(programme=other.programme, role=Role.CIVIL_SERVANT).user,
        by=other.user,
    )
    goal = coaching_services.goal_add(coaching=coaching, by=other.user, text="Zonder kompas.")
    client = client_for(other.user)
    form = client.get(reverse("coaching-goal-create", args=[other.programme.slug, coaching.pk]))
    assert 'name="facets"' not in form.content.decode()
    html = client.get(page(other.programme, coaching, "coaching-goals")).content.decode()
    assert facets_url(other.programme, coaching, goal) not in html
    assert 'id="own-compass-heading"' not in html
    response = client.get(facets_url(other.programme, coaching, goal))
    assert response.status_code == 302
    assert response.url == page(other.programme, coaching, "coaching-goals")


def test_the_coach_sees_only_the_self_assessments_made_while_the_coaching_ran(
    programme, coaching, compass, goal, coach, coachee, client_for
):
    first = facets(compass)[0]
    goal_facets_set(goal=goal, facets=[first], by=coachee)
    for days, now in ((90, 2), (30, 6), (5, 9)):  # before the start (60 days ago), …
        assess(
            compass,
            {first.name: now},
            subject=Subject.PERSON,
            respondent=coachee,
            perspective=Perspective.CIVIL_SERVANTS,
            on=TODAY - days * DAY,
        )
    # The coaching ended ten days ago (a coaching ends on the day it is ended).
    type(coaching).objects.filter(pk=coaching.pk).update(ended_on=TODAY - 10 * DAY)
    html = client_for(coach).get(page(programme, coaching)).content.decode()
    section = html.split('id="own-compass-heading"', 1)[1]
    table = section.split(first.name, 1)[1].split("</table>", 1)[0]
    shown = [row.split('class="sp-num">', 1)[1].split("<", 1)[0] for row in table.split("<tr>")[2:]]
    assert shown == ["6"]  # not the one before the coaching, nor the one after it ended
