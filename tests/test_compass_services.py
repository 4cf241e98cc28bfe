"""The compass's services: templates, facets, assessments and their refusals, the
figures of a picture, and the answer links (closed, duplicate, throttled)."""

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings

from samenspel.common.models import AuditEvent
from samenspel.compass import selectors, services
from samenspel.compass.constants import OWN_FACETS, Perspective, Subject
from samenspel.compass.models import Assessment, Facet, Score
from samenspel.compass.services import ScoreInput
from tests.compass import assess, make_compass
from tests.factories import ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_the_default_template_gives_four_roles_with_learning_at_the_core(programme, facilitator):
    compass = make_compass(programme, facilitator)
    names = list(compass.facets.values_list("name", flat=True))
    assert names == [
        "Rechtmatige overheid",
        "Presterende overheid",
        "Netwerkende overheid",
        "Responsieve overheid",
    ]
    assert compass.core == "Leren door experimenteren"
    assert AuditEvent.objects.filter(action="compass.create", programme_id=programme.pk).exists()


def test_the_ladder_and_own_facets(programme, facilitator):
    compass = make_compass(programme, facilitator, "participation_ladder")
    assert compass.facets.count() == 5
    services.compass_apply_template(compass=compass, template=OWN_FACETS, by=facilitator)
    assert compass.facets.count() == 0
    services.facet_add(compass=compass, name="Vertrouwen", colour="green", by=facilitator)
    assert list(compass.facets.values_list("name", flat=True)) == ["Vertrouwen"]


def test_a_facet_with_answers_is_renamed_or_retired_never_deleted(programme, facilitator):
    compass = make_compass(programme, facilitator)
    assess(compass, [5, 6, 7, 8], respondent=facilitator, perspective=Perspective.FACILITATOR)
    facet = compass.facets.get(position=1)
    with pytest.raises(ValidationError):
        services.facet_delete(facet=facet, by=facilitator)
    with pytest.raises(ValidationError):
        services.compass_apply_template(
            compass=compass, template="participation_ladder", by=facilitator
        )
    services.facet_update(facet=facet, name="Rechtmatig", colour="blue", by=facilitator)
    services.facet_retire(facet=facet, by=facilitator)
    assert Score.objects.filter(facet=facet).count() == 1
    with pytest.raises(ValidationError) as refused:
        assess(compass, {"Rechtmatig": 4}, respondent=facilitator)
    assert "Rechtmatig" in str(refused.value)


@pytest.mark.parametrize("value", [-1, 11, 99, "7", 7.5, True])
def test_a_score_outside_0_to_10_is_refused_and_nothing_stored(programme, facilitator, value):
    compass = make_compass(programme, facilitator)
    facet = compass.facets.first()
    with pytest.raises(ValidationError):
        services.assessment_record(
            programme=programme,
            subject=Subject.PROGRAMME,
            perspective=Perspective.FACILITATOR,
            answers={facet.pk: ScoreInput(current=value)},
            respondent=facilitator,
        )
    assert not Assessment.objects.exists()


def test_a_facet_of_another_programme_is_refused(programme, facilitator):
    make_compass(programme, facilitator)
    other = make_compass(ProgrammeFactory(), facilitator)
    with pytest.raises(ValidationError):
        services.assessment_record(
            programme=programme,
            subject=Subject.PROGRAMME,
            perspective=Perspective.FACILITATOR,
            answers={other.facets.first().pk: ScoreInput(current=5)},
            respondent=facilitator,
        )
    assert not Assessment.objects.exists()


def test_an_anonymous_assessment_names_nobody(programme, facilitator, civil_servant):
    compass = make_compass(programme, facilitator)
    assessment = assess(compass, [3, 4, 5, 6], respondent=civil_servant, anonymous=True)
    assert assessment.respondent is None and assessment.anonymous
    event = AuditEvent.objects.get(action="assessment.record")
    assert event.actor is None
    assert str(civil_servant.pk) not in str(event.data)
    # The event points to the compass, not to the answer.
    assert (event.target_type.model, event.target_id) == ("compass", compass.pk)
    named = assess(compass, [5, 5, 5, 5], respondent=civil_servant)
    event = AuditEvent.objects.filter(action="assessment.record").latest("id")
    assert (event.actor, event.target_id) == (civil_servant, named.pk)


def test_the_picture_counts_per_facet_and_group_and_lists_the_gaps(
    programme, facilitator, civil_servant
):
    compass = make_compass(programme, facilitator)
    for scores in ([8, 8, 8, 8], [9, 8, 7, 6]):
        assess(compass, scores, respondent=civil_servant)
    for scores in ([4, 8, 8, 3], [5, 8, 7, 4], [6, 8, 6, 2]):
        assess(compass, scores, perspective=Perspective.RESIDENTS, anonymous=True)
    picture = selectors.compass_picture(compass=compass, scope=selectors.Scope())
    first, *_, last = picture.facets
    servants = picture.current[first.pk, Perspective.CIVIL_SERVANTS]
    residents = picture.current[first.pk, Perspective.RESIDENTS]
    assert (servants.count, servants.median, servants.mean) == (2, 8.5, 8.5)
    assert (residents.count, residents.median, residents.lowest, residents.highest) == (3, 5, 4, 6)
    assert picture.respondents == {Perspective.CIVIL_SERVANTS: 2, Perspective.RESIDENTS: 3}
    assert [(gap.facet_id, gap.higher, gap.difference) for gap in picture.gaps] == [
        (last.pk, Perspective.CIVIL_SERVANTS, 4.0),
        (first.pk, Perspective.CIVIL_SERVANTS, 3.5),
    ]


def _answers(compass, value=6):
    return {facet.pk: ScoreInput(current=value) for facet in compass.facets.all()}


def test_a_link_takes_one_assessment_per_visit_and_none_once_closed(programme, facilitator):
    compass = make_compass(programme, facilitator)
    link = services.link_create(
        programme=programme, title="Kernendag", subject=Subject.PROGRAMME, by=facilitator
    )
    visit = services.link_visit_start(link=link)
    services.link_submit(link=link, visit_key=visit, address="10.0.0.1", answers=_answers(compass))
    with pytest.raises(ValidationError) as duplicate:
        services.link_submit(
            link=link, visit_key=visit, address="10.0.0.1", answers=_answers(compass)
        )
    assert duplicate.value.code == "duplicate"
    with pytest.raises(ValidationError) as unknown:
        services.link_submit(
            link=link, visit_key="guessed", address="10.0.0.1", answers=_answers(compass)
        )
    assert unknown.value.code == "unknown_visit"
    services.link_close(link=link, by=facilitator)
    with pytest.raises(ValidationError) as closed:
        services.link_submit(
            link=link,
            visit_key=services.link_visit_start(link=link),
            address="10.0.0.2",
            answers=_answers(compass),
        )
    assert closed.value.code == "closed"
    assessment = Assessment.objects.get()
    assert assessment.perspective == Perspective.RESIDENTS
    assert assessment.respondent is None and assessment.anonymous


@override_settings(LINK_ANSWERS_PER_ADDRESS=2)
def test_a_link_slows_down_one_address(programme, facilitator):
    compass = make_compass(programme, facilitator)
    link = services.link_create(
        programme=programme, title="Kernendag", subject=Subject.PROGRAMME, by=facilitator
    )
    for _ in range(2):
        services.link_submit(
            link=link,
            visit_key=services.link_visit_start(link=link),
            address="10.0.0.1",
            answers=_answers(compass),
        )
    with pytest.raises(ValidationError) as throttled:
        services.link_submit(
            link=link,
            visit_key=services.link_visit_start(link=link),
            address="10.0.0.1",
            answers=_answers(compass),
        )
    assert throttled.value.code == "throttled"
    services.link_submit(
        link=link,
        visit_key=services.link_visit_start(link=link),
        address="10.0.0.9",
        answers=_answers(compass),
    )
    assert Assessment.objects.count() == 3
    assert Facet.objects.count() == 4


def test_a_programme_with_answers_can_be_deleted_but_not_a_facet_with_answers(
    programme, facilitator
):
    from django.db.models import RestrictedError

    compass = make_compass(programme, facilitator)
    assess(compass, [5, 6, 7, 8], respondent=facilitator, perspective=Perspective.FACILITATOR)
    with pytest.raises(RestrictedError):
        compass.facets.first().delete()
    programme.delete()
    assert not Score.objects.exists() and not Facet.objects.exists()


def test_a_gaps_notes_are_its_own_groups_newest_however_many_others_wrote(
    programme, facilitator, civil_servant
):
    import datetime

    compass = make_compass(programme, facilitator)
    first = compass.facets.get(position=1).name
    today = datetime.date.today()
    assess(
        compass,
        {first: 2},
        perspective=Perspective.RESIDENTS,
        notes={first: "Oud"},
        on=today - datetime.timedelta(days=9),
    )
    assess(compass, {first: 2}, perspective=Perspective.RESIDENTS, notes={first: "Nieuw"})
    assess(compass, {first: 8}, respondent=civil_servant, notes={first: "Gaat goed"})
    # Council and board write many notes, newer than the others' (and differ from both
    # by 3): before, their notes crowded out those of the residents' gap.
    for _ in range(160):  # more than the fifty per pair an earlier version read
        assess(compass, {first: 5}, perspective=Perspective.GOVERNANCE, notes={first: "Tja"})
    picture = selectors.compass_picture(compass=compass, scope=selectors.Scope())
    facet_id = compass.facets.get(position=1).pk
    notes = selectors.gap_notes(
        compass=compass, scope=selectors.Scope(), gaps=picture.gaps, per_group=1
    )
    assert notes[facet_id, Perspective.RESIDENTS] == ["Nieuw"]
    assert notes[facet_id, Perspective.CIVIL_SERVANTS] == ["Gaat goed"]
    assert (facet_id, Perspective.GOVERNANCE) in {
        (gap.facet_id, group) for gap in picture.gaps for group in (gap.higher, gap.lower)
    }
    assert notes[facet_id, Perspective.GOVERNANCE] == ["Tja"]
