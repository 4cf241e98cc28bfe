"""The compass's charts as SVG text: they parse, name themselves for a screen reader,
hold the numbers they show (and draw each where its value is on the scale), leave a gap
where nobody answered, escape what people typed, keep series apart without colour, turn
into a PNG of the expected size and print through WeasyPrint."""

import datetime
import math
import re
import struct
import xml.etree.ElementTree as ET

import pytest
from django.utils import translation

from samenspel.compass.charts import (
    NARROW,
    STYLES,
    WIDTH,
    Series,
    quarter_label,
    radar_svg,
    svg_to_png,
    trend_svg,
)

SVG = "{http://www.w3.org/2000/svg}"
AXES = ["Rechtmatig", "Presterend", "Netwerkend", "Responsief"]


def parse(svg):
    return ET.fromstring(svg)


def markers(root):
    return [path for path in root.iter(f"{SVG}path") if path.get("data-value")]


def translation_of(marker):
    x, y = re.fullmatch(r"translate\(([-\d.]+) ([-\d.]+)\)", marker.get("transform")).groups()
    return float(x), float(y)


def radar_centre_and_radius(root):
    """The centre and the outer ring, from the axis lines the radar draws."""
    grid = root.find(f"{SVG}g[@class='sp-chart-grid']")
    lines = grid.findall(f"{SVG}line")
    x1, y1 = float(lines[0].get("x1")), float(lines[0].get("y1"))
    x2, y2 = float(lines[0].get("x2")), float(lines[0].get("y2"))
    return (x1, y1), math.dist((x1, y1), (x2, y2))


@pytest.mark.parametrize("width", [WIDTH, NARROW])
def test_a_radar_names_itself_and_places_each_point_at_its_value(width):
    series = [Series("Nu", [6.5, 4, 0, 10], 0), Series("Gewenst", [8, 8.5, 7, 9], 1)]
    root = parse(radar_svg(axes=AXES, series=series, title="Kompas", prefix="k", width=width))
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "k-title k-desc"
    assert root.find(f"{SVG}title").text == "Kompas"
    assert root.find(f"{SVG}title").get("id") == "k-title"
    description = root.find(f"{SVG}desc").text
    assert "Nu: Rechtmatig 6,5" in description or "Nu: Rechtmatig 6.5" in description
    assert root.get("viewBox").startswith(f"0 0 {width} ")
    assert root.get("width") == str(width)
    (cx, cy), radius = radar_centre_and_radius(root)
    found = markers(root)
    assert len(found) == 8
    for marker in found:
        index = int(marker.get("data-series"))
        axis = AXES.index(marker.get("data-axis"))
        value = float(marker.get("data-value"))
        assert value == series[index].values[axis]
        x, y = translation_of(marker)
        # At its value's distance from the centre, on its own axis (clockwise from the top).
        assert math.isclose(math.dist((cx, cy), (x, y)), radius * value / 10, abs_tol=0.02)
        if value:
            angle = math.atan2(x - cx, cy - y) % (2 * math.pi)
            assert math.isclose(angle, 2 * math.pi * axis / len(AXES), abs_tol=1e-3)


def test_a_facet_without_answers_leaves_a_gap_not_a_zero():
    root = parse(radar_svg(axes=AXES, series=[Series("Inwoners", [5, None, 6, 7])], title="Kompas"))
    assert {m.get("data-axis") for m in markers(root)} == {"Rechtmatig", "Netwerkend", "Responsief"}
    lines = [line.get("points") for line in root.iter(f"{SVG}polyline")]
    # One open line round the three answered axes, through no point at the centre.
    assert len(lines) == 1
    assert len(lines[0].split()) == 3
    (cx, cy), _ = radar_centre_and_radius(root)
    assert f"{cx:g},{cy:g}" not in lines[0]
    assert "geen antwoorden" in root.find(f"{SVG}desc").text or "no answers" in (
        root.find(f"{SVG}desc").text
    )


def test_a_series_with_every_value_is_a_closed_line():
    root = parse(radar_svg(axes=AXES, series=[Series("Nu", [5, 6, 7, 8])], title="Kompas"))
    (points,) = [line.get("points").split() for line in root.iter(f"{SVG}polyline")]
    assert len(points) == 5 and points[0] == points[-1]


def test_names_people_typed_are_escaped():
    evil = ['<script>alert("x")</script> & co', "Gewoon", "A & B", "<b>"]
    svg = radar_svg(
        axes=evil, series=[Series("Wij & zij <groep>", [1, 2, 3, 4])], title="T <&> \"'"
    )
    root = parse(svg)  # it parses: nothing unescaped broke the XML
    assert "<script>" not in svg
    texts = "".join(root.itertext())
    assert "A & B" in texts
    assert root.find(f"{SVG}title").text == "T <&> \"'"
    assert {m.get("data-axis") for m in markers(root)} == set(evil)


def test_series_differ_in_dash_pattern_and_marker_not_only_in_colour():
    series = [Series(f"Groep {i}", [5, 5, 5, 5], i) for i in range(4)]
    root = parse(radar_svg(axes=AXES, series=series, title="Kompas"))
    legend = root.find(f"{SVG}g[@class='sp-chart-legend']")
    dashes = [line.get("stroke-dasharray") for line in legend.iter(f"{SVG}line")]
    shapes = [path.get("d") for path in legend.iter(f"{SVG}path")]
    assert len(set(dashes)) == 4 and len(set(shapes)) == 4
    assert [text.text for text in legend.iter(f"{SVG}text")] == [s.label for s in series]
    assert len({style.dash for style in STYLES}) == len(STYLES)


@pytest.mark.parametrize("colour", [style.colour for style in STYLES])
def test_every_colour_has_3_to_1_contrast_on_white(colour):
    def channel(hex_pair):
        value = int(hex_pair, 16) / 255
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(colour[i : i + 2]) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    assert (1.05) / (luminance + 0.05) >= 3


def test_a_trend_places_each_quarter_at_its_value():
    quarters = ["K1 2025", "K2 2025", "K3 2025"]
    series = [Series("Inwoners", [4, None, 8], 0), Series("Ambtenaren", [6, 6.5, 7], 1)]
    root = parse(trend_svg(periods=quarters, series=series, title="Trend"))
    assert root.get("role") == "img"
    found = markers(root)
    assert len(found) == 5
    heights = {}
    for marker in found:
        _x, y = translation_of(marker)
        heights[float(marker.get("data-value"))] = y
    # Higher values higher up, in proportion (y grows downwards).
    unit = (heights[4] - heights[8]) / 4
    assert unit > 0
    assert math.isclose(heights[6] - heights[6.5], unit / 2, abs_tol=0.02)
    # The residents' line breaks where the second quarter has no answers.
    residents = [line for line in root.iter(f"{SVG}polyline") if line.get("data-series") == "0"]
    assert residents == []
    labels = [text.text for text in root.iter(f"{SVG}text")]
    assert all(quarter in labels for quarter in quarters)


def test_quarters_are_labelled_the_dutch_way():
    with translation.override("nl"):
        assert quarter_label(datetime.date(2025, 10, 1)) == "K4 2025"
    with translation.override("en"):
        assert quarter_label(datetime.date(2025, 1, 1)) == "Q1 2025"


def test_a_downloaded_chart_shows_its_title_above_it():
    title = "Kompas van Het nieuwe samenspel 2024-2027, alle perioden: de perspectieven"
    on_page = parse(radar_svg(axes=AXES, series=[Series("Nu", [5, 6, 7, 8])], title=title))
    as_file = parse(
        radar_svg(axes=AXES, series=[Series("Nu", [5, 6, 7, 8])], title=title, standalone=True)
    )
    heading = as_file.find(f"{SVG}text[@class='sp-chart-heading']")
    assert " ".join(span.text for span in heading) == title  # wrapped, whole
    assert on_page.find(f"{SVG}text[@class='sp-chart-heading']") is None
    # The chart moved down by the heading's room; the file grew by as much.
    room = int(as_file.get("height")) - int(on_page.get("height"))
    assert room >= 2 * 24
    assert as_file.get("viewBox") == f"0 0 {WIDTH} {as_file.get('height')}"
    assert as_file.find(f"{SVG}g[@transform='translate(0 {room})']") is not None


def test_a_png_has_the_size_of_the_svg_times_the_scale():
    svg = radar_svg(axes=AXES, series=[Series("Nu", [5, 6, 7, 8])], title="Kompas")
    root = parse(svg)
    png = svg_to_png(svg, scale=2)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, height = struct.unpack(">II", png[16:24])
    assert width == 2 * int(root.get("width"))
    assert height == 2 * int(root.get("height"))


def test_a_chart_prints_through_weasyprint():
    from weasyprint import HTML

    svg = radar_svg(axes=AXES, series=[Series("Nu", [5, 6, 7, 8])], title="Kompas")
    document = HTML(string=f"<html><body><h1>Kompas</h1>{svg}</body></html>").render()
    assert len(document.pages) == 1
    pdf = document.write_pdf()
    assert pdf.startswith(b"%PDF")
