"""The coaching's pages with what the compass adds (compass/goals.py) pass axe's WCAG
2.1 AA rules at 1280 and 390 px without sideways scrolling: goals with their facets,
the coachee's own compass over time, the form of a new goal with the facets, and the
page that changes a goal's facets. The coachee ticks facets on a phone."""

import datetime

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from samenspel.coaching import services as coaching_services
from samenspel.compass.constants import Subject
from samenspel.compass.goal_services import goal_facets_set
from samenspel.compass.models import GoalFacet
from tests.browser.test_session_room import DESKTOP, PHONE, check, nl
from tests.compass import assess, make_compass

pytestmark = pytest.mark.django_db(transaction=True)

TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def test_coaching_pages_with_facets_pass_axe_and_a_goal_is_linked_on_a_phone(
    page, log_in_by_session, programme, facilitator, civil_servant
):
    compass = make_compass(programme, facilitator)
    facets = list(compass.facets.order_by("position"))
    coaching = coaching_services.coaching_start(
        programme=programme, coachee=civil_servant, by=facilitator, started_on=TODAY - 90 * DAY
    )
    goal = coaching_services.goal_add(
        coaching=coaching, by=civil_servant, text="Ik laat vaker los.", set_on=TODAY - 60 * DAY
    )
    goal_facets_set(goal=goal, facets=facets[:2], by=civil_servant)
    for days, now in ((50, 3), (20, 6)):
        assess(
            compass,
            [now, 5],
            desired=[8, 7],
            subject=Subject.PERSON,
            respondent=civil_servant,
            on=TODAY - days * DAY,
        )
    base = f"/programmes/{programme.slug}/coaching/{coaching.pk}/"
    log_in_by_session(page, civil_servant)
    found: list[str] = []
    for viewport in (DESKTOP, PHONE):
        page.set_viewport_size(viewport)
        for address, where in (
            (base, "coaching"),
            (base + "goals/", "goals"),
            (base + "goals/new/", "new goal"),
            (base + f"goals/{goal.pk}/facets/", "goal facets"),
        ):
            page.goto(address)
            found += check(page, f"{where}, {viewport['width']} px")
    assert not found, "\n".join(found)

    # On the phone, the coachee changes the goal's facets.
    page.goto(base + f"goals/{goal.pk}/facets/")
    page.get_by_label(facets[0].name).uncheck()
    page.get_by_label(facets[2].name).check()
    page.get_by_role("button", name=nl("Save")).click()
    expect(page.locator(".sp-messages")).to_contain_text(
        nl("The facets of the goal have been saved.")
    )
    assert set(GoalFacet.objects.filter(goal=goal).values_list("facet_id", flat=True)) == {
        facets[1].pk,
        facets[2].pk,
    }
