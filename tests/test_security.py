"""Hardening of responses and requests: personal pages are never cached, control
characters in a request are refused with a 400 page on every address, and refused
requests are logged as one line."""

import logging
from collections.abc import Iterator

import pytest
from django.contrib import admin
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from samenspel.cycles.constants import CycleState
from tests.factories import CycleFactory, LearningQuestionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(programme, area, initiative, facilitator, administrator):
    cycle = CycleFactory(initiative=initiative, state=CycleState.ACTING)
    question = LearningQuestionFactory(programme=programme)
    membership = programme.memberships.get(user=facilitator)
    return {
        "slug": programme.slug,
        "area_id": area.pk,
        "initiative_id": initiative.pk,
        "cycle_id": cycle.pk,
        "number": question.number,
        "membership_id": membership.pk,
        "id": facilitator.pk,
        "app_label": "programmes",
        "content_type_id": 1,
        "uidb64": "MQ",
        "token": "set-password",
    }


# --- No caching of personal pages ---------------------------------------------------


@pytest.mark.parametrize(
    "name, needs",
    [
        ("my-work", []),
        ("about", []),
        ("programme-detail", ["slug"]),
        ("initiative-detail", ["slug", "initiative_id"]),
        ("cycle-detail", ["slug", "cycle_id"]),
        ("admin:index", []),
    ],
)
def test_pages_for_a_logged_in_person_are_not_cached(client_for, administrator, world, name, needs):
    response = client_for(administrator).get(reverse(name, kwargs={k: world[k] for k in needs}))
    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


def test_a_refusal_for_a_logged_in_person_is_not_cached_either(client_for, civil_servant):
    response = client_for(civil_servant).get(reverse("admin:index"))
    assert response.status_code == 302
    assert {"private", "no-store"} <= cache_control(response)


def cache_control(response):
    """The directives of the Cache-Control header. Our own pages say "private, no-store";
    Django's never_cache (the admin, the log-in) says more, which the middleware keeps."""
    return {part.strip().split("=")[0] for part in response["Cache-Control"].split(",")}


# --- Control characters ---------------------------------------------------------------


def test_nul_in_the_query_string_is_refused(client_for, administrator):
    response = client_for(administrator).get(
        reverse("admin:programmes_initiative_changelist"), {"q": "\x00"}
    )
    assert response.status_code == 400
    assert str(response.context["reason"]) in response.content.decode()


def test_nul_in_the_path_is_refused(client_for, administrator):
    response = client_for(administrator).get("/admin/programmes/initiative/1%00/change/")
    assert response.status_code == 400


def test_control_characters_in_form_data_are_refused_and_change_nothing(
    client_for, facilitator, programme, area
):
    url = reverse("area-edit", args=[programme.slug, area.pk])
    for bad in ["Werk\x00endam", "Werk\x07endam", "Werk\x1bendam"]:
        response = client_for(facilitator).post(url, {"name": bad})
        assert response.status_code == 400
    area.refresh_from_db()
    assert area.name == "Werkendam"


def test_tabs_and_newlines_in_form_data_are_allowed(client_for, facilitator, programme, area):
    url = reverse("area-edit", args=[programme.slug, area.pk])
    response = client_for(facilitator).post(url, {"name": "Werkendam\r\n\tNoord"})
    assert response.status_code < 400


def _patterns(resolvers, prefix: str = "") -> Iterator[tuple[str, list[str]]]:
    """(name, parameter names) of every named address, with its namespace."""
    for entry in resolvers:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            outer = list(entry.pattern.regex.groupindex)
            for name, params in _patterns(entry.url_patterns, namespace):
                yield name, outer + params
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}", list(entry.pattern.regex.groupindex)


def _address(name: str, params: list[str], world: dict) -> str:
    kwargs = {param: world.get(param, 1) for param in params}
    if "object_id" in params and name != "admin:view_on_site":
        # admin:<app>_<model>_<view>: a real object of that model when there is one.
        # (App labels may hold underscores themselves: django_tasks_db_dbtaskresult.)
        prefix = name.split(":", 1)[1].rsplit("_", 1)[0]
        model = next(
            m for m in admin.site._registry if f"{m._meta.app_label}_{m._meta.model_name}" == prefix
        )
        obj = model.objects.first()
        kwargs["object_id"] = obj.pk if obj else 1
    return reverse(name, kwargs=kwargs)


def test_no_address_answers_a_server_error_to_nul_in_its_parameters(client_for, world):
    from samenspel.accounts.models import User

    administrator = User.objects.get(is_superuser=True)
    addresses = sorted({_address(n, p, world) for n, p in _patterns(get_resolver().url_patterns)})
    assert len(addresses) > 50
    admin_filters = sorted(
        {
            f"{field}__exact=%00"
            for model_admin in admin.site._registry.values()
            for field in model_admin.list_filter
            if isinstance(field, str)
        }
    )
    nul = {"q": "\x00", "page": "\x00", "status": "\x00", "name": "\x00", "title": "\x00"}
    client = client_for(administrator)
    for address in addresses:
        # Each parameter also on its own: the admin refuses an unknown filter before it
        # filters or searches, which would hide the one that fails (a NUL in a text
        # filter such as status__exact was a 500 on PostgreSQL).
        filters = admin_filters if address.startswith("/admin/") else []
        for query in ["q=%00&page=%00&status=%00", "q=%00", "page=%00", *filters]:
            got = client.get(f"{address}?{query}")
            assert got.status_code < 500, f"GET {address}?{query}: {got.status_code}"
        posted = client.post(address, nul)
        assert posted.status_code < 500, f"POST {address}: {posted.status_code}"


# --- Quiet logs --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "status, address", [(403, "/admin/programmes/initiative/add/"), (404, "/nergens/")]
)
def test_a_refused_request_is_one_log_line_without_a_traceback(
    caplog, client_for, administrator, status, address
):
    client = client_for(administrator)
    with caplog.at_level(logging.INFO):
        response = client.get(address)
    assert response.status_code == status
    assert len(caplog.records) == 1
    record = caplog.records[0]
    assert record.name == "django.request"
    assert record.status_code == status
    assert record.exc_info is None
    assert "Traceback" not in caplog.text


def test_a_server_error_keeps_its_traceback():
    from samenspel.common.logging import QuietRefusalsFilter

    try:
        raise ValueError("kapot")
    except ValueError:
        import sys

        record = logging.LogRecord("django.request", logging.ERROR, "", 0, "x", (), sys.exc_info())
    record.status_code = 500
    assert QuietRefusalsFilter().filter(record)
    assert record.exc_info is not None


# --- Content Security Policy ------------------------------------------------------------


@pytest.mark.parametrize("logged_in", [False, True])
def test_every_page_carries_a_policy_without_unsafe_inline(client_for, administrator, logged_in):
    client = client_for(administrator if logged_in else None)
    for address in [reverse("login"), reverse("about"), reverse("admin:index"), "/nergens/"]:
        policy = client.get(address)["Content-Security-Policy"]
        assert "default-src 'self'" in policy
        assert "style-src 'self'" in policy
        assert "script-src 'self'" in policy
        assert "frame-ancestors 'none'" in policy
        assert "unsafe-inline" not in policy


def test_the_travel_reports_files_have_no_script():
    from django.conf import settings

    for name in ("standalone.html", "print.html"):
        text = (settings.TEMPLATES[0]["DIRS"][0] / "journal" / "book" / name).read_text()
        assert "<script" not in text, name


def test_no_template_has_an_inline_style_or_script():
    from django.conf import settings

    folder = settings.TEMPLATES[0]["DIRS"][0]
    # Files, not pages: the travel report as a self-contained HTML file and as the HTML
    # WeasyPrint prints carries its own styles (never served as a page; no script).
    files = {folder / "journal" / "book" / name for name in ("standalone.html", "print.html")}
    for template in set(folder.rglob("*.html")) - files:
        text = template.read_text()
        assert " style=" not in text, template
        assert "<script>" not in text and "<style" not in text, template


def test_the_funding_bar_is_drawn_with_svg_attributes(client_for, facilitator, initiative):
    # The factory's initiative: € 1,000 municipal, € 500 from residents: 67% and 33%.
    response = client_for(facilitator).get(
        reverse("initiative-detail", args=[initiative.programme.slug, initiative.pk])
    )
    html = response.content.decode()
    assert '<rect class="sp-bar__municipal" x="0" y="0" width="67"' in html
    assert '<rect class="sp-bar__residents" x="67" y="0" width="33"' in html
    assert '<rect class="sp-bar__other" x="100" y="0" width="0"' in html
