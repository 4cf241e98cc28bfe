"""The compass in a Dutch browser, as people use it: a facilitator sets it up from the
default template and adds a facet; a civil servant answers it, typing a Dutch date and
choosing scores with the keyboard and the mouse, and finds the answer under "My
answers"; a resident answers through the link on a phone, sees the thank-you page, and
the same visit sent again is refused; after the facilitator closes the link, the
resident sees that it is closed.
"""

import datetime
import re

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from samenspel.compass import services
from samenspel.compass.constants import Perspective
from samenspel.compass.models import AnswerLink, Assessment, Compass
from samenspel.programmes.constants import Role
from tests.compass import make_compass
from tests.factories import MembershipFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db(transaction=True)


def nl(message: str, **values: object) -> str:
    with translation.override("nl"):
        text = translation.gettext(message)
    return text % values if values else text


@pytest.fixture
def programme():
    today = timezone.localdate()
    return ProgrammeFactory(
        name="Het nieuwe samenspel",
        slug="samenspel",
        starts_on=today - datetime.timedelta(days=3 * 365),
    )


def test_a_facilitator_sets_up_the_compass_and_adds_a_facet(page: Page, log_in, programme):
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    log_in(page, facilitator)
    page.goto(f"/programmes/{programme.slug}/")
    page.get_by_role("link", name=nl("Compass"), exact=True).click()
    expect(page.locator("main")).to_contain_text(nl("This programme has no compass yet."))
    page.get_by_role("link", name=nl("Set up the compass")).click()
    expect(page.locator("h1")).to_have_text(nl("Set up the compass"))
    default = page.locator("input[name=template][value=government_roles]")
    expect(default).to_be_checked()  # the four government roles, preselected
    expect(page.locator("main")).to_contain_text("Responsieve overheid")
    page.get_by_role("button", name=nl("Set up the compass")).click()
    expect(page.locator(".sp-messages")).to_contain_text(
        nl("The compass is ready. Check its facets.")
    )
    expect(page.locator("main table")).to_contain_text("Netwerkende overheid")

    page.get_by_label(nl("Name")).fill("Vertrouwen")
    page.get_by_label(nl("Description")).fill("De gemeente vertrouwt inwoners.")
    page.get_by_label(nl("Colour")).select_option("teal")
    page.get_by_role("button", name=nl("Add the facet")).click()
    expect(page.locator(".sp-messages")).to_contain_text("Vertrouwen")
    rows = page.locator("main table tbody tr")
    expect(rows).to_have_count(5)
    expect(rows.last).to_contain_text("Vertrouwen")
    compass = Compass.objects.get(programme=programme)
    assert compass.template == "government_roles"
    assert list(compass.facets.values_list("name", flat=True))[-1] == "Vertrouwen"


def test_a_civil_servant_answers_with_a_dutch_date(page: Page, log_in, programme):
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    civil_servant = MembershipFactory(programme=programme, role=Role.CIVIL_SERVANT).user
    compass = make_compass(programme, facilitator)
    facets = list(compass.facets.order_by("position"))
    log_in(page, civil_servant)
    page.goto(f"/programmes/{programme.slug}/compass/answer/")
    expect(page.locator("main")).to_contain_text(nl("Civil servants"))
    date = page.get_by_label(nl("Date"))
    date.fill("")
    date.press_sequentially("14-3-2025")

    # The first facet: "now" with the keyboard (into the group, then arrow keys), and
    # "desired" with the mouse.
    first = page.locator("fieldset.sp-facet").nth(0)
    expect(first.locator("legend").first).to_contain_text(facets[0].name)
    now = first.locator(f"input[name=facet_{facets[0].pk}_current]")
    now.nth(0).focus()  # "no answer"
    for _ in range(7):
        page.keyboard.press("ArrowRight")
    expect(now.nth(7)).to_be_checked()  # 6: the options start with "no answer", then 0
    first.locator(f"label[for=id_facet_{facets[0].pk}_desired_9]").click()
    first.get_by_label(nl("Note")).fill("Regels gaan nog vaak voor.")
    # The third facet with the mouse; the second and fourth are left empty.
    page.locator(f"label[for=id_facet_{facets[2].pk}_current_4]").click()
    page.get_by_role("button", name=nl("Send my answer")).click()

    expect(page.locator(".sp-messages")).to_contain_text(
        nl("Thank you. Your answer has been saved.")
    )
    expect(page.locator("h1")).to_have_text(nl("My answers"))
    row = page.locator("main table tbody tr")
    expect(row).to_have_count(1)
    expect(row).to_contain_text("14 maart 2025")
    expect(row).to_contain_text(f"{facets[0].name}: 6 / 8")
    assessment = Assessment.objects.get()
    assert assessment.assessed_on == datetime.date(2025, 3, 14)
    assert assessment.perspective == Perspective.CIVIL_SERVANTS
    scores = {s.facet_id: (s.current, s.desired) for s in assessment.scores.all()}
    assert scores == {facets[0].pk: (6, 8), facets[2].pk: (3, None)}


def test_a_resident_answers_on_a_phone_and_the_link_closes(
    page: Page, log_in, programme, browser, live_server
):
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    compass = make_compass(programme, facilitator)
    facets = list(compass.facets.order_by("position"))
    link = services.link_create(
        programme=programme, title="Dorpsavond maart", subject="programme", by=facilitator
    )
    # The resident's own phone: another browser context, without an account.
    phone = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        viewport={"width": 390, "height": 844},
    )
    try:
        resident_page = phone.new_page()
        resident_page.goto(f"/kompas/{link.key}/")
        expect(resident_page.locator("h1")).to_have_text("Dorpsavond maart")
        expect(resident_page.locator("main")).to_contain_text(programme.name)
        expect(resident_page.locator(".sp-subnav")).to_have_count(0)
        width = resident_page.evaluate("() => document.documentElement.scrollWidth")
        assert width <= 390
        for index, facet in enumerate(facets):
            # Option 0 is "no answer": option index + 3 is the score index + 2.
            resident_page.locator(f"label[for=id_facet_{facet.pk}_current_{index + 3}]").click()
        form = resident_page.locator("main form")
        visit = form.locator("input[name=visit]").input_value()
        csrf = form.locator("input[name=csrfmiddlewaretoken]").input_value()
        resident_page.get_by_role("button", name=nl("Send my answer")).click()
        expect(resident_page.locator("main")).to_contain_text(
            nl("Thank you! Your answer has been sent.")
        )
        expect(resident_page.locator("main form")).to_have_count(0)
        assessment = Assessment.objects.get()
        assert assessment.respondent is None and assessment.anonymous
        assert sorted(s.current for s in assessment.scores.all()) == [2, 3, 4, 5]

        # The same visit sent again (a second press, a resent form): refused, kindly.
        again = resident_page.request.post(
            f"/kompas/{link.key}/",
            form={
                "csrfmiddlewaretoken": csrf,
                "visit": visit,
                f"facet_{facets[0].pk}_current": "9",
            },
        )
        assert again.status == 400
        assert nl("Your answers from this visit were already sent. Thank you!") in again.text()
        assert Assessment.objects.count() == 1

        # The facilitator closes the link, after a confirmation.
        log_in(page, facilitator)
        page.goto(f"/programmes/{programme.slug}/compass/links/")
        expect(page.locator("main table")).to_contain_text("Dorpsavond maart")
        page.get_by_role("link", name=re.compile(nl("Close"))).click()
        page.get_by_role("button", name=nl("Yes, close the link")).click()
        expect(page.locator("main table")).to_contain_text(nl("closed"))
        assert not AnswerLink.objects.get().is_open

        resident_page.goto(f"/kompas/{link.key}/")
        expect(resident_page.locator("main")).to_contain_text(
            nl("This link is closed. It no longer takes answers.")
        )
        expect(resident_page.locator("main form")).to_have_count(0)
    finally:
        phone.close()
