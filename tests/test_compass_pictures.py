"""The compass's pictures through HTTP: the overview (radar, table, gaps with their
notes), the trend, one's own compass, the chart files and the exports — who sees them,
their empty states, their filters (bad values fall back, never a 500), and that an export
names nobody."""

import csv
import datetime
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import load_workbook

from samenspel.compass import services
from samenspel.compass.constants import Perspective, Subject
from samenspel.learning_sessions.models import LearningSession
from samenspel.programmes.constants import Role
from tests.compass import assess, make_compass
from tests.sessions import plan_session

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"
TODAY = datetime.date.today()
LAST_QUARTER = datetime.date(TODAY.year - 1, 11, 15)


def url(name, programme, *args):
    return reverse(name, args=[programme.slug, *args])


@pytest.fixture
def compass(programme, facilitator):
    return make_compass(programme, facilitator)


@pytest.fixture
def answered(compass, member):
    """Residents see the first facet at 2, civil servants at 7 (a gap of 5, with a note
    of each side); the governance answers under a name; last year a resident answered
    too."""
    resident = member(Role.INITIATOR)
    servant = member(Role.CIVIL_SERVANT)
    council = member(Role.GOVERNANCE)
    council.name = "Wethouder Geheim"
    council.email = "wethouder.geheim@example.nl"
    council.save()
    for value in (1, 2, 3):
        assess(
            compass,
            [value, 5, 5, 5],
            desired=[8, 8, 8, 8],
            perspective=Perspective.RESIDENTS,
            anonymous=True,
            notes={"Rechtmatige overheid": "De regels zijn ons onduidelijk."},
        )
    assess(compass, [7, 5, 6, 5], perspective=Perspective.CIVIL_SERVANTS, respondent=servant)
    assess(
        compass,
        [8, 5, 6, 5],
        perspective=Perspective.CIVIL_SERVANTS,
        respondent=servant,
        notes={"Rechtmatige overheid": "We volgen elke procedure precies."},
    )
    assess(
        compass,
        [6, 6, 6, 6],
        perspective=Perspective.GOVERNANCE,
        respondent=council,
        notes={"Presterende overheid": "Opmerking van de wethouder"},
    )
    assess(compass, [9, 9, 9, 9], perspective=Perspective.RESIDENTS, on=LAST_QUARTER)
    return {"resident": resident, "servant": servant, "council": council}


def radar_of(response):
    """The wide radar of a page, parsed."""
    html = response.content.decode()
    found = re.search(r"<svg[^>]*sp-chart--radar sp-chart--wide.*?</svg>", html, re.S)
    assert found, "no radar on the page"
    return ET.fromstring(found.group(0))


def points_of(svg):
    return {
        (point.get("data-series"), point.get("data-axis")): float(point.get("data-value"))
        for point in svg.iter(f"{SVG}path")
        if point.get("data-value")
    }


# The overview ---------------------------------------------------------------------------


def test_without_a_compass_the_manager_is_sent_to_choose_one(programme, client_for, member):
    response = client_for(member(Role.CIVIL_SERVANT)).get(url("compass", programme))
    assert response.status_code == 200
    assert "nog geen kompas" in response.content.decode()


def test_a_compass_without_answers_says_so(compass, programme, client_for, facilitator):
    response = client_for(facilitator).get(url("compass", programme))
    body = response.content.decode()
    assert response.status_code == 200
    assert "Leren door experimenteren" in body
    assert "<svg" not in body
    assert "Nog geen antwoorden" in body


def test_the_overview_shows_the_latest_quarter_now_and_desired(
    answered, programme, client_for, facilitator
):
    response = client_for(facilitator).get(url("compass", programme))
    assert response.status_code == 200
    svg = radar_of(response)
    assert svg.get("role") == "img"
    points = points_of(svg)
    # Now: all six of this quarter together; last year's 9 is not in it.
    assert points["0", "Rechtmatige overheid"] == 4.5  # 1 2 3 6 7 8
    assert points["1", "Rechtmatige overheid"] == 8
    body = response.content.decode()
    # The table beside it, Dutch numbers.
    assert "4,5" in body
    assert "<caption" in body


def test_the_perspectives_view_draws_a_line_per_group_and_lists_the_gap_with_its_notes(
    answered, programme, client_for, facilitator
):
    response = client_for(facilitator).get(url("compass", programme), {"view": "perspectives"})
    points = points_of(radar_of(response))
    assert points["0", "Rechtmatige overheid"] == 2  # residents
    assert points["1", "Rechtmatige overheid"] == 7.5  # civil servants
    assert points["2", "Rechtmatige overheid"] == 6  # governance
    gaps = response.content.decode().split('id="gaps-heading"')[1]
    assert "5,5 punten verschil" in gaps
    assert "De regels zijn ons onduidelijk." in gaps
    assert "We volgen elke procedure precies." in gaps
    # A named answer's note shows without its name.
    assert "Wethouder Geheim" not in response.content.decode()


def test_all_periods_and_one_group(answered, programme, client_for, facilitator):
    response = client_for(facilitator).get(
        url("compass", programme), {"period": "all", "group": Perspective.RESIDENTS}
    )
    points = points_of(radar_of(response))
    assert points["0", "Rechtmatige overheid"] == 2.5  # 1 2 3 9
    assert points["1", "Rechtmatige overheid"] == 8  # desired of the residents


@pytest.mark.parametrize(
    "query",
    [
        {"subject": "i999999"},
        {"subject": "<script>"},
        {"period": "2025-9"},
        {"period": "1900-1"},
        {"period": "0000-1"},
        {"period": "x" * 500},
        {"view": "pie"},
        {"group": "aliens"},
        {"facet": "abc"},
    ],
)
def test_a_bad_filter_falls_back_to_the_default(
    answered, programme, client_for, facilitator, query
):
    client = client_for(facilitator)
    default = points_of(radar_of(client.get(url("compass", programme))))
    response = client.get(url("compass", programme), query)
    assert response.status_code == 200
    assert points_of(radar_of(response)) == default


def test_an_initiative_and_a_session_are_subjects(
    compass, programme, initiative, client_for, facilitator, civil_servant
):
    assess(compass, [3, 3, 3, 3], subject=Subject.INITIATIVE, initiative=initiative)
    session = plan_session(programme, facilitator, [civil_servant], title="Leersessie mei")
    assess(compass, [8, 8, 8, 8], subject=Subject.SESSION, session=session)
    client = client_for(facilitator)
    page = client.get(url("compass", programme))
    assert "Dorpshuis De Spil" in page.content.decode()
    assert "Leersessie mei" in page.content.decode()
    about_initiative = client.get(url("compass", programme), {"subject": f"i{initiative.pk}"})
    assert points_of(radar_of(about_initiative))["0", "Rechtmatige overheid"] == 3
    about_session = client.get(url("compass", programme), {"subject": f"s{session.pk}"})
    assert points_of(radar_of(about_session))["0", "Rechtmatige overheid"] == 8
    # The programme's own picture has neither.
    assert "<svg" not in client.get(url("compass", programme)).content.decode()


def test_a_retired_facet_stays_in_the_picture_of_its_answers(
    answered, compass, programme, client_for, facilitator
):
    facet = compass.facets.get(name="Responsieve overheid")
    services.facet_retire(facet=facet, by=facilitator)
    response = client_for(facilitator).get(url("compass", programme))
    assert ("0", "Responsieve overheid") in points_of(radar_of(response))
    assert "buiten gebruik" in response.content.decode()


def test_the_overview_costs_the_same_queries_with_more_answers(
    compass, programme, client_for, facilitator, initiative
):
    client = client_for(facilitator)
    assess(
        compass,
        [5, 5, 5, 5],
        perspective=Perspective.RESIDENTS,
        notes={"Rechtmatige overheid": "a"},
    )

    def count():
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("compass", programme), {"view": "perspectives"})
        assert response.status_code == 200
        return len(queries)

    few = count()
    for index in range(30):
        assess(
            compass,
            [index % 11, 2, 3, 4],
            perspective=list(Perspective)[index % 4],
            notes={"Rechtmatige overheid": f"Noot {index}"},
            on=TODAY - datetime.timedelta(days=index),
        )
    assess(compass, [1, 1, 1, 1], subject=Subject.INITIATIVE, initiative=initiative)
    assert count() == few


# The trend and one's own compass -------------------------------------------------------------


def test_the_trend_draws_each_facet_over_the_quarters(answered, programme, client_for, facilitator):
    response = client_for(facilitator).get(url("compass-trend", programme))
    assert response.status_code == 200
    body = response.content.decode()
    charts = re.findall(r"<svg[^>]*sp-chart--trend sp-chart--wide.*?</svg>", body, re.S)
    assert len(charts) == 4  # one per facet
    first = points_of(ET.fromstring(charts[0]))
    this_quarter = f"K{(TODAY.month - 1) // 3 + 1} {TODAY.year}"
    assert first["0", this_quarter] == 2  # residents now
    assert first["0", f"K4 {TODAY.year - 1}"] == 9  # residents last year


def test_my_compass_is_mine_alone(compass, programme, client_for, member):
    me, other = member(Role.CIVIL_SERVANT), member(Role.CIVIL_SERVANT)
    empty = client_for(me).get(url("compass-personal", programme))
    assert "nog niet" in empty.content.decode()
    assess(compass, [4, 4, 4, 4], desired=[9, 9, 9, 9], subject=Subject.PERSON, respondent=me)
    mine = client_for(me).get(url("compass-personal", programme))
    points = points_of(radar_of(mine))
    assert points["0", "Rechtmatige overheid"] == 4
    assert points["1", "Rechtmatige overheid"] == 9
    theirs = client_for(other).get(url("compass-personal", programme))
    assert "<svg" not in theirs.content.decode()
    # Nor is it in the programme's pictures.
    overview = client_for(other).get(url("compass", programme))
    assert "<svg" not in overview.content.decode()


# Files --------------------------------------------------------------------------------------


def test_the_radar_as_svg_and_png(answered, programme, client_for, facilitator):
    client = client_for(facilitator)
    svg = client.get(url("compass-chart", programme, "radar", "svg"), {"view": "perspectives"})
    assert svg.status_code == 200
    assert svg["Content-Type"] == "image/svg+xml"
    assert svg["Content-Disposition"].startswith('attachment; filename="kompas-samenspel-')
    parsed = ET.fromstring(svg.content)
    assert points_of(parsed)["0", "Rechtmatige overheid"] == 2
    assert parsed.find(f"{SVG}style") is not None  # a file carries its own style
    png = client.get(url("compass-chart", programme, "radar", "png"))
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")


def test_a_trend_file_names_its_facet(answered, compass, programme, client_for, facilitator):
    client = client_for(facilitator)
    facet = compass.facets.get(position=1)
    response = client.get(url("compass-chart", programme, "trend", "svg"), {"facet": facet.pk})
    assert response.status_code == 200
    assert ET.fromstring(response.content).find(f"{SVG}title").text == (f"Trend van {facet.name}")
    for bad in ({}, {"facet": "x"}, {"facet": "99999"}):
        assert client.get(url("compass-chart", programme, "trend", "png"), bad).status_code == 400


@pytest.mark.parametrize(
    ("chart", "fmt"), [("pie", "svg"), ("radar", "gif"), ("radar", "SVG"), ("trend", "pdf")]
)
def test_an_unknown_chart_or_format_is_not_found(
    answered, programme, client_for, facilitator, chart, fmt
):
    response = client_for(facilitator).get(url("compass-chart", programme, chart, fmt))
    assert response.status_code == 404


def test_a_chart_of_a_programme_without_compass_is_not_found(programme, client_for, facilitator):
    response = client_for(facilitator).get(url("compass-chart", programme, "radar", "svg"))
    assert response.status_code == 404


def _csv_rows(response):
    content = b"".join(response.streaming_content).decode("utf-8")
    assert content.startswith("\ufeff")
    return list(csv.reader(io.StringIO(content.removeprefix("\ufeff")), delimiter=";"))


def test_the_csv_export_names_nobody_and_leaves_out_self_assessments(
    answered, compass, programme, client_for, facilitator
):
    assess(
        compass,
        [1, 1, 1, 1],
        subject=Subject.PERSON,
        respondent=answered["servant"],
        notes={"Rechtmatige overheid": "Mijn eigen geheim"},
    )
    assess(
        compass,
        [5, 5, 5, 5],
        perspective=Perspective.RESIDENTS,
        anonymous=True,
        notes={"Rechtmatige overheid": '=HYPERLINK("http://kwaad.example")'},
    )
    response = client_for(facilitator).get(url("compass-export", programme, "csv"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith(
        'attachment; filename="kompasantwoorden-samenspel-'
    )
    rows = _csv_rows(response)
    header, data = rows[0], rows[1:]
    assert header == [
        "Datum",
        "Onderwerp",
        "Naam van het onderwerp",
        "Perspectief",
        "Windrichting",
        "Nu",
        "Gewenst",
        "Toelichting",
    ]
    assert len(data) == 8 * 4  # seven assessments of the programme and one more, 4 facets
    text = "\n".join(";".join(row) for row in rows)
    for secret in ("Wethouder Geheim", "wethouder.geheim", "Mijn eigen geheim"):
        assert secret not in text
    for user in answered.values():
        assert user.email not in text and str(user.pk) not in {row[0] for row in data}
    # The named governance answer is there, like any other.
    assert [row[7] for row in data if row[7].startswith("Opm")] == ["Opmerking van de wethouder"]
    assert '\'=HYPERLINK("http://kwaad.example")' in [row[7] for row in data]
    first = data[0]
    assert first[0] == LAST_QUARTER.isoformat()
    assert first[1:5] == ["Programma", programme.name, "Inwoners", "Rechtmatige overheid"]


def test_the_xlsx_export_reads_back(answered, programme, client_for, facilitator, compass):
    assess(
        compass,
        [5, 5, 5, 5],
        perspective=Perspective.RESIDENTS,
        anonymous=True,
        notes={"Rechtmatige overheid": '=HYPERLINK("http://kwaad.example")'},
    )  # today: after the answers of last year, at the end of the file
    response = client_for(facilitator).get(url("compass-export", programme, "xlsx"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:2] == ("Datum", "Onderwerp")
    assert sheet.freeze_panes == "A2"
    assert len(rows) == 1 + 8 * 4
    assert rows[1][0].date() == LAST_QUARTER
    assert rows[1][5] == 9
    assert not any("Wethouder Geheim" in str(cell) for row in rows for cell in row)
    # A note that looks like a formula stays text: nothing runs when the file opens.
    notes = [row[7] for row in sheet.iter_rows(min_row=2) if row[7].value]
    formula = next(cell for cell in notes if str(cell.value).startswith("=HYPERLINK"))
    assert formula.data_type == "s"


@pytest.mark.parametrize("fmt", ["pdf", "CSV", "json"])
def test_an_unknown_export_format_is_not_found(programme, client_for, facilitator, fmt):
    assert client_for(facilitator).get(url("compass-export", programme, fmt)).status_code == 404


def test_a_stranger_sees_none_of_it(answered, programme, client_for, compass):
    from tests.factories import MembershipFactory

    stranger = MembershipFactory(role=Role.FACILITATOR).user
    client = client_for(stranger)
    for address in (
        url("compass", programme),
        url("compass-trend", programme),
        url("compass-personal", programme),
        url("compass-chart", programme, "radar", "svg"),
        url("compass-export", programme, "csv"),
    ):
        assert client.get(address).status_code == 404
        assert client_for(None).get(address).status_code == 302


def test_the_session_subject_lists_by_title(
    programme, compass, facilitator, civil_servant, client_for
):
    session = plan_session(programme, facilitator, [civil_servant], title="Zomersessie")
    assert LearningSession.objects.filter(pk=session.pk).exists()
    assess(compass, [5, 5, 5, 5], subject=Subject.SESSION, session=session)
    response = client_for(civil_servant).get(url("compass", programme))
    assert f'value="s{session.pk}"' in response.content.decode()
