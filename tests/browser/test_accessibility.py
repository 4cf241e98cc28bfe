"""Every page passes axe-core's WCAG 2.1 AA rules with zero violations (DESIGN.md §10).

Each page is its own test: the data is built through the factories and services, a
member logs in through the real form, the page is opened (and, where the page is about
an error, the error is caused) and axe runs on what the browser shows.

Set SAMENSPEL_SCREENSHOTS to a folder to also save full-page screenshots of a few key
pages there.
"""

import datetime
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.utils import timezone
from playwright.sync_api import Page, expect

from samenspel.coaching import services as coaching
from samenspel.cycles import services as cycles
from samenspel.cycles.constants import Decision, ObservationKind
from samenspel.insights.reminder_services import stop_token
from samenspel.insights.search_services import search_index_build
from samenspel.insights.theme_models import Theme
from samenspel.insights.theme_services import themes_analyse
from samenspel.learning_sessions import services as sessions
from samenspel.programmes import services as programmes
from samenspel.programmes.constants import QuestionStatus, Role
from tests.factories import (
    AreaFactory,
    InitiativeFactory,
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
)
from tests.insights_themes import planted_programme
from tests.sessions import advance_to, plan_session

pytestmark = pytest.mark.django_db(transaction=True)

WCAG_21_AA = {
    "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
    "resultTypes": ["violations"],
}
STYLED = "() => [...document.styleSheets].some(sheet => sheet.cssRules.length > 0)"
SCREENSHOTS = {"programme-detail", "initiative-detail", "cycle-acting", "coaching-goals"}
DAYS_90 = datetime.timedelta(days=90)


def build_world(*, journal: bool = True) -> dict[str, Any]:
    """A programme with something on every page: areas, initiatives, a learning agenda,
    members in several roles and one learning cycle in each phase; with `journal`, its
    travel report (published and made into a file: the dearest part to build)."""
    today = timezone.localdate()
    programme = ProgrammeFactory(
        name="Het nieuwe samenspel",
        slug="samenspel",
        learning_goal="Leren hoe de gemeente ruimte geeft aan initiatieven van inwoners.",
        description="Een leertraject van drie jaar in de Altena-kernen.",
        starts_on=today - datetime.timedelta(days=365),
        ends_on=today + datetime.timedelta(days=730),
    )
    facilitator = MembershipFactory(programme=programme, role=Role.FACILITATOR).user
    civil_servant_membership = MembershipFactory(programme=programme, role=Role.CIVIL_SERVANT)
    MembershipFactory(programme=programme, role=Role.INITIATOR)
    MembershipFactory(programme=programme, role=Role.CIVIL_SERVANT)  # not coached yet
    administrator = UserFactory(email="beheer@example.nl", is_staff=True, is_superuser=True)
    area = AreaFactory(programme=programme, name="Werkendam", description="De grootste kern.")
    empty_area = AreaFactory(programme=programme, name="Andel")
    question = programmes.question_create(
        programme=programme, text="Hoe geven we ruimte aan initiatieven?", by=facilitator
    )
    programmes.question_create(
        programme=programme,
        text="Wat hebben bewoners nodig om een taak over te nemen?",
        status=QuestionStatus.OPEN,
        by=facilitator,
    )
    initiative = InitiativeFactory(
        programme=programme,
        area=area,
        title="Dorpshuis De Spil",
        summary="Bewoners runnen het dorpshuis zelf.",
        initiators="Stichting De Spil",
        contact=civil_servant_membership.user,
        societal_task=True,
    )
    InitiativeFactory(programme=programme, area=area, title="Buurtbus Werkendam")

    def cycle(title: str, *, days_ago: int = 0) -> Any:
        return cycles.cycle_create(
            initiative=initiative,
            title=title,
            owner=facilitator,
            by=facilitator,
            starts_on=today - datetime.timedelta(days=days_ago),
            learning_questions=[question],
        )

    def expect_(c: Any) -> None:
        cycles.expectation_record(
            cycle=c,
            intention="We houden een bewonersavond in het dorpshuis.",
            expected_outcome="Dertig bewoners komen en tien willen meedoen.",
            success_signs="Er melden zich vrijwilligers voor de bar.",
            by=facilitator,
        )

    def act(c: Any) -> None:
        expect_(c)
        cycles.cycle_start(cycle=c, by=facilitator)
        cycles.observation_add(
            cycle=c,
            occurred_on=today - datetime.timedelta(days=3),
            kind=ObservationKind.HAPPENED,
            text="Er kwamen twaalf bewoners.",
            by=facilitator,
        )
        cycles.observation_add(
            cycle=c,
            occurred_on=today,
            kind=ObservationKind.HINDERED,
            text="De uitnodiging kwam te laat.",
            by=facilitator,
        )

    def review(c: Any) -> None:
        act(c)
        answers = [f"Antwoord {i + 1}." for i in range(len(programme.review_questions))]
        cycles.review_record(cycle=c, answers=answers, by=facilitator)

    draft = cycle("Een begin")
    draft_expected = cycle("Verwachting staat")
    expect_(draft_expected)
    acting = cycle("Bewonersavond", days_ago=120)  # its review is overdue
    act(acting)
    reviewed = cycle("Teruggekeken", days_ago=30)
    review(reviewed)
    closed = cycle("Afgerond", days_ago=60)
    review(closed)
    cycles.adjustment_record(
        cycle=closed,
        decision=Decision.CONTINUE,
        text="We nodigen volgende keer via de school uit.",
        by=facilitator,
    )
    abandoned = cycle("Gestopt")
    cycles.cycle_abandon(
        cycle=abandoned, reason="Het bestuur van het dorpshuis stopte.", by=facilitator
    )
    session = build_session(programme, facilitator, civil_servant_membership.user, acting, question)
    # Learning sessions for the planning pages and the report: see plan_sessions().
    sessions_planned = plan_sessions(
        programme, facilitator, civil_servant_membership.user, acting, question
    )
    # The facilitator coaches the civil servant: conversations, and goals with steps.
    coachee = civil_servant_membership.user
    coaching_ = coaching.coaching_start(
        programme=programme, coachee=coachee, by=facilitator, started_on=today - DAYS_90
    )
    for days, text in ((80, "We spraken over het dorpshuis."), (10, "De bar draait nu zelf.")):
        conversation = coaching.conversation_add(
            coaching=coaching_,
            by=facilitator,
            held_on=today - datetime.timedelta(days=days),
            initiatives=[initiative],
            what_happened=text,
            reflection="Ik wilde het te graag zelf oplossen.",
            agreements="Ik vraag eerst wat de bewoners nodig hebben.",
        )
    goal = coaching.goal_add(
        coaching=coaching_,
        by=coachee,
        text="Ik laat bewoners zelf de agenda bepalen.",
        learning_questions=[question],
        set_on=today - datetime.timedelta(days=70),
    )
    coaching.goal_step_record(
        goal=goal,
        by=coachee,
        status="open",
        note="Bij de bewonersavond lukte het half.",
        on=today - datetime.timedelta(days=40),
    )
    coaching.goal_step_record(
        goal=goal, by=facilitator, status="achieved", note="Het gaat nu vanzelf.", on=today
    )
    dropped = coaching.goal_add(
        coaching=coaching_, by=coachee, text="Ik schrijf kortere mails.", set_on=today - DAYS_90
    )
    coaching.goal_step_record(
        goal=dropped, by=coachee, status="dropped", note="Niet meer nodig.", on=today
    )
    theme_keys = build_themes(programme)
    compass_keys = build_compass(programme, facilitator, civil_servant_membership.user, initiative)
    # The compass's pictures: answers from every perspective (a gap, with notes), about
    # the programme and an initiative, over two quarters, and the facilitator's own.
    build_compass_pictures(programme, facilitator, coachee, initiative)
    journal_keys = (
        build_journal(programme, facilitator, civil_servant_membership.user) if journal else {}
    )
    return {
        **compass_keys,
        **journal_keys,
        **theme_keys,
        "session_in_discussion": session.pk,  # the room, in the middle of a session
        "watch_key": session.watch_key,
        **sessions_planned,
        "civil_servant": civil_servant_membership.user,
        "stop_token": stop_token(civil_servant_membership.user),
        "p": f"/programmes/{programme.slug}",
        "facilitator": facilitator,
        "coachee": coachee,
        "coaching": coaching_.pk,
        "conversation": conversation.pk,
        "goal": goal.pk,
        "administrator": administrator,
        "area": area.pk,
        "empty_area": empty_area.pk,
        "initiative": initiative.pk,
        "question": question.number,
        "membership": civil_servant_membership.pk,
        "draft": draft.pk,
        "draft_expected": draft_expected.pk,
        "acting": acting.pk,
        "reviewed": reviewed.pk,
        "closed": closed.pk,
        "abandoned": abandoned.pk,
    }


def build_themes(programme: Any) -> dict:
    """Planted texts (observations in three initiatives), the themes found in them and
    the search index of the whole programme."""
    planted_programme(programme, 60)
    themes_analyse(programme=programme)
    search_index_build(programme=programme)
    return {"theme": Theme.objects.filter(analysis__programme=programme).first().pk}


def build_journal(programme: Any, facilitator: Any, civil_servant: Any) -> dict:
    """The travel report: an introduction written, a voice of the civil servant, version 1
    published (public), then a review round with a comment on the draft, and the draft
    made into an HTML file. Keys: chapter (the introduction), chapter_generated, voice,
    rendering, fmt; version 1 is reached with `question` (number 1)."""
    from samenspel.journal import rendering_services, voice_services
    from samenspel.journal import services as journal
    from samenspel.journal.constants import ChapterKind
    from tests.journal import make_journal

    report = make_journal(programme, facilitator)
    report = journal.journal_update(
        journal=report,
        title=report.title,
        subtitle="Wat we leerden in de kernen",
        covers_from=programme.starts_on,
        covers_until=programme.ends_on,
        public=True,
        expected_version=report.version,
        by=facilitator,
    )
    introduction = report.chapters.get(kind=ChapterKind.WRITTEN, position=1)
    journal.chapter_update(
        chapter=introduction,
        title=introduction.title,
        body="In de kernen leerden we *samen* werken.\n\nDit verslag vertelt hoe.",
        included=True,
        expected_version=introduction.version,
        by=facilitator,
    )
    voice = voice_services.voice_add_own(
        journal=report, by=civil_servant, text="Ik leerde eerst te luisteren."
    )
    journal.publication_publish(journal=report, number=1, by=facilitator)
    report.refresh_from_db()
    journal.review_open(journal=report, by=facilitator)
    introduction.refresh_from_db()
    paragraph = introduction.body.split("\n\n")[0]
    from samenspel.journal.text import markdown_blocks

    key = markdown_blocks(paragraph, f"c{introduction.pk}")[0].key
    journal.comment_add(
        journal=report, chapter=introduction, paragraph=key, text="Mooi begin.", by=civil_servant
    )
    rendering = rendering_services.rendering_request(journal=report, fmt="html", by=facilitator)
    rendering_services.rendering_run(rendering_id=rendering.pk)
    return {
        "chapter": introduction.pk,
        "chapter_generated": report.chapters.get(kind=ChapterKind.TIMELINE).pk,
        "voice": voice.pk,
        "rendering": rendering.pk,
        "fmt": "html",
    }


def build_compass(programme: Any, facilitator: Any, civil_servant: Any, initiative: Any) -> dict:
    """The compass from the default template with a facet of its own (unanswered, so it
    can be deleted) and a retired one; answers of the facilitator, the civil servant and a
    resident; an open and a closed answer link. Keys: facet, facet_unanswered,
    assessment (the facilitator's own), link, link_key, closed_link_key."""
    from samenspel.compass import services as compass
    from samenspel.compass.constants import Perspective, Subject
    from tests.compass import assess, make_compass

    made = make_compass(programme, facilitator)
    extra = compass.facet_add(
        compass=made,
        name="Vertrouwen",
        description="Wij vertrouwen inwoners.",
        colour="teal",
        by=facilitator,
    )
    old = compass.facet_add(compass=made, name="Oude windrichting", colour="grey", by=facilitator)
    assess(made, {"Oude windrichting": 4})
    compass.facet_retire(facet=old, by=facilitator)
    today = timezone.localdate()
    own = assess(
        made,
        [6, 5, 7, 8],
        desired=[8, 6, 8, 9],
        perspective=Perspective.FACILITATOR,
        respondent=facilitator,
        on=today - datetime.timedelta(days=30),
    )
    assess(made, [4, 3, 6, 7], perspective=Perspective.CIVIL_SERVANTS, respondent=civil_servant)
    assess(
        made,
        [3],
        perspective=Perspective.RESIDENTS,
        subject=Subject.INITIATIVE,
        initiative=initiative,
    )
    link = compass.link_create(
        programme=programme, title="Dorpsavond maart", subject=Subject.PROGRAMME, by=facilitator
    )
    closed = compass.link_create(
        programme=programme,
        title="Voorjaarsmarkt",
        subject=Subject.INITIATIVE,
        initiative=initiative,
        by=facilitator,
    )
    compass.link_close(link=closed, by=facilitator)
    return {
        "facet": made.facets.order_by("position").first().pk,
        "facet_unanswered": extra.pk,
        "assessment": own.pk,
        "link": link.pk,
        "link_key": link.key,
        "closed_link_key": closed.key,
    }


def build_compass_pictures(
    programme: Any, facilitator: Any, civil_servant: Any, initiative: Any
) -> None:
    """The compass's pictures: residents and civil servants apart on one facet (a gap
    with notes), a quarter earlier for the trend, an initiative, and the facilitator's
    self-assessment. A compass made elsewhere in the world is used as it is."""
    from samenspel.compass.constants import Perspective, Subject
    from samenspel.compass.models import Compass
    from tests.compass import assess, make_compass

    compass = Compass.objects.filter(programme=programme).first() or make_compass(
        programme, facilitator
    )
    today = timezone.localdate()
    earlier = today - DAYS_90
    note = {"Responsieve overheid": "De gemeente luistert pas als het te laat is."}
    for on in (earlier, today):
        assess(compass, [4, 6, 5, 2], perspective=Perspective.RESIDENTS, notes=note, on=on)
        assess(
            compass,
            [7, 6, 7, 8],
            desired=[6, 7, 8, 9],
            perspective=Perspective.CIVIL_SERVANTS,
            respondent=civil_servant,
            notes={"Responsieve overheid": "We reageren binnen een week."},
            on=on,
        )
    assess(compass, [6, 7, 6, 6], perspective=Perspective.FACILITATOR, respondent=facilitator)
    assess(compass, [5, 5, 5, 5], subject=Subject.INITIATIVE, initiative=initiative)
    assess(
        compass,
        [5, 6, 4, 7],
        desired=[6, 8, 7, 9],
        subject=Subject.PERSON,
        respondent=facilitator,
        perspective=Perspective.FACILITATOR,
    )


def plan_sessions(programme: Any, facilitator: Any, civil_servant: Any, cycle: Any, question: Any):
    """Learning sessions for the planning pages and the report: an
    upcoming session with an agenda, a member and a guest ("session_planned"), and a closed
    named one with something in every part of its report ("session_closed"). Keys:
    session_planned, session_closed."""
    from samenspel.learning_sessions import services as sessions
    from samenspel.learning_sessions.constants import InsightKind, ProposalKind, SessionPhase

    now = timezone.now()

    def plan(title: str, days: int, **extra: Any) -> Any:
        start = now + datetime.timedelta(days=days)
        return sessions.session_plan(
            programme=programme,
            kind="team",
            title=title,
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=2),
            facilitator=facilitator,
            by=facilitator,
            place="Dorpshuis De Spil",
            participants=[civil_servant],
            **extra,
        )

    def advance(session: Any, phase: str) -> None:
        while session.phase != phase:
            sessions.session_advance(session=session, by=facilitator, expected=session.phase)

    closed = plan("Terugblik op de bewonersavond", -7, anonymous=False)
    advance(closed, SessionPhase.INPUT)
    writer = closed.participants.get()
    for index, text in enumerate(["Twaalf bewoners kwamen.", "De uitnodiging was te laat."]):
        sessions.contribution_add(session=closed, participant=writer, question=index, text=text)
    advance(closed, SessionPhase.GROUPING)
    theme = sessions.theme_create(
        session=closed,
        title="Uitnodigen",
        contributions=list(closed.contributions.all()),
        by=facilitator,
    )
    advance(closed, SessionPhase.VOTING)
    sessions.vote_cast(session=closed, participant=writer, theme=theme)
    advance(closed, SessionPhase.CAPTURE)
    sessions.insight_add(
        session=closed,
        text="Via de school bereiken we meer ouders.",
        kind=InsightKind.PERCEPTION,
        questions=[question],
        by=facilitator,
    )
    sessions.action_add(
        session=closed,
        text="De school vragen om mee te doen.",
        owner=civil_servant,
        due_on=timezone.localdate() + datetime.timedelta(days=14),
        by=facilitator,
    )
    sessions.proposal_add(
        session=closed,
        question=question,
        kind=ProposalKind.PERSISTENT,
        text="",
        by=facilitator,
    )
    advance(closed, SessionPhase.CLOSED)
    upcoming = plan("Leersessie over de buurtbus", 10)
    sessions.agenda_set(session=upcoming, cycles=[cycle], questions=[question], by=facilitator)
    sessions.guest_join(code=upcoming.join_code, display_name="Gerda")
    return {"session_planned": upcoming.pk, "session_closed": closed.pk}


def build_session(programme: Any, facilitator: Any, member: Any, cycle: Any, question: Any) -> Any:
    """A learning session in discussion, for the room's pages: an earlier session's open
    action, contributions in themes and out, votes, an insight, an action, a proposal."""
    earlier = advance_to(
        plan_session(programme, facilitator, [member], title="Leersessie januari"), "discussion"
    )
    sessions.action_add(
        session=earlier,
        text="De wethouder uitnodigen voor de volgende sessie.",
        owner=member,
        due_on=timezone.localdate() + datetime.timedelta(days=20),
        by=facilitator,
    )
    session = plan_session(programme, facilitator, [member], title="Leersessie maart")
    sessions.agenda_set(session=session, cycles=[cycle], questions=[question], by=facilitator)
    session = advance_to(session, "input")
    participant = session.participants.get(user=member)
    texts = [
        (0, "We verwachtten dertig bewoners."),
        (1, "Er kwamen er twaalf, de uitnodiging was laat."),
        (2, "De school deelde de brief pas op vrijdag uit."),
        (3, "Nodig uit via meer kanalen tegelijk."),
    ]
    added = [
        sessions.contribution_add(session=session, participant=participant, question=q, text=t)
        for q, t in texts
    ]
    session = advance_to(session, "grouping")
    theme = sessions.theme_create(
        session=session, title="Uitnodigen", contributions=added[1:3], by=facilitator
    )
    sessions.theme_create(
        session=session, title="Verwachtingen", contributions=added[:1], by=facilitator
    )
    session = advance_to(session, "voting")
    sessions.vote_cast(session=session, participant=participant, theme=theme)
    session = advance_to(session, "discussion")
    sessions.theme_note(session=session, theme=theme, text="Iedereen herkent dit.", by=facilitator)
    sessions.insight_add(
        session=session,
        text="Een uitnodiging via de school komt te laat aan.",
        kind="fact",
        theme=theme,
        questions=[question],
        by=facilitator,
    )
    sessions.action_add(
        session=session,
        text="Een uitnodiging via de buurtapp proberen.",
        owner=member,
        due_on=timezone.localdate() + datetime.timedelta(days=30),
        by=facilitator,
    )
    return session


def submit_empty(page: Page) -> None:
    page.locator("main form.sp-form button[type=submit]").first.click()
    expect(page.locator(".sp-error").first).to_be_visible()


def wrong_password(times: int) -> Callable[[Page], None]:
    def run(page: Page) -> None:
        for _ in range(times):
            page.locator("input[name=username]").fill("iemand@example.nl")
            page.locator("input[name=password]").fill("fout-wachtwoord")
            page.locator("main form button[type=submit]").click()
            page.wait_for_load_state()

    return run


@dataclass(frozen=True)
class Screen:
    id: str
    path: str  # formatted with the world: {p} is the programme's address
    who: str | None = "facilitator"
    then: Callable[[Page], None] | None = None


def choose_and_go_on(page: Page) -> None:
    page.locator("select[name=to]").select_option(index=1)
    page.locator("main form.sp-form button[type=submit]").click()
    expect(page.locator("input[name=confirm]")).to_have_count(1)


def make_and_revoke_address(page: Page) -> None:
    page.locator("main form button[type=submit]").first.click()
    page.locator("main form:has(input[value=revoke]) button[type=submit]").first.click()
    expect(page.locator("input[name=confirm]")).to_have_count(1)


SCREENS = [
    # Anonymous: logging in and getting a new password.
    Screen("login", "/accounts/login/", who=None),
    Screen("login-error", "/accounts/login/", who=None, then=wrong_password(1)),
    Screen("locked-out", "/accounts/login/", who=None, then=wrong_password(5)),
    Screen("password-reset", "/accounts/password_reset/", who=None),
    Screen("password-reset-done", "/accounts/password_reset/done/", who=None),
    Screen("password-reset-invalid-link", "/accounts/reset/MQ/ongeldig-1234/", who=None),
    Screen("password-reset-complete", "/accounts/reset/done/", who=None),
    # Personal pages.
    Screen("my-work", "/my-work/"),
    Screen("my-work-empty", "/my-work/", who="administrator"),
    Screen("about", "/about/"),
    Screen("password-change", "/accounts/password_change/"),
    Screen("password-change-done", "/accounts/password_change/done/"),
    # Programmes and their areas.
    Screen("programme-list", "/programmes/"),
    Screen("programme-create", "/programmes/new/", who="administrator"),
    Screen("programme-detail", "{p}/"),
    Screen("programme-edit", "{p}/edit/"),
    Screen("area-list", "{p}/areas/"),
    Screen("area-create", "{p}/areas/new/"),
    Screen("area-edit", "{p}/areas/{area}/edit/"),
    Screen("area-delete", "{p}/areas/{empty_area}/delete/"),
    # Initiatives.
    Screen("initiative-list", "{p}/initiatives/"),
    Screen("initiative-list-no-results", "{p}/initiatives/?q=onvindbaar"),
    Screen("initiative-detail", "{p}/initiatives/{initiative}/"),
    Screen("initiative-create", "{p}/initiatives/new/"),
    Screen("initiative-create-error", "{p}/initiatives/new/", then=submit_empty),
    Screen("initiative-edit", "{p}/initiatives/{initiative}/edit/"),
    # Learning cycles, in each phase.
    Screen("cycle-create", "{p}/initiatives/{initiative}/cycles/new/"),
    Screen("cycle-draft", "{p}/cycles/{draft}/"),
    Screen("cycle-draft-with-expectation", "{p}/cycles/{draft_expected}/"),
    Screen("cycle-draft-error", "{p}/cycles/{draft}/", then=submit_empty),
    Screen("cycle-acting", "{p}/cycles/{acting}/"),
    Screen("cycle-reviewed", "{p}/cycles/{reviewed}/"),
    Screen("cycle-closed", "{p}/cycles/{closed}/"),
    Screen("cycle-abandoned", "{p}/cycles/{abandoned}/"),
    Screen("cycle-replan", "{p}/cycles/{acting}/replan/"),
    Screen("cycle-hand-over", "{p}/cycles/{acting}/hand-over/"),
    Screen("cycle-hand-over-error", "{p}/cycles/{acting}/hand-over/", then=submit_empty),
    # The learning agenda.
    Screen("question-list", "{p}/learning-agenda/"),
    Screen("question-create", "{p}/learning-agenda/new/"),
    Screen("question-detail", "{p}/learning-agenda/{question}/"),
    Screen("question-edit", "{p}/learning-agenda/{question}/edit/"),
    # Members.
    Screen("membership-list", "{p}/members/"),
    Screen("membership-add", "{p}/members/new/"),
    Screen("membership-edit", "{p}/members/{membership}/edit/"),
    Screen("membership-remove", "{p}/members/{membership}/remove/"),
    # Coaching, as the coach and as the coachee.
    Screen("coaching-list", "{p}/coaching/"),
    Screen("coaching-list-coachee", "{p}/coaching/", who="coachee"),
    Screen("coaching-start", "{p}/coaching/new/"),
    Screen("coaching-start-error", "{p}/coaching/new/", then=submit_empty),
    Screen("coaching-detail", "{p}/coaching/{coaching}/"),
    Screen("coaching-detail-coachee", "{p}/coaching/{coaching}/", who="coachee"),
    Screen("coaching-goals", "{p}/coaching/{coaching}/goals/", who="coachee"),
    Screen("coaching-conversation-create", "{p}/coaching/{coaching}/conversations/new/"),
    Screen(
        "coaching-conversation-create-error",
        "{p}/coaching/{coaching}/conversations/new/",
        then=submit_empty,
    ),
    Screen(
        "coaching-conversation-edit",
        "{p}/coaching/{coaching}/conversations/{conversation}/edit/",
        who="coachee",
    ),
    Screen("coaching-goal-create", "{p}/coaching/{coaching}/goals/new/", who="coachee"),
    Screen("coaching-goal-step", "{p}/coaching/{coaching}/goals/{goal}/step/"),
    Screen(
        "coaching-goal-step-error", "{p}/coaching/{coaching}/goals/{goal}/step/", then=submit_empty
    ),
    Screen("coaching-end", "{p}/coaching/{coaching}/end/"),
    # Errors.
    Screen("not-found", "/programmes/bestaat-niet/"),
    Screen("forbidden", "/programmes/new/"),  # a facilitator may not create programmes
    # Learning sessions: planning and the report.
    Screen("session-list", "{p}/sessions/"),
    Screen("session-create", "{p}/sessions/new/"),
    Screen("session-create-error", "{p}/sessions/new/", then=submit_empty),
    Screen("course-create", "{p}/sessions/courses/new/"),
    Screen("session-detail", "{p}/sessions/{session_planned}/"),
    Screen("session-detail-as-member", "{p}/sessions/{session_planned}/", who="civil_servant"),
    Screen("session-detail-closed", "{p}/sessions/{session_closed}/"),
    Screen("session-edit", "{p}/sessions/{session_planned}/edit/"),
    Screen("session-agenda", "{p}/sessions/{session_planned}/agenda/"),
    Screen("session-participants", "{p}/sessions/{session_planned}/participants/"),
    Screen("session-hand-over", "{p}/sessions/{session_planned}/hand-over/"),
    Screen(
        "session-hand-over-confirm",
        "{p}/sessions/{session_planned}/hand-over/",
        then=choose_and_go_on,
    ),
    Screen("session-report", "{p}/sessions/{session_closed}/report/"),
    Screen("session-report-not-yet", "{p}/sessions/{session_planned}/report/"),
    Screen("calendar-settings", "/calendar/"),
    Screen("calendar-settings-revoke", "/calendar/", then=make_and_revoke_address),
    # The compass's pictures.
    Screen("compass", "{p}/compass/"),
    Screen("compass-perspectives", "{p}/compass/?view=perspectives&period=all"),
    Screen("compass-trend", "{p}/compass/trend/"),
    Screen("compass-personal", "{p}/compass/mine/"),
    Screen("compass-personal-empty", "{p}/compass/mine/", who="coachee"),
    # The travel report (its flows: tests/browser/test_journal*.py, also at 390 px).
    Screen("journal", "{p}/journal/"),
    Screen("journal-settings", "{p}/journal/settings/"),
    Screen("journal-draft", "{p}/journal/draft/"),
    Screen("journal-chapter-add", "{p}/journal/chapters/add/"),
    Screen("journal-chapter-edit", "{p}/journal/chapters/{chapter}/"),
    Screen("journal-chapter-edit-generated", "{p}/journal/chapters/{chapter_generated}/"),
    Screen("journal-chapter-delete", "{p}/journal/chapters/{chapter}/delete/"),
    Screen("journal-review", "{p}/journal/review/", who="civil_servant"),
    Screen("journal-publish", "{p}/journal/publish/"),
    Screen("journal-publication", "{p}/journal/versions/1/"),
    Screen("journal-compare", "{p}/journal/compare/?from=1&to=draft"),
    Screen("journal-voices", "{p}/journal/voices/"),
    Screen("journal-voice-pick", "{p}/journal/voices/pick/"),
    Screen("journal-voice-add", "{p}/journal/voices/add/", who="civil_servant"),
    Screen("journal-voice-edit", "{p}/journal/voices/{voice}/"),
    Screen("journal-voice-delete", "{p}/journal/voices/{voice}/delete/"),
    Screen("journal-consent", "{p}/journal/consent/", who="civil_servant"),
    Screen("journal-rendering", "{p}/journal/renderings/{rendering}/"),
    Screen("journal-public", "/reisverslag/samenspel/", who=None),
    Screen("journal-public-version", "/reisverslag/samenspel/1/", who=None),
    # The helicopter view (its flow: tests/browser/test_insights_helicopter.py, 390 px too).
    Screen("helicopter", "{p}/helicopter/"),
    Screen("helicopter-filtered", "{p}/helicopter/?area={area}&status=open"),
    Screen("helicopter-bad-filter", "{p}/helicopter/?area=abc"),
    Screen("helicopter-question", "{p}/helicopter/questions/{question}/"),
    Screen("helicopter-cell", "{p}/helicopter/initiatives/{initiative}/questions/{question}/"),
    # Personal settings and the reminders' stop link (tests/browser/test_insights_reminders.py).
    Screen("account-settings", "/accounts/settings/"),
    # The recurring themes (tests/browser/test_insights_themes.py, 390 px too).
    Screen("themes", "{p}/themes/"),
    Screen("theme-detail", "{p}/themes/{theme}/"),
    Screen("theme-detail-page-2", "{p}/themes/{theme}/?page=2"),
    # Search (tests/browser/test_insights_search.py, with the header's box, 390 px too).
    Screen("search", "/search/"),
    Screen("search-results", "/search/?q=dorpshuis"),
    Screen("search-nothing-found", "/search/?q=zeppelinhaven"),
    Screen("search-bad-query", "/search/?q=%20"),
    # The dashboards (tests/browser/test_insights_dashboards.py, 390 px too).
    Screen("dashboard", "{p}/dashboard/"),
    Screen("governance", "{p}/governance/"),
    Screen("governance-as-civil-servant", "{p}/governance/", who="civil_servant"),
    Screen("reminders-stop", "/reminders/stop/{stop_token}/", who=None),
    Screen("reminders-stop-invalid", "/reminders/stop/ongeldig/", who=None),
]


def bad_date(page: Page) -> None:
    page.locator("input[name=assessed_on]").fill("31-31-2025")
    page.locator("main form.sp-form button[type=submit]").first.click()
    expect(page.locator(".sp-error").first).to_be_visible()


# The compass: also checked on a phone (test_compass_page_on_a_phone).
COMPASS_SCREENS = [
    Screen("compass-setup", "{p}/compass/setup/"),
    Screen("compass-setup-member", "{p}/compass/setup/", who="civil_servant"),
    Screen("compass-facets", "{p}/compass/facets/"),
    Screen("compass-facets-member", "{p}/compass/facets/", who="civil_servant"),
    Screen("compass-facet-edit", "{p}/compass/facets/{facet}/"),
    Screen("compass-facet-edit-unanswered", "{p}/compass/facets/{facet_unanswered}/"),
    Screen("compass-facet-delete", "{p}/compass/facets/{facet_unanswered}/delete/"),
    Screen("compass-answer", "{p}/compass/answer/", who="civil_servant"),
    Screen("compass-answer-error", "{p}/compass/answer/", who="civil_servant", then=bad_date),
    Screen("compass-answer-administrator", "{p}/compass/answer/", who="administrator"),
    Screen("compass-answers", "{p}/compass/answers/"),
    Screen("compass-assessment-delete", "{p}/compass/answers/{assessment}/delete/"),
    Screen("compass-links", "{p}/compass/links/"),
    Screen("compass-link-close", "{p}/compass/links/{link}/close/"),
    Screen("compass-link-answer", "/kompas/{link_key}/", who=None),
    Screen("compass-link-closed", "/kompas/{closed_link_key}/", who=None),
    Screen("compass-link-thanks", "/kompas/{link_key}/thanks/", who=None),
]
SCREENS += COMPASS_SCREENS


def describe(violations: list[dict[str, Any]]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']}")
        for node in violation["nodes"]:
            lines.append(f"    {' '.join(node['target'])}: {node['html'][:160]}")
    return "\n".join(lines)


def violations_of(page: Page, log_in_by_session: Any, world: dict, screen: Screen) -> str:
    """Open one screen as its visitor and run axe: the violations described, or ""."""
    page.context.clear_cookies()
    if screen.who:
        log_in_by_session(page, world[screen.who])
    page.goto(screen.path.format(**world))
    if screen.then:
        screen.then(page)
    expect(page.locator("h1").first).to_be_visible()
    assert page.evaluate(STYLED), "the stylesheet did not load: contrast cannot be checked"

    result = Axe().run(page, options=WCAG_21_AA)
    violations = result.response["violations"]

    folder = os.environ.get("SAMENSPEL_SCREENSHOTS")
    if folder and screen.id in SCREENSHOTS:
        Path(folder).mkdir(parents=True, exist_ok=True)
        page.screenshot(path=Path(folder) / f"{screen.id}.png", full_page=True)
    if not violations:
        return ""
    return f"{screen.id} {page.url}: {len(violations)} violation(s)\n{describe(violations)}"


# Screens that only read share one world (building it is most of a screen's cost); a
# screen that acts on its page (`then`: a wrong password, a bad form) gets its own.
BATCH = 12
_reading = [screen for screen in SCREENS if screen.then is None]
BATCHES = [_reading[i : i + BATCH] for i in range(0, len(_reading), BATCH)]
BATCHES += [[screen] for screen in SCREENS if screen.then is not None]


@pytest.mark.parametrize(
    "screens", BATCHES, ids=[f"{batch[0].id}..{batch[-1].id}" for batch in BATCHES]
)
def test_page_has_no_wcag_violations(page, log_in_by_session, screens: list[Screen]):
    world = build_world(journal=any(screen.id.startswith("journal") for screen in screens))
    found = [violations_of(page, log_in_by_session, world, screen) for screen in screens]
    found = [text for text in found if text]
    for text in found:
        print(f"\n{text}")
    assert not found, "WCAG 2.1 AA violations:\n" + "\n".join(found)


def test_every_screen_is_checked():
    assert sorted(s.id for batch in BATCHES for s in batch) == sorted(s.id for s in SCREENS)


PHONE_BATCHES = [[s for s in COMPASS_SCREENS if s.then is None]] + [
    [s] for s in COMPASS_SCREENS if s.then is not None
]


@pytest.mark.parametrize(
    "screens", PHONE_BATCHES, ids=[f"{batch[0].id}..{batch[-1].id}" for batch in PHONE_BATCHES]
)
def test_compass_page_on_a_phone(page, log_in_by_session, screens: list[Screen]):
    """The compass's forms (a row of scores that wraps) also pass at 390 px wide."""
    page.set_viewport_size({"width": 390, "height": 844})
    test_page_has_no_wcag_violations(page, log_in_by_session, screens)
