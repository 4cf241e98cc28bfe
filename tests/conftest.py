"""Shared fixtures: a programme with one member per role, and a client per role."""

from collections.abc import Callable

import pytest
from django.test import Client

from samenspel.accounts.models import User
from samenspel.programmes.constants import Role
from tests.factories import (
    PASSWORD,
    AreaFactory,
    InitiativeFactory,
    MembershipFactory,
    ProgrammeFactory,
    UserFactory,
)


@pytest.fixture
def programme():
    return ProgrammeFactory(name="Het nieuwe samenspel", slug="samenspel")


@pytest.fixture
def area(programme):
    return AreaFactory(programme=programme, name="Werkendam")


@pytest.fixture
def initiative(programme, area):
    return InitiativeFactory(programme=programme, area=area, title="Dorpshuis De Spil")


@pytest.fixture
def member(programme) -> Callable[[Role], User]:
    """member(Role.FACILITATOR) → a user with that role in `programme`."""

    def make(role: Role) -> User:
        return MembershipFactory(programme=programme, role=role).user

    return make


@pytest.fixture
def facilitator(member):
    return member(Role.FACILITATOR)


@pytest.fixture
def civil_servant(member):
    return member(Role.CIVIL_SERVANT)


@pytest.fixture
def administrator():
    return UserFactory(email="beheer@example.nl", is_staff=True, is_superuser=True)


@pytest.fixture
def client_for() -> Callable[[User | None], Client]:
    def make(user: User | None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
        return client

    return make


@pytest.fixture
def password() -> str:
    return PASSWORD


@pytest.fixture(autouse=True)
def _empty_cache():
    """Cached figures are keyed by programme id; ids repeat between tests."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts in the site's language: a request in English (a language cookie)
    leaves English active in the thread, which a later test's figures would be read in."""
    from django.conf import settings
    from django.utils import translation

    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.activate(settings.LANGUAGE_CODE)
