"""People sort the Dutch way on every database: ij with the i's, accents with their
letter, whatever the case. The sort name follows the name on every save."""

import pytest
from django.urls import reverse

from samenspel.accounts.models import User
from samenspel.programmes.constants import Role
from tests.factories import MembershipFactory, UserFactory

NAMES = ["Ĳsbrand Visser", "erik Smit", "Ida Bos", "Émile Jansen", "Els Dekker"]
DUTCH_ORDER = ["Els Dekker", "Émile Jansen", "erik Smit", "Ida Bos", "Ĳsbrand Visser"]


@pytest.mark.django_db
def test_members_are_listed_the_dutch_way(client_for, programme, facilitator):
    for name in NAMES:
        MembershipFactory(programme=programme, role=Role.PARTNER, user=UserFactory(name=name))
    html = client_for(facilitator).get(reverse("membership-list", args=[programme.slug]))
    text = html.content.decode()
    positions = [text.index(name) for name in DUTCH_ORDER]
    assert positions == sorted(positions)


@pytest.mark.django_db
def test_the_sort_name_follows_a_rename_from_anywhere():
    user = UserFactory(name="Zoë Ĳzerman")
    assert user.sort_name == "zoe ijzerman"
    user.name = "Anne Ĳzerman"
    user.save()  # as the admin or a script does
    assert User.objects.get(pk=user.pk).sort_name == "anne ijzerman"
    assert list(User.objects.filter(pk=user.pk).values_list("sort_name", flat=True)) == [
        "anne ijzerman"
    ]
