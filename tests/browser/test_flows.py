"""The main flows, clicked through in Chromium as a member would: log in, create an
initiative, take a learning cycle round from expectation to adjustment, get a refusal,
and switch the language.

The interface is Dutch by default. `nl()` looks a source text up in the Dutch catalogue,
so the tests read what a Dutch user sees without repeating every translation here.
"""

import datetime

import pytest
from django.utils import timezone, translation
from playwright.sync_api import Page, expect

from samenspel.cycles.constants import CycleState
from samenspel.cycles.models import Expectation, LearningCycle, Observation
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Initiative
from tests.factories import CycleFactory, ExpectationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def nl(message: str, **values: object) -> str:
    with translation.override("nl"):
        text = translation.gettext(message)
    return text % values if values else text


def expect_message(page: Page, message: str, **values: object) -> None:
    expect(page.locator(".sp-messages")).to_contain_text(nl(message, **values))


def expect_dutch(page: Page) -> None:
    expect(page.locator("html")).to_have_attribute("lang", "nl")


def test_civil_servant_logs_in_and_creates_an_initiative(
    page, log_in, programme, area, civil_servant
):
    page.goto("/")
    expect_dutch(page)
    expect(page.get_by_role("heading", level=1)).to_have_text("Inloggen")
    log_in(page, civil_servant)
    expect(page.get_by_role("heading", level=1)).to_have_text("Mijn werk")

    page.get_by_role("link", name="Het nieuwe samenspel").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Het nieuwe samenspel")
    page.get_by_role("link", name=nl("New initiative")).first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("New initiative"))

    page.locator("#id_title").fill("Buurttuin Sleeuwijk")
    page.locator("#id_summary").fill("Bewoners maken samen een moestuin achter de school.")
    page.locator("#id_area").select_option(label="Werkendam")
    page.locator("#id_municipal_contribution").fill("2500")
    page.locator("#id_resident_contribution").fill("800")
    page.get_by_role("button", name=nl("Save"), exact=True).click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Buurttuin Sleeuwijk")
    expect_message(page, "The initiative has been created.")
    expect(page.locator("main")).to_contain_text("Werkendam")
    expect(page.locator("main")).to_contain_text(nl("This initiative has no learning cycles yet."))
    initiative = Initiative.objects.get(title="Buurttuin Sleeuwijk")
    assert initiative.programme == programme
    assert initiative.area == area


def test_a_cycle_goes_round_and_raises_the_learning_yield(
    page, log_in, programme, initiative, civil_servant
):
    # One cycle of this initiative is long overdue and still acting: the yield is 0 of 1.
    past = timezone.localdate() - datetime.timedelta(days=200)
    CycleFactory(
        initiative=initiative,
        owner=civil_servant,
        number=1,
        title="Oude ronde",
        state=CycleState.ACTING,
        starts_on=past,
        expectation_due=past,
        review_due=past,
        adjustment_due=past,
    )
    log_in(page, civil_servant)
    yield_figure = page.locator("#yield-heading + p .sp-figure")
    page.goto(f"/programmes/{programme.slug}/")
    expect(yield_figure).to_have_text("0%")

    # A new cycle, from the initiative's page.
    page.goto(f"/programmes/{programme.slug}/initiatives/{initiative.pk}/")
    page.get_by_role("link", name=nl("New cycle"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("New learning cycle"))
    page.locator("#id_title").fill("Eerste bewonersavond")
    page.get_by_role("button", name=nl("Create the cycle")).click()
    heading = nl("Cycle %(number)s: %(title)s", number=2, title="Eerste bewonersavond")
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    expect_message(page, "The cycle has been created. Write down the expectation.")
    badge = page.locator(".sp-page-header .sp-badge")
    expect(badge).to_have_text(nl("Expectation"))

    # Draft: write down the expectation, then start acting.
    page.locator("#id_intention").fill("We houden een bewonersavond in het dorpshuis.")
    page.locator("#id_expected_outcome").fill("Dertig bewoners komen; tien willen meedoen.")
    page.get_by_role("button", name=nl("Save the expectation")).click()
    expect_message(page, "The expectation has been saved.")
    page.get_by_role("button", name=nl("Start acting")).click()
    expect_message(page, "The cycle is now acting. The expectation is frozen.")
    expect(badge).to_have_text(nl("Acting"))
    expect(page.locator("#expected-heading + dl")).to_contain_text("Dertig bewoners komen")

    # Acting: add an observation to the log.
    page.locator("#id_text").fill("Er kwamen twaalf bewoners; de koffie was op.")
    page.get_by_role("button", name=nl("Add to the log")).click()
    expect_message(page, "The observation has been added to the log.")
    expect(page.locator("#happened-heading ~ ol")).to_contain_text("Er kwamen twaalf bewoners")

    # Review: answer every question of the after action review.
    answers = page.locator("textarea[id^=id_answer_]")
    expect(answers).to_have_count(len(programme.review_questions))
    for i in range(answers.count()):
        answers.nth(i).fill(f"Antwoord {i + 1} van de terugblik.")
    page.get_by_role("button", name=nl("Record the review")).click()
    expect_message(page, "The review has been recorded.")
    expect(badge).to_have_text(nl("Adjustment"))
    expect(page.locator("#review-heading ~ dl")).to_contain_text("Antwoord 5 van de terugblik.")

    # Adjustment: decide and say what changes. That closes the cycle.
    page.get_by_label(nl("Continue"), exact=True).check()
    page.locator("#id_text").fill("We nodigen volgende keer via de school uit.")
    page.get_by_role("button", name=nl("Record the adjustment")).click()
    expect_message(page, "The adjustment has been recorded. The cycle is completed.")
    expect(badge).to_have_text(nl("Completed"))
    expect(page.locator("#adjustment-heading ~ p").first).to_have_text(nl("Continue"))

    # The overview now counts one completed cycle of the two that are due.
    page.get_by_role("link", name=nl("Overview"), exact=True).click()
    expect(yield_figure).to_have_text("50%")

    cycle = LearningCycle.objects.get(initiative=initiative, number=2)
    assert cycle.state == CycleState.CLOSED
    assert cycle.review.answers[4]["answer"] == "Antwoord 5 van de terugblik."
    assert cycle.observations.count() == 1


def test_an_empty_expectation_is_refused_in_dutch(page, log_in, initiative, civil_servant):
    cycle = CycleFactory(initiative=initiative, owner=civil_servant)
    log_in(page, civil_servant)
    page.goto(f"/programmes/{initiative.programme.slug}/cycles/{cycle.pk}/")
    page.locator("#id_intention").fill("   ")
    page.get_by_role("button", name=nl("Save the expectation")).click()

    expect_dutch(page)
    expect(page.get_by_role("alert")).to_have_text(nl("Please correct the fields marked below."))
    expect(page.locator("#id_intention_error")).to_have_text("Dit veld is verplicht.")
    expect(page.locator("#id_expected_outcome_error")).to_have_text("Dit veld is verplicht.")
    expect(page.locator("#id_intention")).to_have_attribute("aria-invalid", "true")
    assert not Expectation.objects.filter(cycle=cycle).exists()
    cycle.refresh_from_db()
    assert cycle.state == CycleState.DRAFT


def test_an_observation_in_the_future_is_refused(page, log_in, initiative, civil_servant):
    cycle = CycleFactory(initiative=initiative, owner=civil_servant, state=CycleState.ACTING)
    ExpectationFactory(cycle=cycle)
    log_in(page, civil_servant)
    page.goto(f"/programmes/{initiative.programme.slug}/cycles/{cycle.pk}/")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    page.locator("#id_occurred_on").fill(tomorrow.isoformat())
    page.locator("#id_text").fill("Dit gebeurt morgen pas.")
    page.get_by_role("button", name=nl("Add to the log")).click()

    expect(page.locator("#id_occurred_on_error")).to_have_text(
        nl("An observation cannot lie in the future.")
    )
    expect(page.locator("#id_text")).to_have_value("Dit gebeurt morgen pas.")
    assert not Observation.objects.exists()


def test_a_cycle_is_handed_over_on_its_own_page(
    page, log_in, programme, initiative, civil_servant, member
):
    colleague = member(Role.FACILITATOR)
    cycle = CycleFactory(initiative=initiative, owner=civil_servant, state=CycleState.ACTING)
    ExpectationFactory(cycle=cycle)
    log_in(page, civil_servant)
    page.goto(f"/programmes/{programme.slug}/cycles/{cycle.pk}/")
    expect(page.locator("select[name=owner]")).to_have_count(0)
    page.get_by_role("link", name=nl("Hand over this cycle")).click()

    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Hand over this cycle"))
    page.get_by_role("button", name=nl("Hand over"), exact=True).click()  # nobody chosen
    expect(page.locator("#id_owner_error")).to_be_visible()
    expect(page.locator("#id_owner")).to_have_attribute("aria-invalid", "true")
    cycle.refresh_from_db()
    assert cycle.owner == civil_servant

    page.get_by_label(nl("New owner")).select_option(str(colleague.pk))
    page.get_by_role("button", name=nl("Hand over"), exact=True).click()
    expect_message(page, "The cycle has been handed over.")
    assert page.url.endswith(f"/cycles/{cycle.pk}/")
    cycle.refresh_from_db()
    assert cycle.owner == colleague


def test_switch_to_english_and_back(page, log_in, civil_servant):
    log_in(page, civil_servant)
    heading = page.get_by_role("heading", level=1)
    expect_dutch(page)
    expect(heading).to_have_text("Mijn werk")

    page.locator("#language-switch").select_option("en")
    page.locator("#language-switch ~ button").click()
    expect(page.locator("html")).to_have_attribute("lang", "en")
    expect(heading).to_have_text("My work")
    expect(page.get_by_role("link", name="Programmes", exact=True)).to_be_visible()
    expect(page.locator("#language-switch option:checked")).to_have_text("English")

    page.locator("#language-switch").select_option("nl")
    page.locator("#language-switch ~ button").click()
    expect_dutch(page)
    expect(heading).to_have_text("Mijn werk")
    expect(page.get_by_role("link", name="Programma's", exact=True)).to_be_visible()
    expect(page.locator("#language-switch option:checked")).to_have_text("Nederlands")


def test_coaching_from_start_to_goals_over_time_without_javascript(
    browser, live_server, log_in, programme, initiative, facilitator, civil_servant, member
):
    """A facilitator starts coaching a civil servant and writes down a conversation; the
    civil servant sets a goal, marks it achieved and sees it over time; another
    facilitator finds nothing. With JavaScript switched off: the pages need none."""
    context = browser.new_context(
        base_url=live_server.url,
        locale="nl-NL",
        timezone_id="Europe/Amsterdam",
        java_script_enabled=False,
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    log_in(page, facilitator)
    page.goto(f"/programmes/{programme.slug}/")
    page.locator(".sp-subnav").get_by_role("link", name=nl("Coaching"), exact=True).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("My coaching"))
    page.locator("#id_coachee").select_option(label=civil_servant.name)
    page.get_by_role("button", name=nl("Start coaching")).click()
    heading = nl("Coaching of %(name)s", name=civil_servant.name)
    expect(page.get_by_role("heading", level=1)).to_have_text(heading)
    coaching_url = page.url

    page.get_by_role("link", name=nl("New conversation")).click()
    page.get_by_label(initiative.title).check()
    page.locator("#id_what_happened").fill("De dorpsraad wil de bar zelf draaien.")
    page.locator("#id_agreements").fill("Ik vraag eerst wat zij nodig hebben.")
    page.get_by_role("button", name=nl("Save"), exact=True).click()
    expect_message(page, "The conversation has been saved.")
    expect(page.locator("main")).to_contain_text("De dorpsraad wil de bar zelf draaien.")
    expect(page.locator("main")).to_contain_text(initiative.title)

    context.clear_cookies()
    log_in(page, civil_servant)
    page.goto(coaching_url)
    expect(page.locator("main")).to_contain_text("De dorpsraad wil de bar zelf draaien.")
    page.get_by_role("link", name=nl("New development goal")).click()
    page.locator("#id_text").fill("Ik laat de dorpsraad zelf de agenda bepalen.")
    page.get_by_role("button", name=nl("Save"), exact=True).click()
    expect_message(page, "The development goal has been added.")
    page.get_by_role("link", name=nl("Add a step")).click()
    page.get_by_label(nl("Achieved"), exact=True).check()
    page.locator("#id_note").fill("Bij de jaarvergadering lukte het.")
    page.get_by_role("button", name=nl("Save"), exact=True).click()
    expect_message(page, "The step has been added to the goal.")
    page.get_by_role("link", name=nl("See the goals over time")).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(nl("Goals over time"))
    expect(page.locator("svg.sp-course[role=img]")).to_be_visible()
    expect(page.locator("main")).to_contain_text("Bij de jaarvergadering lukte het.")

    context.clear_cookies()
    log_in(page, member(Role.FACILITATOR))
    response = page.goto(coaching_url)
    assert response is not None and response.status == 404
    expect(page.locator("main")).not_to_contain_text("De dorpsraad")
    context.close()
