"""The compass's pages through HTTP: setting it up from a template, the core and the
facets (edit, move, retire, delete), answering it as a member, one's own answers, the
answer links, and the residents' public form (closed, duplicate, throttled, unknown).

Every refusal answers 400 (or 410, 429) and stores nothing; anonymous answers store no
respondent and no audit actor; the facets and answers pages cost the same number of
queries however many facets and answers there are.
"""

import datetime
import re

import pytest
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone, translation

from samenspel.common.models import AuditEvent
from samenspel.compass import services
from samenspel.compass.constants import Perspective, Subject
from samenspel.compass.models import AnswerLink, Assessment, Compass, Facet, LinkVisit, Score
from samenspel.programmes.constants import Role
from tests.compass import assess, make_compass
from tests.factories import InitiativeFactory, MembershipFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def url(name, programme, *args):
    return reverse(name, args=[programme.slug, *args])


@pytest.fixture
def compass(programme, facilitator):
    return make_compass(programme, facilitator)


def facets_of(compass):
    return list(compass.facets.order_by("position"))


def sheet(compass, scores, **extra):
    """POST data of the members' form: `scores` in facet order (None skips a facet)."""
    data = {"subject": Subject.PROGRAMME, "assessed_on": "", **extra}
    for facet, score in zip(facets_of(compass), scores, strict=False):
        if score is not None:
            data[f"facet_{facet.pk}_current"] = str(score)
    return data


# Setting up -------------------------------------------------------------------------------


def test_a_member_sees_the_empty_state_and_cannot_set_up(programme, client_for, civil_servant):
    client = client_for(civil_servant)
    overview = client.get(url("compass", programme)).content.decode()
    assert "Dit programma heeft nog geen kompas" in overview
    assert url("compass-setup", programme) not in overview  # not theirs to set up
    page = client.get(url("compass-setup", programme)).content.decode()
    assert "Er is nog geen kompas" in page or "There is no compass yet" in page
    assert 'name="template"' not in page
    assert client.post(url("compass-setup", programme), {"template": "own"}).status_code == 403
    assert not Compass.objects.exists()


def test_the_facilitator_sees_both_templates_with_their_facets(programme, client_for, facilitator):
    page = client_for(facilitator).get(url("compass-setup", programme)).content.decode()
    assert 'value="government_roles"' in page
    assert re.search(r'value="government_roles"[^>]*checked', page)  # the default
    assert 'value="participation_ladder"' in page and 'value="own"' in page
    for name in ("Rechtmatige overheid", "Responsieve overheid", "Loslaten", "Reguleren"):
        assert name in page


def test_the_facilitator_chooses_the_ladder(programme, client_for, facilitator):
    client = client_for(facilitator)
    response = client.post(url("compass-setup", programme), {"template": "participation_ladder"})
    assert response.status_code == 302
    assert response.url == url("compass-facets", programme)
    compass = Compass.objects.get(programme=programme)
    assert compass.template == "participation_ladder"
    assert compass.facets.count() == 5
    assert client.get(response.url).status_code == 200


def test_a_bad_template_is_refused(programme, client_for, facilitator):
    response = client_for(facilitator).post(url("compass-setup", programme), {"template": "x"})
    assert response.status_code == 400
    assert not Compass.objects.exists()


def test_starting_again_asks_first_and_then_replaces_the_facets(
    programme, client_for, facilitator, compass
):
    client = client_for(facilitator)
    setup = url("compass-setup", programme)
    asked = client.post(setup, {"template": "participation_ladder"})
    assert asked.status_code == 200
    assert 'name="confirm" value="True"' in asked.content.decode()
    assert compass.facets.count() == 4  # nothing replaced yet
    done = client.post(setup, {"template": "participation_ladder", "confirm": "True"})
    assert done.status_code == 302
    assert compass.facets.count() == 5
    assert AuditEvent.objects.filter(action="compass.template").count() == 1


def test_once_answered_the_template_can_no_longer_be_replaced(
    programme, client_for, facilitator, compass
):
    assess(compass, [5, 6, 7, 8])
    client = client_for(facilitator)
    page = client.get(url("compass-setup", programme)).content.decode()
    assert 'name="template"' not in page
    response = client.post(
        url("compass-setup", programme), {"template": "participation_ladder", "confirm": "True"}
    )
    assert response.status_code == 400
    assert compass.facets.count() == 4


# The core and the facets ------------------------------------------------------------------


def test_members_read_the_facets_without_the_forms(programme, client_for, compass, member):
    page = client_for(member(Role.GOVERNANCE)).get(url("compass-facets", programme))
    html = page.content.decode()
    assert page.status_code == 200
    assert "Netwerkende overheid" in html
    assert 'name="core"' not in html and 'name="facet-name"' not in html
    response = client_for(member(Role.GOVERNANCE)).post(
        url("compass-facets", programme),
        {"action": "add", "facet-name": "X", "facet-colour": "red"},
    )
    assert response.status_code == 403


def test_the_core_is_saved_with_its_version_and_a_stale_save_is_refused(
    programme, client_for, facilitator, compass
):
    client = client_for(facilitator)
    target = url("compass-facets", programme)
    data = {"action": "core", "core": "Samen leren", "version": compass.version}
    assert client.post(target, data).status_code == 302
    stale = client.post(target, {**data, "core": "Iets anders"})
    assert stale.status_code == 400
    compass.refresh_from_db()
    assert compass.core == "Samen leren"


def test_a_facet_is_added_moved_and_a_bad_one_refused(programme, client_for, facilitator, compass):
    client = client_for(facilitator)
    target = url("compass-facets", programme)
    added = client.post(
        target,
        {
            "action": "add",
            "facet-name": "Vertrouwen",
            "facet-description": "Wij vertrouwen inwoners.",
            "facet-colour": "teal",
        },
    )
    assert added.status_code == 302
    facet = Facet.objects.get(name="Vertrouwen")
    assert facet.position == 5
    taken = client.post(
        target, {"action": "add", "facet-name": "vertrouwen", "facet-colour": "red"}
    )
    assert taken.status_code == 400
    assert "facet-name" in taken.content.decode()  # the message is on the name field
    assert Facet.objects.filter(compass=compass).count() == 5
    assert (
        client.post(url("compass-facet-move", programme, facet.pk), {"direction": "up"}).status_code
        == 302
    )
    facet.refresh_from_db()
    assert facet.position == 4
    assert client.get(url("compass-facet-move", programme, facet.pk)).status_code == 405


def test_a_facet_is_renamed_and_retired_and_put_back(programme, client_for, facilitator, compass):
    client = client_for(facilitator)
    facet = facets_of(compass)[0]
    edit = url("compass-facet-edit", programme, facet.pk)
    assert client.get(edit).status_code == 200
    saved = client.post(edit, {"name": "Zorgvuldige overheid", "description": "", "colour": "red"})
    assert saved.status_code == 302
    facet.refresh_from_db()
    assert (facet.name, facet.colour) == ("Zorgvuldige overheid", "red")
    bad = client.post(edit, {"name": "", "colour": "pink"})
    assert bad.status_code == 400
    retire = url("compass-facet-retire", programme, facet.pk)
    assert client.post(retire, {"action": "retire"}).status_code == 302
    facet.refresh_from_db()
    assert facet.retired
    with translation.override("nl"):
        badge = translation.gettext("retired")
    assert badge in client.get(url("compass-facets", programme)).content.decode()
    assert client.post(retire, {"action": "restore"}).status_code == 302
    facet.refresh_from_db()
    assert not facet.retired


def test_a_facet_without_answers_is_deleted_after_asking(
    programme, client_for, facilitator, compass
):
    client = client_for(facilitator)
    facet = facets_of(compass)[3]
    delete = url("compass-facet-delete", programme, facet.pk)
    assert delete in client.get(url("compass-facet-edit", programme, facet.pk)).content.decode()
    asked = client.get(delete)
    assert asked.status_code == 200 and 'method="post"' in asked.content.decode()
    assert Facet.objects.filter(pk=facet.pk).exists()
    assert client.post(delete).status_code == 302
    assert not Facet.objects.filter(pk=facet.pk).exists()


def test_a_facet_with_answers_is_not_deleted(programme, client_for, facilitator, compass):
    assess(compass, [5, 6, 7, 8])
    client = client_for(facilitator)
    facet = facets_of(compass)[0]
    delete = url("compass-facet-delete", programme, facet.pk)
    assert delete not in client.get(url("compass-facet-edit", programme, facet.pk)).content.decode()
    assert 'method="post"' not in client.get(delete).content.decode().split("<main", 1)[1]
    assert client.post(delete).status_code == 400
    assert Facet.objects.filter(pk=facet.pk).exists()


def test_another_programmes_facet_is_not_found(programme, client_for, facilitator, compass):
    other = ProgrammeFactory()
    other_compass = make_compass(other, facilitator)
    facet = facets_of(other_compass)[0]
    client = client_for(facilitator)
    assert client.get(url("compass-facet-edit", programme, facet.pk)).status_code == 404
    assert client.post(url("compass-facet-delete", programme, facet.pk)).status_code == 404


# Answering as a member --------------------------------------------------------------------


def test_a_civil_servant_answers_with_a_dutch_date(programme, client_for, civil_servant, compass):
    client = client_for(civil_servant)
    page = client.get(url("compass-answer", programme)).content.decode()
    assert "Ambtenaren" in page or "Civil servants" in page  # the perspective is shown
    assert 'name="perspective"' not in page
    day = timezone.localdate() - datetime.timedelta(days=20)
    first = facets_of(compass)[0]
    data = sheet(compass, [6, None, 8, 3], assessed_on=f"{day.day}-{day.month}-{day.year}")
    data[f"facet_{first.pk}_desired"] = "9"
    data[f"facet_{first.pk}_note"] = "Regels gaan voor."
    response = client.post(url("compass-answer", programme), data)
    assert response.status_code == 302
    assert response.url == url("compass-answers", programme)
    assessment = Assessment.objects.get()
    assert assessment.perspective == Perspective.CIVIL_SERVANTS
    assert assessment.respondent == civil_servant and assessment.assessed_on == day
    scores = {s.facet_id: (s.current, s.desired, s.note) for s in assessment.scores.all()}
    assert len(scores) == 3
    assert scores[first.pk] == (6, 9, "Regels gaan voor.")
    mine = client.get(response.url).content.decode()
    assert f"{day.day} " in mine and "Rechtmatige overheid: 6 / 9" in mine


def test_an_answer_about_an_initiative_and_about_oneself(
    programme, client_for, civil_servant, compass, initiative
):
    client = client_for(civil_servant)
    target = url("compass-answer", programme)
    about = sheet(compass, [5], subject=Subject.INITIATIVE, initiative=initiative.pk)
    assert client.post(target, about).status_code == 302
    myself = sheet(compass, [7], subject=Subject.PERSON)
    assert client.post(target, myself).status_code == 302
    subjects = dict(Assessment.objects.values_list("subject", "initiative_id"))
    assert subjects == {Subject.INITIATIVE: initiative.pk, Subject.PERSON: None}
    assert Assessment.objects.get(subject=Subject.PERSON).person == civil_servant


def test_an_initiative_page_leads_to_an_answer_about_it(
    programme, client_for, civil_servant, compass, initiative
):
    client = client_for(civil_servant)
    page = client.get(reverse("initiative-detail", args=[programme.slug, initiative.pk]))
    target = url("compass-answer", programme) + f"?initiative={initiative.pk}"
    assert target in page.content.decode()
    form = client.get(target).content.decode()
    # Only this initiative, chosen already, and the subject set to it.
    assert re.search(rf'<option value="{initiative.pk}"[^>]*selected', form)
    select = re.search(r'<select name="initiative".*?</select>', form, re.S).group(0)
    assert select.count("<option") == 1
    assert re.search(r'value="initiative"[^>]*checked', form)
    about = sheet(compass, [6], subject=Subject.INITIATIVE, initiative=initiative.pk)
    assert client.post(target, about).status_code == 302
    assert Assessment.objects.get().initiative == initiative
    page = client.get(reverse("initiative-detail", args=[programme.slug, initiative.pk]))
    assert "1 kompasmeting gaat over dit initiatief." in page.content.decode()


@override_settings(LANGUAGE_CODE="nl")
def test_with_many_initiatives_an_answer_about_one_starts_on_its_page(
    programme, client_for, civil_servant, compass, area, monkeypatch
):
    from samenspel.compass import forms

    monkeypatch.setattr(forms, "MAX_INITIATIVES_TO_CHOOSE", 2)
    initiatives = [InitiativeFactory(programme=programme, area=area) for _ in range(3)]
    client = client_for(civil_servant)
    form = client.get(url("compass-answer", programme)).content.decode()
    assert 'name="initiative"' not in form and 'value="initiative"' not in form
    assert "Open de pagina van het initiatief" in form
    # Sent anyway: refused, nothing stored.
    about = sheet(compass, [6], subject=Subject.INITIATIVE, initiative=initiatives[0].pk)
    assert client.post(url("compass-answer", programme), about).status_code == 400
    assert not Assessment.objects.exists()
    # From the initiative's page it works; another programme's initiative is ignored.
    target = url("compass-answer", programme) + f"?initiative={initiatives[0].pk}"
    assert client.post(target, about).status_code == 302
    foreign = InitiativeFactory()
    form = client.get(url("compass-answer", programme) + f"?initiative={foreign.pk}")
    assert form.status_code == 200 and 'value="initiative"' not in form.content.decode()


def test_an_anonymous_answer_stores_no_person(programme, client_for, member, compass):
    governance = member(Role.GOVERNANCE)
    response = client_for(governance).post(
        url("compass-answer", programme), sheet(compass, [4, 4, 4, 4], anonymous="on")
    )
    assert response.status_code == 302
    assessment = Assessment.objects.get()
    assert assessment.anonymous and assessment.respondent is None and assessment.person is None
    assert assessment.perspective == Perspective.GOVERNANCE
    event = AuditEvent.objects.get(action="assessment.record")
    assert event.actor_id is None
    assert str(governance.pk) not in str(event.data) and governance.email not in str(event.data)
    # Not listed under "my answers": nothing ties it to the member.
    page = client_for(governance).get(url("compass-answers", programme)).content.decode()
    assert "compass-assessment-delete" not in page and f"/answers/{assessment.pk}/" not in page


def refusals(compass, other_facet, retired_facet):
    first = facets_of(compass)[0]
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    return {
        "score 11": ({f"facet_{first.pk}_current": "11"}, f"facet_{first.pk}_current"),
        "score -1": ({f"facet_{first.pk}_current": "-1"}, f"facet_{first.pk}_current"),
        "abc": ({f"facet_{first.pk}_current": "abc"}, f"facet_{first.pk}_current"),
        "desired 12": (
            {f"facet_{first.pk}_current": "5", f"facet_{first.pk}_desired": "12"},
            f"facet_{first.pk}_desired",
        ),
        "another programme's facet": ({f"facet_{other_facet.pk}_current": "5"}, None),
        "a retired facet": ({f"facet_{retired_facet.pk}_current": "5"}, None),
        "nothing scored": ({}, None),
        "the future": (
            {
                f"facet_{first.pk}_current": "5",
                "assessed_on": f"{tomorrow.day}-{tomorrow.month}-{tomorrow.year}",
            },
            "assessed_on",
        ),
        "myself anonymously": (
            {f"facet_{first.pk}_current": "5", "subject": Subject.PERSON, "anonymous": "on"},
            None,
        ),
    }


REFUSALS = [
    "score 11",
    "score -1",
    "abc",
    "desired 12",
    "another programme's facet",
    "a retired facet",
    "nothing scored",
    "the future",
    "myself anonymously",
]


@pytest.mark.parametrize("case", REFUSALS)
def test_bad_answers_are_refused_and_nothing_is_stored(
    programme, client_for, civil_servant, facilitator, compass, case
):
    other_facet = facets_of(make_compass(ProgrammeFactory(), facilitator))[0]
    retired = services.facet_add(compass=compass, name="Oud", colour="grey", by=facilitator)
    services.facet_retire(facet=retired, by=facilitator)
    data, field = refusals(compass, other_facet, retired)[case]
    events = AuditEvent.objects.count()
    response = client_for(civil_servant).post(
        url("compass-answer", programme), {"subject": Subject.PROGRAMME, **data}
    )
    assert response.status_code == 400
    assert not Assessment.objects.exists() and not Score.objects.exists()
    assert AuditEvent.objects.count() == events
    html = response.content.decode()
    if field:
        assert f'id="id_{field}_error"' in html, html
    else:
        assert 'class="sp-alert sp-alert--error"' in html


def test_a_site_administrator_who_is_not_a_member_cannot_answer(
    programme, client_for, administrator, compass
):
    client = client_for(administrator)
    page = client.get(url("compass-answer", programme))
    assert page.status_code == 200
    assert 'name="subject"' not in page.content.decode()
    response = client.post(url("compass-answer", programme), sheet(compass, [5]))
    assert response.status_code == 403
    assert not Assessment.objects.exists()


# One's own answers ------------------------------------------------------------------------


def test_an_own_answer_is_taken_back_after_asking(programme, client_for, civil_servant, compass):
    assessment = assess(compass, [5, 5], respondent=civil_servant)
    client = client_for(civil_servant)
    target = url("compass-assessment-delete", programme, assessment.pk)
    assert target in client.get(url("compass-answers", programme)).content.decode()
    assert client.get(target).status_code == 200
    assert Assessment.objects.exists()
    assert client.post(target).status_code == 302
    assert not Assessment.objects.exists()
    assert AuditEvent.objects.filter(action="assessment.delete", actor=civil_servant).exists()


def test_someone_elses_answer_cannot_be_taken_back(
    programme, client_for, civil_servant, facilitator, compass
):
    assessment = assess(compass, [5], respondent=facilitator, perspective=Perspective.FACILITATOR)
    target = url("compass-assessment-delete", programme, assessment.pk)
    assert client_for(civil_servant).get(target).status_code == 404
    assert client_for(civil_servant).post(target).status_code == 404
    assert Assessment.objects.exists()


# Answer links -----------------------------------------------------------------------------


def test_links_are_made_closed_after_asking_and_opened_again(
    programme, client_for, facilitator, civil_servant, compass, initiative
):
    client = client_for(facilitator)
    target = url("compass-links", programme)
    assert client_for(civil_servant).get(target).status_code == 403
    made = client.post(
        target,
        {"title": "Dorpsavond", "subject": Subject.INITIATIVE, "initiative": initiative.pk},
    )
    assert made.status_code == 302
    link = AnswerLink.objects.get()
    assert link.initiative == initiative
    page = client.get(target).content.decode()
    assert "Dorpsavond" in page and f"http://testserver/kompas/{link.key}/" in page
    bad = client.post(target, {"title": "Zonder initiatief", "subject": Subject.INITIATIVE})
    assert bad.status_code == 400
    assert AnswerLink.objects.count() == 1
    close = url("compass-link-close", programme, link.pk)
    assert client.get(close).status_code == 200
    link.refresh_from_db()
    assert link.is_open
    assert client.post(close).status_code == 302
    link.refresh_from_db()
    assert not link.is_open
    assert client.post(url("compass-link-reopen", programme, link.pk)).status_code == 302
    link.refresh_from_db()
    assert link.is_open


@pytest.fixture
def link(programme, facilitator, compass):
    return services.link_create(
        programme=programme, title="Dorpsavond maart", subject=Subject.PROGRAMME, by=facilitator
    )


def visit_of(response):
    return re.search(r'name="visit" value="([^"]+)"', response.content.decode())[1]


def test_a_resident_answers_through_the_link(client, programme, compass, link):
    target = reverse("compass-link-answer", args=[link.key])
    opened = client.get(target)
    assert opened.status_code == 200
    assert "no-store" in opened["Cache-Control"]
    html = opened.content.decode()
    assert "Dorpsavond maart" in html and programme.name in html
    assert "sp-subnav" not in html and 'name="assessed_on"' not in html
    first = facets_of(compass)[0]
    data = {"visit": visit_of(opened), f"facet_{first.pk}_current": "3"}
    sent = client.post(target, data, REMOTE_ADDR="203.0.113.9")
    assert sent.status_code == 302
    assert sent.url == reverse("compass-link-thanks", args=[link.key])
    thanks = client.get(sent.url)
    assert thanks.status_code == 200 and "<form" not in thanks.content.decode().split("<main", 1)[1]
    assessment = Assessment.objects.get()
    assert assessment.perspective == Perspective.RESIDENTS
    assert assessment.anonymous and assessment.respondent is None and assessment.link == link
    event = AuditEvent.objects.get(action="assessment.record")
    assert event.actor_id is None and "203.0.113.9" not in str(event.data)
    # The same visit sent again: a clear message, nothing stored twice.
    again = client.post(target, data, REMOTE_ADDR="203.0.113.9")
    assert again.status_code == 400
    assert Assessment.objects.count() == 1
    assert "<form" not in again.content.decode().split("<main", 1)[1]


def test_a_bad_answer_through_the_link_keeps_the_visit(client, compass, link):
    target = reverse("compass-link-answer", args=[link.key])
    visit = visit_of(client.get(target))
    first = facets_of(compass)[0]
    refused = client.post(target, {"visit": visit, f"facet_{first.pk}_current": "11"})
    assert refused.status_code == 400
    assert f'id="id_facet_{first.pk}_current_error"' in refused.content.decode()
    assert visit_of(refused) == visit
    assert not Assessment.objects.exists()
    fixed = client.post(target, {"visit": visit, f"facet_{first.pk}_current": "10"})
    assert fixed.status_code == 302


def test_a_closed_link_and_an_unknown_key(client, facilitator, compass, link):
    target = reverse("compass-link-answer", args=[link.key])
    visit = visit_of(client.get(target))
    services.link_close(link=link, by=facilitator)
    assert client.get(target).status_code == 410
    first = facets_of(compass)[0]
    late = client.post(target, {"visit": visit, f"facet_{first.pk}_current": "5"})
    assert late.status_code == 410
    assert not Assessment.objects.exists()
    assert client.get(reverse("compass-link-answer", args=["bestaat-niet"])).status_code == 404
    assert client.get(reverse("compass-link-thanks", args=["bestaat-niet"])).status_code == 404


def test_a_form_without_a_visit_is_refused(client, compass, link):
    first = facets_of(compass)[0]
    response = client.post(
        reverse("compass-link-answer", args=[link.key]),
        {"visit": "verzonnen", f"facet_{first.pk}_current": "5"},
    )
    assert response.status_code == 400
    assert not Assessment.objects.exists()


@override_settings(LINK_ANSWERS_PER_ADDRESS=2)
def test_many_answers_from_one_address_are_throttled(client, compass, link):
    target = reverse("compass-link-answer", args=[link.key])
    first = facets_of(compass)[0]
    statuses = []
    for _ in range(3):
        visit = visit_of(client.get(target))
        response = client.post(
            target, {"visit": visit, f"facet_{first.pk}_current": "5"}, REMOTE_ADDR="198.51.100.7"
        )
        statuses.append(response.status_code)
    assert statuses == [302, 302, 429]
    assert Assessment.objects.count() == 2
    # Another address still answers.
    visit = visit_of(client.get(target))
    other = client.post(
        target, {"visit": visit, f"facet_{first.pk}_current": "5"}, REMOTE_ADDR="198.51.100.8"
    )
    assert other.status_code == 302


def test_a_visit_is_started_per_opening(client, link):
    target = reverse("compass-link-answer", args=[link.key])
    assert visit_of(client.get(target)) != visit_of(client.get(target))
    # Opening writes nothing: the visit's key is signed, and kept (hashed) only once used.
    assert not LinkVisit.objects.exists()


# Queries ----------------------------------------------------------------------------------


def _queries(client, address, django_assert_max_num_queries, limit):
    with django_assert_max_num_queries(limit) as captured:
        assert client.get(address).status_code == 200
    return len(captured)


def test_the_facets_and_answers_pages_do_not_grow_with_data(
    programme, client_for, facilitator, compass, django_assert_max_num_queries
):
    client = client_for(facilitator)
    pages = [url("compass-facets", programme), url("compass-answers", programme)]
    assess(compass, [5, 6], respondent=facilitator, perspective=Perspective.FACILITATOR)
    before = [_queries(client, page, django_assert_max_num_queries, 20) for page in pages]
    for name in ("Vertrouwen", "Ruimte", "Eigenaarschap"):
        services.facet_add(compass=compass, name=name, colour="green", by=facilitator)
    for score in range(8):
        assess(compass, [score] * 7, respondent=facilitator, perspective=Perspective.FACILITATOR)
        assess(compass, [score] * 7, perspective=Perspective.RESIDENTS)
    InitiativeFactory(programme=programme)
    after = [_queries(client, page, django_assert_max_num_queries, 20) for page in pages]
    assert after == before


def test_the_menu_links_to_the_compass(programme, client_for, member):
    page = client_for(member(Role.INITIATOR)).get(url("compass-setup", programme))
    html = page.content.decode()
    assert f'href="{url("compass", programme)}" aria-current="page"' in html


def test_members_of_another_programme_get_404(client_for, compass, programme):
    stranger = MembershipFactory(role=Role.FACILITATOR).user
    for name in ("compass", "compass-setup", "compass-facets", "compass-answer", "compass-links"):
        assert client_for(stranger).get(url(name, programme)).status_code == 404
