"""The report of a closed learning session, as a page and as a PDF: what it was, who took
part (by name, or counted per role when anonymous), the agenda and the open actions it
reviewed, what was written per question, the themes in vote order, the insights, the
actions, the learning agenda's updates and the cycles it reviewed. An anonymous
session's report names nobody. A session not closed yet has no report."""

import datetime
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from samenspel.cycles.constants import CycleState
from samenspel.learning_sessions import report, services
from samenspel.learning_sessions.constants import (
    ActionStatus,
    InsightKind,
    ProposalKind,
    SessionPhase,
)
from samenspel.programmes.constants import Role
from tests.factories import CycleFactory, ExpectationFactory, LearningQuestionFactory
from tests.test_session_pages import advance_to, plan, said

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(member):
    return {
        "facilitator": member(Role.FACILITATOR),
        "ann": member(Role.CIVIL_SERVANT),
        "bob": member(Role.CIVIL_SERVANT),
        "gov": member(Role.GOVERNANCE),
    }


def held_session(programme, initiative, people, *, anonymous):
    """A session held from start to close, with a bit of everything; returns it with the
    cycle it reviewed and the action of an earlier session it reviewed."""
    facilitator = people["facilitator"]
    earlier = plan(programme, facilitator, days=-30, title="Eerdere sessie")
    advance_to(earlier, SessionPhase.CAPTURE)
    old_action = services.action_add(
        session=earlier,
        text="Subsidieregels uitzoeken",
        owner=facilitator,
        due_on=timezone.localdate(),
        by=facilitator,
    )
    advance_to(earlier, SessionPhase.CLOSED)

    cycle = CycleFactory(
        initiative=initiative, state=CycleState.ACTING, owner=people["ann"], title="Buurtbus rijdt"
    )
    ExpectationFactory(cycle=cycle)
    question = LearningQuestionFactory(programme=programme, number=1, text="Wat laten we los?")
    session = plan(
        programme,
        facilitator,
        days=0,
        title="Terugblik buurtbus",
        anonymous=anonymous,
        place="Dorpshuis De Spil",
        participants=[people["ann"], people["bob"], people["gov"]],
    )
    services.agenda_set(session=session, cycles=[cycle], questions=[question], by=facilitator)
    advance_to(session, SessionPhase.ACTIONS)
    services.action_review(
        session=session, action=old_action, outcome=ActionStatus.DONE, by=facilitator
    )
    advance_to(session, SessionPhase.INPUT)
    ann = session.participants.get(user=people["ann"])
    bob = session.participants.get(user=people["bob"])
    written = {}
    for who, index, text in [
        (ann, 0, "We wilden elke dag een rit"),
        (bob, 1, "De chauffeurs haakten af"),
        (ann, 1, "Er kwamen meer ritten dan gedacht"),
        (bob, 3, "Vrijwilligers willen vaste tijden"),
    ]:
        written[text] = services.contribution_add(
            session=session, participant=ann if who == ann else bob, question=index, text=text
        )
    advance_to(session, SessionPhase.GROUPING)
    few = services.theme_create(
        session=session,
        title="Vrijwilligers",
        contributions=[written["De chauffeurs haakten af"]],
        by=facilitator,
    )
    many = services.theme_create(
        session=session,
        title="Vraag naar ritten",
        contributions=[written["Er kwamen meer ritten dan gedacht"]],
        by=facilitator,
    )
    advance_to(session, SessionPhase.VOTING)
    for voter, theme in [(ann, many), (bob, many), (ann, many), (bob, few)]:
        services.vote_cast(session=session, participant=voter, theme=theme)
    advance_to(session, SessionPhase.DISCUSSION)
    services.theme_note(
        session=session, theme=many, text="Iedereen was verrast door de vraag.", by=facilitator
    )
    advance_to(session, SessionPhase.CAPTURE)
    services.insight_add(
        session=session,
        text="Bewoners plannen beter dan wij dachten",
        kind=InsightKind.PERCEPTION,
        questions=[question],
        initiatives=[initiative],
        by=facilitator,
    )
    services.insight_add(
        session=session, text="De bus reed 212 ritten", kind=InsightKind.FACT, by=facilitator
    )
    services.action_add(
        session=session,
        text="Rooster maken met de chauffeurs",
        owner=facilitator,  # named always; here so that the participants' names are not
        due_on=timezone.localdate() + datetime.timedelta(days=21),
        by=facilitator,
    )
    services.proposal_add(
        session=session,
        question=question,
        kind=ProposalKind.REFORMULATE,
        text="Wat laten we los, en wat houden we vast?",
        by=facilitator,
    )
    advance_to(session, SessionPhase.CLOSED)
    session.refresh_from_db()
    return session, cycle


def report_url(name, session):
    return reverse(name, args=[session.programme.slug, session.pk])


def test_the_report_of_a_named_session(client_for, programme, initiative, people):
    session, cycle = held_session(programme, initiative, people, anonymous=False)
    response = client_for(people["gov"]).get(report_url("session-report", session))
    assert response.status_code == 200
    page = response.content.decode()
    for text in [
        "Terugblik buurtbus",
        "Dorpshuis De Spil",
        people["facilitator"].name,
        "Subsidieregels uitzoeken",  # the open action it reviewed
        said("Done"),
        "We wilden elke dag een rit",
        "Iedereen was verrast door de vraag.",
        "Bewoners plannen beter dan wij dachten",
        said("Perception"),
        said("Fact"),
        "Rooster maken met de chauffeurs",
        "Wat laten we los, en wat houden we vast?",
        reverse("cycle-detail", args=[programme.slug, cycle.pk]),
        reverse("initiative-detail", args=[programme.slug, initiative.pk]),
    ]:
        assert text in page, text
    # Who took part and who wrote what, by name.
    for person in (people["ann"], people["bob"], people["gov"]):
        assert person.name in page
    assert f'We wilden elke dag een rit <span class="sp-muted">— {people["ann"].name}' in page
    # Themes in vote order: three votes before one, with what was said.
    assert page.index("<h3>Vraag naar ritten") < page.index("<h3>Vrijwilligers")
    themes = report.session_report(session=session).themes
    assert [(t.title, t.votes) for t in themes] == [("Vraag naar ritten", 3), ("Vrijwilligers", 1)]
    # The cycle was reviewed in the session, the question reformulated (a new version).
    cycle.refresh_from_db()
    assert cycle.state == CycleState.REVIEWED and cycle.review.held_in == session.title
    question = session.programme.learning_questions.get()
    assert question.text == "Wat laten we los, en wat houden we vast?"
    assert question.versions.filter(text=question.text).exists()


def test_the_report_of_an_anonymous_session_names_nobody(client_for, programme, initiative, people):
    session, _cycle = held_session(programme, initiative, people, anonymous=True)
    page = client_for(people["gov"]).get(report_url("session-report", session)).content.decode()
    body = page[page.index("<main") :]
    report_part = body[: body.index("</main>")]
    for person in (people["ann"], people["bob"], people["gov"]):
        assert person.name not in report_part
    assert said("Civil servant") + ": 2" in report_part
    assert said("Governance member") + ": 1" in report_part
    assert "We wilden elke dag een rit" in report_part
    # The contributions in the order of their random sort key, per question.
    data = report.session_report(session=session)
    second = [c.text for c in data.questions[1].contributions]
    keys = [c.sort_key for c in data.questions[1].contributions]
    assert keys == sorted(keys) and len(second) == 2
    assert all(c.author is None for q in data.questions for c in q.contributions)


def text_of_pdf(content: bytes, tmp_path) -> str:
    """The PDF's text, with pdftotext (poppler) when it is installed."""
    path = tmp_path / "report.pdf"
    path.write_bytes(content)
    found = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    )
    return found.stdout


def text_of_layout(session) -> str:
    """The text WeasyPrint laid out on the pages (without a PDF reader)."""
    document = report.report_document(report.session_report(session=session), base_url="http://x/")
    texts = []
    for page in document.pages:
        for box in page._page_box.descendants():
            text = getattr(box, "text", None)
            if isinstance(text, str):
                texts.append(text)
    return " ".join(texts)


@pytest.mark.parametrize("anonymous", [False, True])
def test_the_report_as_pdf(client_for, programme, initiative, people, anonymous, tmp_path):
    session, _cycle = held_session(programme, initiative, people, anonymous=anonymous)
    response = client_for(people["gov"]).get(report_url("session-report-pdf", session))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    layout = text_of_layout(session)
    texts = [layout]
    if shutil.which("pdftotext"):
        texts.append(" ".join(text_of_pdf(response.content, tmp_path).split()))
    for text in texts:
        assert "Terugblik buurtbus" in text
        assert "Rooster maken met de chauffeurs" in text
        assert people["facilitator"].name in text  # the facilitator is always named
        for person in (people["ann"], people["bob"]):
            assert (person.name in text) is not anonymous
    # Cached: the second request is the same PDF without laying it out again.
    again = client_for(people["ann"]).get(report_url("session-report-pdf", session))
    assert again.status_code == 200


def test_the_page_numbers_are_in_the_interface_language():
    css = report.page_css()
    assert "counter(page)" in css and "counter(pages)" in css
    assert css.startswith("@page { @bottom-right { content: ")


def test_a_session_not_closed_has_no_report_yet(client_for, programme, people):
    session = plan(programme, people["facilitator"])
    advance_to(session, SessionPhase.CAPTURE)
    client = client_for(people["ann"])
    page = client.get(report_url("session-report", session))
    assert page.status_code == 200
    assert said("The report appears when the session closes.") in page.content.decode()
    assert client.get(report_url("session-report-pdf", session)).status_code == 404


def test_closing_updates_the_cached_report(client_for, programme, people):
    session = plan(programme, people["facilitator"])
    client = client_for(people["ann"])
    assert (
        said("The report appears when the session closes.")
        in client.get(report_url("session-report", session)).content.decode()
    )
    advance_to(session, SessionPhase.CLOSED)
    page = client.get(report_url("session-report", session)).content.decode()
    assert said("The report appears when the session closes.") not in page
    assert said("What was written") in page


def test_a_governance_session_has_its_own_questions(client_for, programme, people):
    session = plan(
        programme, people["facilitator"], kind="governance", participants=[people["gov"]]
    )
    advance_to(session, SessionPhase.INPUT)
    services.contribution_add(
        session=session,
        participant=session.participants.get(),
        question=1,
        text="Wij moeten minder vooraf vastleggen",
    )
    advance_to(session, SessionPhase.CLOSED)
    page = client_for(people["gov"]).get(report_url("session-report", session)).content.decode()
    assert "Wij moeten minder vooraf vastleggen" in page
    assert said("What does that ask of our role as council, board and directors?") in page
