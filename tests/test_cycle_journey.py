"""Learning cycles for a journey that already happened: dates within the programme's
period, the date each step happened, re-planning and handing over, members leaving with
open cycles, the initiative's status from the adjustment, and review questions that
change while a review is written. Through the views and through the services."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import formats, timezone, translation
from django.utils.html import escape

from samenspel.common.models import AuditEvent
from samenspel.common.selectors import audit_events_for
from samenspel.cycles import selectors, services
from samenspel.cycles.constants import CycleState, Decision
from samenspel.cycles.models import LearningCycle, Review
from samenspel.programmes import services as programme_services
from samenspel.programmes.constants import InitiativeStatus, Role
from samenspel.programmes.models import Membership
from tests.factories import CycleFactory, ExpectationFactory, MembershipFactory

pytestmark = pytest.mark.django_db

D = datetime.date
FIRST, LAST = D(2016, 3, 1), D(2019, 12, 31)


def nl(text, **params):
    """A message as the Dutch page shows it."""
    with translation.override("nl"):
        message = translation.gettext(text)
        dates = {k: formats.date_format(v, "j F Y") for k, v in params.items()}
        return escape(message % dates if dates else message)


PERIOD = "Choose a date between %(first)s and %(last)s, the period of the programme."


@pytest.fixture
def altena(programme):
    programme.starts_on, programme.ends_on = FIRST, LAST
    programme.save(update_fields=["starts_on", "ends_on"])
    return programme


@pytest.fixture
def past_cycle(altena, initiative, civil_servant):
    return services.cycle_create(
        initiative=initiative,
        title="Bewonersavond",
        owner=civil_servant,
        by=civil_servant,
        starts_on=D(2016, 10, 15),
    )


def cycle_url(name, cycle):
    return reverse(name, args=[cycle.initiative.programme.slug, cycle.pk])


def answers(cycle):
    return [f"Antwoord {i}" for i, _ in enumerate(cycle.initiative.programme.review_questions)]


def to_reviewed(cycle, by):
    services.expectation_record(
        cycle=cycle,
        intention="Een avond.",
        expected_outcome="Dertig mensen.",
        written_on=D(2016, 10, 10),
        by=by,
    )
    services.cycle_start(cycle=cycle, by=by, acting_on=D(2016, 10, 20))
    services.review_record(cycle=cycle, answers=answers(cycle), by=by, reviewed_on=D(2017, 1, 20))


# 1. Dates within the programme's period ---------------------------------------------------


def test_cycle_in_the_programmes_first_year_is_accepted_through_the_form(
    client_for, altena, initiative, civil_servant
):
    response = client_for(civil_servant).post(
        reverse("cycle-create", args=[altena.slug, initiative.pk]),
        {"title": "Bewonersavond", "owner": civil_servant.pk, "starts_on": "2016-10-15"},
    )
    assert response.status_code == 302
    cycle = LearningCycle.objects.get()
    assert cycle.starts_on == D(2016, 10, 15)
    # The default due dates follow the start, inside the period.
    assert FIRST <= cycle.expectation_due <= cycle.review_due <= cycle.adjustment_due <= LAST


def test_cycle_after_the_programme_ended_is_refused_with_the_period(
    client_for, altena, initiative, civil_servant
):
    response = client_for(civil_servant).post(
        reverse("cycle-create", args=[altena.slug, initiative.pk]),
        {"title": "Te laat", "owner": civil_servant.pk, "starts_on": "2020-01-15"},
    )
    assert response.status_code == 200
    assert nl(PERIOD, first=FIRST, last=LAST) in response.content.decode()
    assert not LearningCycle.objects.exists()


@pytest.mark.parametrize(
    "dates",
    [
        {"starts_on": D(2016, 2, 29)},
        {"starts_on": D(2019, 12, 1), "adjustment_due": D(2020, 1, 1)},
        {"starts_on": D(2016, 5, 1), "review_due": D(2021, 5, 1)},
    ],
)
def test_service_refuses_cycle_dates_outside_the_period(altena, initiative, civil_servant, dates):
    with pytest.raises(ValidationError) as refusal:
        services.cycle_create(
            initiative=initiative, title="Buiten", owner=civil_servant, by=civil_servant, **dates
        )
    field = [name for name in dates if name != "starts_on"] or ["starts_on"]
    assert set(field) <= set(refusal.value.error_dict)
    assert not LearningCycle.objects.exists()


def test_default_due_dates_stop_at_the_programmes_end(altena, initiative, civil_servant):
    cycle = services.cycle_create(
        initiative=initiative,
        title="Laatste ronde",
        owner=civil_servant,
        by=civil_servant,
        starts_on=D(2019, 12, 20),
    )
    assert (cycle.expectation_due, cycle.review_due, cycle.adjustment_due) == (LAST, LAST, LAST)


def test_only_a_start_or_only_an_end_bounds_one_side(programme, initiative, civil_servant):
    programme.starts_on = FIRST
    programme.save(update_fields=["starts_on"])
    with pytest.raises(ValidationError, match="2016"):
        services.cycle_create(
            initiative=initiative,
            title="Te vroeg",
            owner=civil_servant,
            by=civil_servant,
            starts_on=D(2015, 6, 1),
        )
    far = services.cycle_create(
        initiative=initiative,
        title="Ver weg",
        owner=civil_servant,
        by=civil_servant,
        starts_on=D(2040, 6, 1),
    )
    assert far.starts_on == D(2040, 6, 1)  # no ten-year rule any more


def test_observation_outside_the_period_is_refused(past_cycle, civil_servant):
    ExpectationFactory(cycle=past_cycle)
    services.cycle_start(cycle=past_cycle, by=civil_servant, acting_on=D(2016, 10, 20))
    with pytest.raises(ValidationError) as refusal:
        services.observation_add(
            cycle=past_cycle, occurred_on=D(2020, 2, 1), text="Te laat.", by=civil_servant
        )
    assert "occurred_on" in refusal.value.error_dict
    assert not past_cycle.observations.exists()


# 2. What happened keeps its own date --------------------------------------------------------


def test_a_journey_written_down_afterwards_keeps_its_dates(past_cycle, civil_servant):
    to_reviewed(past_cycle, civil_servant)
    services.adjustment_record(
        cycle=past_cycle,
        decision=Decision.CHANGE,
        text="Anders uitnodigen.",
        by=civil_servant,
        closed_on=D(2017, 2, 1),
        next_cycle_title="Tweede avond",
    )
    past_cycle.refresh_from_db()
    assert past_cycle.expectation.written_on == D(2016, 10, 10)
    assert (past_cycle.acting_on, past_cycle.reviewed_on, past_cycle.closed_on) == (
        D(2016, 10, 20),
        D(2017, 1, 20),
        D(2017, 2, 1),
    )
    events = audit_events_for(target=past_cycle)
    assert [e.data.get("on") for e in events if e.action != "cycle.create"] == [
        "2016-10-10",
        "2016-10-20",
        "2017-01-20",
        "2017-02-01",
    ]
    follow_up = LearningCycle.objects.get(previous=past_cycle)
    assert follow_up.starts_on == D(2017, 2, 1)


@pytest.mark.parametrize(
    ("step", "field", "value"),
    [
        ("start", "acting_on", D(2016, 10, 12)),  # before the cycle's start
        ("start", "acting_on", D(2016, 10, 16)),  # before the expectation was written
        ("review", "reviewed_on", D(2016, 10, 25)),  # before acting started
        ("review", "reviewed_on", D(2020, 1, 2)),  # after the programme ended
        ("adjustment", "closed_on", D(2017, 1, 19)),  # before the review
        ("abandon", "abandoned_on", D(2016, 10, 1)),  # before the start
    ],
)
def test_happened_dates_out_of_order_are_refused(past_cycle, civil_servant, step, field, value):
    services.expectation_record(
        cycle=past_cycle,
        intention="Een avond.",
        expected_outcome="Dertig mensen.",
        written_on=D(2016, 10, 17),
        by=civil_servant,
    )
    if step in ("review", "adjustment"):
        services.cycle_start(cycle=past_cycle, by=civil_servant, acting_on=D(2016, 10, 30))
    if step == "adjustment":
        services.review_record(
            cycle=past_cycle,
            answers=answers(past_cycle),
            by=civil_servant,
            reviewed_on=D(2017, 1, 20),
        )
    state = past_cycle.state
    calls = {
        "start": lambda: services.cycle_start(cycle=past_cycle, by=civil_servant, acting_on=value),
        "review": lambda: services.review_record(
            cycle=past_cycle, answers=answers(past_cycle), by=civil_servant, reviewed_on=value
        ),
        "adjustment": lambda: services.adjustment_record(
            cycle=past_cycle, decision="continue", text="Door.", by=civil_servant, closed_on=value
        ),
        "abandon": lambda: services.cycle_abandon(
            cycle=past_cycle, reason="Weg.", by=civil_servant, abandoned_on=value
        ),
    }
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationError) as refusal:
        calls[step]()
    assert field in refusal.value.error_dict
    past_cycle.refresh_from_db()
    assert past_cycle.state == state
    assert getattr(past_cycle, field) is None
    assert AuditEvent.objects.count() == events


def test_a_step_cannot_happen_in_the_future(cycle_today, civil_servant):
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    with pytest.raises(ValidationError) as refusal:
        services.expectation_record(
            cycle=cycle_today,
            intention="Iets.",
            expected_outcome="Iets anders.",
            written_on=tomorrow,
            by=civil_servant,
        )
    assert "written_on" in refusal.value.error_dict
    assert not hasattr(LearningCycle.objects.get(pk=cycle_today.pk), "expectation")


@pytest.fixture
def cycle_today(initiative, civil_servant):
    return services.cycle_create(
        initiative=initiative, title="Vandaag", owner=civil_servant, by=civil_servant
    )


def test_forms_default_to_today_and_history_shows_happened_beside_recorded(
    client_for, past_cycle, civil_servant
):
    client = client_for(civil_servant)
    page = client.get(cycle_url("cycle-detail", past_cycle)).content.decode()
    assert f'value="{timezone.localdate().isoformat()}"' in page  # written_on
    response = client.post(
        cycle_url("cycle-expectation", past_cycle),
        {
            "intention": "Een avond.",
            "expected_outcome": "Dertig mensen.",
            "written_on": "2016-10-15",
            "based_on": "",
        },
    )
    assert response.status_code == 302
    response = client.post(cycle_url("cycle-start", past_cycle), {"acting_on": "2016-10-20"})
    assert response.status_code == 302
    past_cycle.refresh_from_db()
    assert past_cycle.acting_on == D(2016, 10, 20)
    html = client.get(cycle_url("cycle-detail", past_cycle)).content.decode()
    assert '<time datetime="2016-10-20">' in html
    assert nl("recorded on") in html


def test_start_on_a_bad_date_shows_the_message_and_changes_nothing(
    client_for, past_cycle, civil_servant
):
    ExpectationFactory(cycle=past_cycle)
    response = client_for(civil_servant).post(
        cycle_url("cycle-start", past_cycle), {"acting_on": "2021-03-03"}
    )
    assert response.status_code == 400
    assert nl(PERIOD, first=FIRST, last=LAST) in response.content.decode()
    past_cycle.refresh_from_db()
    assert past_cycle.state == CycleState.DRAFT


# 3. Re-plan and hand over ------------------------------------------------------------------


def test_replan_changes_the_due_dates_audited(past_cycle, civil_servant):
    services.cycle_replan(
        cycle=past_cycle,
        by=civil_servant,
        expectation_due=past_cycle.expectation_due,
        review_due=D(2017, 3, 1),
        adjustment_due=D(2017, 3, 15),
    )
    assert (past_cycle.review_due, past_cycle.adjustment_due) == (D(2017, 3, 1), D(2017, 3, 15))
    event = audit_events_for(target=past_cycle).get(action="cycle.replan")
    assert event.data["to"] == {"review_due": "2017-03-01", "adjustment_due": "2017-03-15"}
    assert set(event.data["from"]) == {"review_due", "adjustment_due"}


@pytest.mark.parametrize(
    ("dates", "field"),
    [
        ({"review_due": D(2016, 10, 1)}, "review_due"),  # before the expectation
        ({"expectation_due": D(2016, 10, 14)}, "expectation_due"),  # before the start
        ({"adjustment_due": D(2020, 1, 1)}, "adjustment_due"),  # after the period
        ({}, None),  # nothing changed
    ],
)
def test_replan_refuses_bad_dates(past_cycle, civil_servant, dates, field):
    current = {
        "expectation_due": past_cycle.expectation_due,
        "review_due": past_cycle.review_due,
        "adjustment_due": past_cycle.adjustment_due,
    }
    with pytest.raises(ValidationError) as refusal:
        services.cycle_replan(cycle=past_cycle, by=civil_servant, **{**current, **dates})
    if field:
        assert field in refusal.value.error_dict
    past_cycle.refresh_from_db()
    assert {k: getattr(past_cycle, k) for k in current} == current
    assert not audit_events_for(target=past_cycle).filter(action="cycle.replan").exists()


def test_due_date_equal_to_the_start_is_allowed(past_cycle, civil_servant):
    services.cycle_replan(
        cycle=past_cycle,
        by=civil_servant,
        expectation_due=past_cycle.starts_on,
        review_due=past_cycle.starts_on,
        adjustment_due=past_cycle.starts_on,
    )
    assert past_cycle.adjustment_due == past_cycle.starts_on


def test_hand_over_to_a_civil_servant_is_audited_and_shown(
    client_for, past_cycle, civil_servant, member
):
    colleague = member(Role.FACILITATOR)
    client = client_for(civil_servant)
    response = client.post(cycle_url("cycle-hand-over", past_cycle), {"owner": colleague.pk})
    assert response.status_code == 302
    assert response.url == cycle_url("cycle-detail", past_cycle)
    past_cycle.refresh_from_db()
    assert past_cycle.owner == colleague
    event = audit_events_for(target=past_cycle).get(action="cycle.hand_over")
    assert event.data == {"from": civil_servant.name, "to": colleague.name}
    html = client.get(cycle_url("cycle-detail", past_cycle)).content.decode()
    assert escape(colleague.name) in html


def test_hand_over_has_its_own_page(client_for, past_cycle, civil_servant, member):
    colleague = member(Role.CIVIL_SERVANT)
    response = client_for(civil_servant).get(cycle_url("cycle-hand-over", past_cycle))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>" + nl("Hand over this cycle") + "</h1>" in html
    assert escape(past_cycle.title) in html
    assert escape(civil_servant.name) in html  # the current owner
    assert f'<option value="{colleague.pk}">' in html
    assert f'href="{cycle_url("cycle-detail", past_cycle)}"' in html  # cancel, breadcrumb


def test_cycle_page_links_to_the_change_pages_without_their_forms(
    client_for, past_cycle, civil_servant, member
):
    """The list of possible owners grows with the programme: it is not on the cycle page."""
    member(Role.CIVIL_SERVANT)
    html = client_for(civil_servant).get(cycle_url("cycle-detail", past_cycle)).content.decode()
    assert f'href="{cycle_url("cycle-hand-over", past_cycle)}"' in html
    assert f'href="{cycle_url("cycle-replan", past_cycle)}"' in html
    assert 'name="owner"' not in html
    assert 'name="adjustment_due"' not in html


def test_replan_has_its_own_page_with_the_current_dates(client_for, past_cycle, civil_servant):
    response = client_for(civil_servant).get(cycle_url("cycle-replan", past_cycle))
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>" + nl("Change the due dates") + "</h1>" in html
    assert f'value="{past_cycle.adjustment_due.isoformat()}"' in html


def test_replan_through_its_page(client_for, past_cycle, civil_servant):
    response = client_for(civil_servant).post(
        cycle_url("cycle-replan", past_cycle),
        {
            "expectation_due": past_cycle.expectation_due.isoformat(),
            "review_due": "2017-03-01",
            "adjustment_due": "2017-03-15",
        },
    )
    assert response.status_code == 302
    assert response.url == cycle_url("cycle-detail", past_cycle)
    past_cycle.refresh_from_db()
    assert past_cycle.adjustment_due == D(2017, 3, 15)


def test_refused_replan_shows_its_page_with_errors(client_for, past_cycle, civil_servant):
    before = past_cycle.review_due
    response = client_for(civil_servant).post(
        cycle_url("cycle-replan", past_cycle),
        {
            "expectation_due": past_cycle.expectation_due.isoformat(),
            "review_due": "2016-10-01",  # before the expectation
            "adjustment_due": past_cycle.adjustment_due.isoformat(),
        },
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>" + nl("Change the due dates") + "</h1>" in html
    assert 'aria-invalid="true"' in html
    assert 'value="2016-10-01"' in html  # as it was filled in
    past_cycle.refresh_from_db()
    assert past_cycle.review_due == before
    assert not audit_events_for(target=past_cycle).filter(action="cycle.replan").exists()


@pytest.mark.parametrize("role", [Role.GOVERNANCE, Role.INITIATOR, None, "self"])
def test_hand_over_refuses_who_cannot_own(past_cycle, civil_servant, member, role):
    if role is None:
        owner = MembershipFactory(role=Role.CIVIL_SERVANT).user  # another programme
    elif role == "self":
        owner = civil_servant
    else:
        owner = member(role)
    with pytest.raises(ValidationError) as refusal:
        services.cycle_hand_over(cycle=past_cycle, owner=owner, by=civil_servant)
    assert "owner" in refusal.value.error_dict
    past_cycle.refresh_from_db()
    assert past_cycle.owner == civil_servant


@pytest.mark.parametrize("owner", ["governance", "self", "", "abc"])
def test_refused_hand_over_shows_its_page_with_errors(
    client_for, past_cycle, civil_servant, member, owner
):
    chosen = {"governance": member(Role.GOVERNANCE).pk, "self": civil_servant.pk}.get(owner, owner)
    response = client_for(civil_servant).post(
        cycle_url("cycle-hand-over", past_cycle), {"owner": chosen}
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "<h1>" + nl("Hand over this cycle") + "</h1>" in html
    assert 'class="sp-error"' in html or 'class="sp-alert sp-alert--error"' in html
    assert 'aria-invalid="true"' in html
    past_cycle.refresh_from_db()
    assert past_cycle.owner == civil_servant
    assert not audit_events_for(target=past_cycle).filter(action="cycle.hand_over").exists()


def test_change_pages_of_an_ended_cycle_lead_back_to_it(
    client_for, past_cycle, civil_servant, member
):
    services.cycle_abandon(
        cycle=past_cycle, reason="Weg.", by=civil_servant, abandoned_on=D(2016, 11, 1)
    )
    client = client_for(civil_servant)
    for name in ("cycle-hand-over", "cycle-replan"):
        response = client.get(cycle_url(name, past_cycle))
        assert response.status_code == 302
        assert response.url == cycle_url("cycle-detail", past_cycle)
    response = client.post(
        cycle_url("cycle-hand-over", past_cycle), {"owner": member(Role.CIVIL_SERVANT).pk}
    )
    assert response.status_code == 400
    past_cycle.refresh_from_db()
    assert past_cycle.owner == civil_servant


def test_ended_cycles_are_not_replanned_or_handed_over(past_cycle, civil_servant, member):
    services.cycle_abandon(
        cycle=past_cycle, reason="Weg.", by=civil_servant, abandoned_on=D(2016, 11, 1)
    )
    with pytest.raises(ValidationError):
        services.cycle_hand_over(
            cycle=past_cycle, owner=member(Role.CIVIL_SERVANT), by=civil_servant
        )
    with pytest.raises(ValidationError):
        services.cycle_replan(
            cycle=past_cycle,
            by=civil_servant,
            expectation_due=past_cycle.expectation_due,
            review_due=past_cycle.review_due,
            adjustment_due=D(2018, 1, 1),
        )


# 4. Removing a member with open cycles ------------------------------------------------------


@pytest.fixture
def leaving(past_cycle, civil_servant, programme):
    return Membership.objects.get(programme=programme, user=civil_servant)


def remove_url(membership):
    return reverse("membership-remove", args=[membership.programme.slug, membership.pk])


def test_removal_page_lists_open_cycles_and_asks_who_takes_over(
    client_for, leaving, past_cycle, facilitator
):
    html = client_for(facilitator).get(remove_url(leaving)).content.decode()
    assert escape(past_cycle.title) in html
    assert 'name="cycles_new_owner"' in html


def test_removal_without_new_owner_is_refused(client_for, leaving, past_cycle, facilitator):
    response = client_for(facilitator).post(remove_url(leaving), {})
    assert response.status_code == 200
    assert Membership.objects.filter(pk=leaving.pk).exists()
    past_cycle.refresh_from_db()
    assert past_cycle.owner == leaving.user
    assert not AuditEvent.objects.filter(action="membership.remove").exists()


def test_removal_hands_the_open_cycles_over(client_for, leaving, past_cycle, facilitator):
    response = client_for(facilitator).post(
        remove_url(leaving), {"cycles_new_owner": facilitator.pk}
    )
    assert response.status_code == 302
    assert not Membership.objects.filter(pk=leaving.pk).exists()
    past_cycle.refresh_from_db()
    assert past_cycle.owner == facilitator
    assert audit_events_for(target=past_cycle).filter(action="cycle.hand_over").exists()


@pytest.mark.parametrize("chosen", ["", "abc", "999999", "leaving", "governance"])
def test_removal_service_refuses_without_a_valid_new_owner(
    leaving, past_cycle, facilitator, member, chosen
):
    if chosen == "leaving":
        chosen = str(leaving.user_id)
    elif chosen == "governance":
        chosen = str(member(Role.GOVERNANCE).pk)
    with pytest.raises(ValidationError):
        programme_services.membership_remove(
            membership=leaving, by=facilitator, answers={"cycles_new_owner": chosen}
        )
    assert Membership.objects.filter(pk=leaving.pk).exists()
    past_cycle.refresh_from_db()
    assert past_cycle.owner == leaving.user


def test_member_without_open_cycles_is_removed_without_question(
    programme, facilitator, civil_servant
):
    membership = Membership.objects.get(programme=programme, user=civil_servant)
    programme_services.membership_remove(membership=membership, by=facilitator)
    assert not Membership.objects.filter(pk=membership.pk).exists()


# 5. The adjustment decides the initiative's status -----------------------------------------


@pytest.mark.parametrize(
    ("decision", "tick", "status"),
    [
        (Decision.STOP, True, InitiativeStatus.STOPPED),
        (Decision.SCALE_UP, True, InitiativeStatus.CONTINUED),
        (Decision.STOP, False, None),
        (Decision.CONTINUE, True, None),
    ],
)
def test_adjustment_sets_the_initiative_status(past_cycle, civil_servant, decision, tick, status):
    to_reviewed(past_cycle, civil_servant)
    before = past_cycle.initiative.status
    services.adjustment_record(
        cycle=past_cycle,
        decision=decision,
        text="Besloten.",
        by=civil_servant,
        closed_on=D(2017, 2, 1),
        set_initiative_status=tick,
    )
    initiative = type(past_cycle.initiative).objects.get(pk=past_cycle.initiative_id)
    assert initiative.status == (status or before)
    updates = AuditEvent.objects.filter(action="initiative.update")
    if status:
        assert updates.get().data["to"] == status
    else:
        assert not updates.exists()


def test_adjustment_form_offers_the_status_ticked(client_for, past_cycle, civil_servant):
    to_reviewed(past_cycle, civil_servant)
    client = client_for(civil_servant)
    html = client.get(cycle_url("cycle-detail", past_cycle)).content.decode()
    assert re.search(r'name="set_initiative_status"[^>]*checked', html)
    response = client.post(
        cycle_url("cycle-adjustment", past_cycle),
        {
            "decision": "stop",
            "text": "We stoppen.",
            "closed_on": "2017-02-01",
            "set_initiative_status": "on",
        },
    )
    assert response.status_code == 302
    past_cycle.initiative.refresh_from_db()
    assert past_cycle.initiative.status == InitiativeStatus.STOPPED


# 6. A review keeps the wording of the questions it answered --------------------------------


def test_review_refused_when_the_questions_changed_while_writing(
    client_for, altena, past_cycle, civil_servant, facilitator
):
    services.expectation_record(
        cycle=past_cycle,
        intention="Een avond.",
        expected_outcome="Dertig mensen.",
        written_on=D(2016, 10, 10),
        by=civil_servant,
    )
    services.cycle_start(cycle=past_cycle, by=civil_servant, acting_on=D(2016, 10, 20))
    client = client_for(civil_servant)
    page = client.get(cycle_url("cycle-detail", past_cycle)).content.decode()
    shown = re.search(r'name="fingerprint" value="([0-9a-f]+)"', page).group(1)
    old = list(altena.review_questions)
    # The facilitator reverses the questions in the meantime.
    programme_services.programme_update(
        programme=altena,
        by=facilitator,
        expected_version=altena.version,
        review_questions=old[::-1],
    )
    posted = {f"answer_{i}": f"Antwoord op: {q}" for i, q in enumerate(old)}
    response = client.post(
        cycle_url("cycle-review", past_cycle),
        {**posted, "fingerprint": shown, "reviewed_on": "2017-01-20"},
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert nl(services.QUESTIONS_CHANGED) in html
    assert not Review.objects.exists()
    assert escape(posted["answer_0"]) in html  # the answers are shown again
    fresh = re.search(r'name="fingerprint" value="([0-9a-f]+)"', html).group(1)
    assert fresh == services.questions_fingerprint(old[::-1]) != shown
    response = client.post(
        cycle_url("cycle-review", past_cycle),
        {**posted, "fingerprint": fresh, "reviewed_on": "2017-01-20"},
    )
    assert response.status_code == 302
    assert Review.objects.get().answers[0]["question"] == old[-1]


def test_review_service_refuses_a_stale_fingerprint(past_cycle, civil_servant):
    ExpectationFactory(cycle=past_cycle)
    services.cycle_start(cycle=past_cycle, by=civil_servant, acting_on=D(2016, 10, 20))
    with pytest.raises(ValidationError) as refusal:
        services.review_record(
            cycle=past_cycle,
            answers=answers(past_cycle),
            by=civil_servant,
            reviewed_on=D(2017, 1, 20),
            fingerprint=services.questions_fingerprint(["Een andere vraag?"]),
        )
    assert refusal.value.code == "questions_changed"
    assert not Review.objects.exists()
    past_cycle.refresh_from_db()
    assert past_cycle.state == CycleState.ACTING


@pytest.mark.parametrize(
    "questions", [[f"Vraag {i}?" for i in range(13)], ["Waarom " + "x" * 300 + "?"]]
)
def test_review_questions_are_bounded_in_the_service(programme, facilitator, questions):
    with pytest.raises(ValidationError) as refusal:
        programme_services.programme_update(
            programme=programme,
            by=facilitator,
            expected_version=programme.version,
            review_questions=questions,
        )
    assert "review_questions" in refusal.value.error_dict
    programme.refresh_from_db()
    assert programme.review_questions != questions


def test_programme_form_refuses_five_thousand_review_questions(client_for, programme, facilitator):
    before = list(programme.review_questions)
    response = client_for(facilitator).post(
        reverse("programme-edit", args=[programme.slug]),
        {
            "name": programme.name,
            "learning_goal": programme.learning_goal,
            "review_questions": "\n".join(f"Vraag {i}?" for i in range(5000)),
            "version": programme.version,
        },
    )
    assert response.status_code == 200
    assert nl("A review has at most %(max)s questions.").replace("%(max)s", "12") in (
        response.content.decode()
    )
    programme.refresh_from_db()
    assert programme.review_questions == before


# 7. Boundaries -----------------------------------------------------------------------------


def test_overdue_only_from_the_day_after_the_due_date(initiative):
    today = timezone.localdate()
    due_today = CycleFactory(
        initiative=initiative, starts_on=today, expectation_due=today, state=CycleState.DRAFT
    )
    yesterday = today - datetime.timedelta(days=1)
    due_yesterday = CycleFactory(
        initiative=initiative,
        starts_on=yesterday,
        expectation_due=yesterday,
        state=CycleState.DRAFT,
    )
    assert not due_today.is_overdue
    assert due_yesterday.is_overdue
    overdue = LearningCycle.objects.filter(selectors.overdue_q())
    assert list(overdue) == [due_yesterday]


def test_due_date_before_the_start_is_refused(initiative, civil_servant):
    start = timezone.localdate()
    with pytest.raises(ValidationError) as refusal:
        services.cycle_create(
            initiative=initiative,
            title="Verkeerd om",
            owner=civil_servant,
            by=civil_servant,
            starts_on=start,
            expectation_due=start - datetime.timedelta(days=1),
        )
    assert "expectation_due" in refusal.value.error_dict
    same_day = services.cycle_create(
        initiative=initiative,
        title="Zelfde dag",
        owner=civil_servant,
        by=civil_servant,
        starts_on=start,
        expectation_due=start,
    )
    assert same_day.expectation_due == same_day.starts_on


def test_a_stale_copy_cannot_move_the_cycle(past_cycle, civil_servant):
    ExpectationFactory(cycle=past_cycle)
    stale = LearningCycle.objects.get(pk=past_cycle.pk)
    services.cycle_start(cycle=past_cycle, by=civil_servant, acting_on=D(2016, 10, 20))
    services.cycle_abandon(
        cycle=past_cycle, reason="Weg.", by=civil_servant, abandoned_on=D(2016, 11, 1)
    )
    assert stale.state == CycleState.DRAFT  # the in-memory copy still thinks so
    with pytest.raises(ValidationError) as refusal:
        services.cycle_start(cycle=stale, by=civil_servant, acting_on=D(2016, 10, 21))
    assert refusal.value.code == "wrong_state"
    with pytest.raises(ValidationError):
        services.cycle_hand_over(cycle=stale, owner=civil_servant, by=civil_servant)
    past_cycle.refresh_from_db()
    assert past_cycle.state == CycleState.ABANDONED
