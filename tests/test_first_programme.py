"""How the first programme comes to be, and how a new member is named."""

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from samenspel.programmes.constants import Role
from samenspel.programmes.models import Membership
from tests.factories import ProgrammeFactory, UserFactory


@pytest.mark.django_db
def test_a_site_administrator_without_programmes_is_offered_to_start_one(client_for, administrator):
    client = client_for(administrator)
    for name in ("my-work", "programme-list"):
        page = client.get(reverse(name)).content.decode()
        assert reverse("programme-create") in page, name
        assert "Vraag een procesbegeleider" not in page
        assert "Ask a facilitator" not in page


@pytest.mark.django_db
def test_a_site_administrator_sees_every_programme_without_being_a_member(
    client_for, administrator
):
    ProgrammeFactory(name="Altena leert")
    page = client_for(administrator).get(reverse("programme-list")).content.decode()
    assert "Altena leert" in page


@pytest.mark.django_db
def test_a_person_without_programmes_is_told_to_ask_a_facilitator(client_for):
    page = client_for(UserFactory()).get(reverse("my-work")).content.decode()
    assert reverse("programme-create") not in page


@pytest.mark.django_db
def test_a_new_member_is_named_by_name_not_by_e_mail(client_for, programme, facilitator):
    response = client_for(facilitator).post(
        reverse("membership-add", args=[programme.slug]),
        {"email": "anna.devries@example.nl", "name": "Anna de Vries", "role": Role.CIVIL_SERVANT},
    )
    assert response.status_code == 302
    [message] = [str(m) for m in get_messages(response.wsgi_request)]
    assert "Anna de Vries" in message
    assert "anna.devries@example.nl" not in message
    assert Membership.objects.filter(user__email="anna.devries@example.nl").exists()
