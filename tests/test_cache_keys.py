"""Every part of every cache key: each test sets up two requests that differ in one part
only, so that a key without that part serves the first rendering to the second request
and the test fails (common.caching, ProgrammeAccess.cache_parts, the "my work" key,
the figures key)."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse
from django.utils import timezone

from samenspel.common.caching import figures_key
from samenspel.cycles.constants import CycleState
from samenspel.programmes.constants import Role
from samenspel.programmes.models import Membership, Programme
from samenspel.programmes.selectors import programme_figures
from tests.factories import (
    CycleFactory,
    InitiativeFactory,
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

ORDERS = pytest.mark.parametrize("first_second", [(0, 1), (1, 0)], ids=["one-two", "two-one"])


def _same_version(*programmes):
    Programme.objects.filter(pk__in=[p.pk for p in programmes]).update(data_version=1000)


def test_programme_id_is_in_the_key(client_for, administrator):
    """A slug can pass to another programme (rename, then a new one with the old slug)
    with the same data version: the page must show the programme that has it now."""
    old = ProgrammeFactory(name="Oud programma", slug="gedeeld")
    _same_version(old)
    client = client_for(administrator)
    url = reverse("programme-detail", args=["gedeeld"])
    assert "Oud programma" in client.get(url).content.decode()
    Programme.objects.filter(pk=old.pk).update(slug="oud")
    new = Programme.objects.create(name="Nieuw programma", slug="gedeeld")
    _same_version(new)
    html = client.get(url).content.decode()
    assert "Nieuw programma" in html and "Oud programma" not in html


@ORDERS
def test_role_is_in_the_key(client_for, programme, member, first_second):
    users = [member(Role.FACILITATOR), member(Role.GOVERNANCE)]
    url = reverse("programme-detail", args=[programme.slug])
    edit = reverse("programme-edit", args=[programme.slug])
    pages = {}
    for n in first_second:
        pages[n] = client_for(users[n]).get(url).content.decode()
    assert edit in pages[0]
    assert edit not in pages[1]


@ORDERS
def test_site_administrator_flag_is_in_the_key(client_for, programme, member, first_second):
    """Two civil servants, one of them also site administrator (who may manage)."""
    plain = member(Role.CIVIL_SERVANT)
    staff = member(Role.CIVIL_SERVANT)
    staff.is_staff = True
    staff.save(update_fields=["is_staff"])
    users = [plain, staff]
    url = reverse("programme-detail", args=[programme.slug])
    edit = reverse("programme-edit", args=[programme.slug])
    pages = {}
    for n in first_second:
        pages[n] = client_for(users[n]).get(url).content.decode()
    assert edit not in pages[0]
    assert edit in pages[1]


def test_language_is_in_the_key_inside_the_cached_part(client_for, programme, civil_servant):
    """The checked words are drawn inside {% cache %} (the yield figure), not in the
    navigation around it."""
    url = reverse("programme-detail", args=[programme.slug])
    client = client_for(civil_servant)
    dutch = client.get(url).content.decode()
    assert "cycli die nu klaar moesten zijn" in dutch
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "cycles completed that should be by now" in english
    assert "cycli die nu klaar moesten zijn" not in english


def test_todays_date_is_in_the_key(client_for, programme, initiative, civil_servant, monkeypatch):
    today = timezone.localdate()
    tomorrow = today + datetime.timedelta(days=1)
    CycleFactory(
        initiative=initiative,
        state=CycleState.ACTING,
        starts_on=today,
        expectation_due=today,
        review_due=tomorrow,
        adjustment_due=tomorrow,
    )
    url = reverse("programme-detail", args=[programme.slug])
    client = client_for(civil_servant)
    assert "Afgerond: 0 van de 0 cycli" in client.get(url).content.decode()
    later = today + datetime.timedelta(days=2)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: later)
    assert "Afgerond: 0 van de 1 cycli" in client.get(url).content.decode()


def test_address_is_in_the_key(client_for, programme, area, civil_servant):
    for n in range(30):
        InitiativeFactory(programme=programme, area=area, title=f"Initiatief {n:02}")
    client = client_for(civil_servant)
    url = reverse("initiative-list", args=[programme.slug])
    first = client.get(url).content.decode()
    second = client.get(url, {"page": 2}).content.decode()
    assert "Initiatief 00" in first and "Initiatief 00" not in second
    assert "Initiatief 29" in second and "Initiatief 29" not in first


# The cycle page: two people with the same role and different rights -----------------------


@ORDERS
def test_two_initiators_one_of_them_of_this_initiative(
    client_for, programme, initiative, member, first_second
):
    own = member(Role.INITIATOR)
    other = member(Role.INITIATOR)
    initiative.initiator_accounts.add(own)
    cycle = CycleFactory(initiative=initiative, state=CycleState.ACTING)
    url = reverse("cycle-detail", args=[programme.slug, cycle.pk])
    log = reverse("cycle-observation", args=[programme.slug, cycle.pk])
    users = [own, other]
    pages = {}
    for n in first_second:
        pages[n] = client_for(users[n]).get(url).content.decode()
    assert log in pages[0]
    assert log not in pages[1]


# My work ------------------------------------------------------------------------------------


@ORDERS
def test_my_work_user_is_in_the_key(client_for, programme, initiative, member, first_second):
    users = [member(Role.CIVIL_SERVANT), member(Role.CIVIL_SERVANT)]
    for n, user in enumerate(users):
        CycleFactory(initiative=initiative, owner=user, title=f"Cyclus van {n}")
    pages = {}
    for n in first_second:
        pages[n] = client_for(users[n]).get(reverse("my-work")).content.decode()
    for n in (0, 1):
        assert f"Cyclus van {n}" in pages[n]
        assert f"Cyclus van {1 - n}" not in pages[n]


def test_my_work_staff_flag_is_in_the_key(client_for):
    user = UserFactory()
    client = client_for(user)
    create = reverse("programme-create")
    assert create not in client.get(reverse("my-work")).content.decode()
    user.is_staff = True
    user.save(update_fields=["is_staff"])
    assert create in client.get(reverse("my-work")).content.decode()


def test_my_work_data_version_is_in_the_key(client_for, programme, initiative, civil_servant):
    cycle = CycleFactory(initiative=initiative, owner=civil_servant, title="Eerste titel")
    client = client_for(civil_servant)
    assert "Eerste titel" in client.get(reverse("my-work")).content.decode()
    cycle.title = "Tweede titel"
    cycle.save()  # raises the data version; nothing else in the key changes
    assert "Tweede titel" in client.get(reverse("my-work")).content.decode()


def test_my_work_role_is_in_the_key(client_for, programme, civil_servant):
    client = client_for(civil_servant)
    assert "(Ambtenaar)" in client.get(reverse("my-work")).content.decode()
    # Only the role changes: no signal, the data version stays.
    Membership.objects.filter(user=civil_servant).update(role=Role.GOVERNANCE)
    html = client.get(reverse("my-work")).content.decode()
    assert "(Ambtenaar)" not in html


def test_my_work_programme_is_in_the_key(client_for, civil_servant, programme):
    other = ProgrammeFactory(name="Ander programma")
    _same_version(programme, other)
    client = client_for(civil_servant)
    assert "Het nieuwe samenspel" in client.get(reverse("my-work")).content.decode()
    Membership.objects.filter(user=civil_servant).update(programme=other)
    html = client.get(reverse("my-work")).content.decode()
    assert "Ander programma" in html and "Het nieuwe samenspel" not in html


# Figures ----------------------------------------------------------------------------------


def test_figures_key_names_programme_version_and_day():
    day = datetime.date(2026, 3, 1)
    key = figures_key(1, 2, day)
    assert key != figures_key(3, 2, day)
    assert key != figures_key(1, 4, day)
    assert key != figures_key(1, 2, day + datetime.timedelta(days=1))


def test_figures_of_two_programmes_with_the_same_version(client_for, administrator):
    first = InitiativeFactory(municipal_contribution=Decimal("1111")).programme
    second = InitiativeFactory(municipal_contribution=Decimal("2222")).programme
    _same_version(first, second)
    first.refresh_from_db()
    second.refresh_from_db()
    assert programme_figures(programme=first).funding.municipal == Decimal("1111")
    assert programme_figures(programme=second).funding.municipal == Decimal("2222")
    client = client_for(administrator)
    assert "€ 2.222" in client.get(reverse("programme-detail", args=[second.slug])).content.decode()


def test_figures_follow_the_data_version(programme, area):
    initiative = InitiativeFactory(programme=programme, area=area)
    programme.refresh_from_db()
    assert programme_figures(programme=programme).funding.municipal == Decimal("1000")
    initiative.municipal_contribution = Decimal("3000")
    initiative.save()
    programme.refresh_from_db()
    assert programme_figures(programme=programme).funding.municipal == Decimal("3000")


def test_figures_follow_the_day(programme, area, monkeypatch):
    """The cached figures hold for one day: a value cached under today's key is not read
    tomorrow."""
    from django.core.cache import cache

    InitiativeFactory(programme=programme, area=area)
    programme.refresh_from_db()
    today = timezone.localdate()
    assert programme_figures(programme=programme).funding.municipal == Decimal("1000")
    # A planted stale value under today's key is served today ...
    stale = programme_figures(programme=programme)
    cache.set(
        figures_key(programme.pk, programme.data_version, today),
        type(stale)(
            funding=type(stale.funding)(Decimal(1), Decimal(0), Decimal(0)),
            status_counts={},
            areas=[],
        ),
    )
    assert programme_figures(programme=programme).funding.municipal == Decimal(1)
    # ... and not tomorrow.
    tomorrow = today + datetime.timedelta(days=1)
    monkeypatch.setattr(timezone, "localdate", lambda *args, **kwargs: tomorrow)
    assert programme_figures(programme=programme).funding.municipal == Decimal("1000")


def test_membership_is_not_shared_between_programmes(client_for):
    """A civil servant in A and governance in B: each programme's page follows the role
    in that programme."""
    a = ProgrammeFactory()
    b = ProgrammeFactory()
    _same_version(a, b)
    user = MembershipFactory(programme=a, role=Role.FACILITATOR).user
    MembershipFactory(programme=b, user=user, role=Role.GOVERNANCE)
    client = client_for(user)
    assert (
        reverse("programme-edit", args=[a.slug])
        in client.get(reverse("programme-detail", args=[a.slug])).content.decode()
    )
    assert (
        reverse("programme-edit", args=[b.slug])
        not in client.get(reverse("programme-detail", args=[b.slug])).content.decode()
    )
