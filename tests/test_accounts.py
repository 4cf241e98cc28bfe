"""Log-in by e-mail address, throttling, password reset, hashing and the admin."""

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from samenspel.conf import base

pytestmark = pytest.mark.django_db


def test_passwords_are_hashed_with_argon2_in_production():
    assert base.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")


def test_login_is_locked_after_repeated_failures(client, civil_servant, password):
    url = reverse("login")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post(url, {"username": civil_servant.email, "password": "fout"})
    locked = client.post(url, {"username": civil_servant.email, "password": password})
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_wrong_password_shows_a_message(client, civil_servant):
    response = client.post(reverse("login"), {"username": civil_servant.email, "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()


def test_password_reset_by_email(client, civil_servant):
    response = client.post(reverse("password_reset"), {"email": civil_servant.email})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    assert civil_servant.email in mail.outbox[0].to
    assert "/accounts/reset/" in mail.outbox[0].body


def test_password_reset_for_unknown_address_reveals_nothing(client):
    response = client.post(reverse("password_reset"), {"email": "niemand@example.nl"})
    assert response.status_code == 302
    assert mail.outbox == []


def test_admin_is_for_administrators(client_for, administrator, civil_servant):
    assert client_for(administrator).get(reverse("admin:index")).status_code == 200
    assert client_for(civil_servant).get(reverse("admin:index")).status_code == 302


def test_logout(client_for, civil_servant):
    client = client_for(civil_servant)
    response = client.post(reverse("logout"))
    assert response.status_code == 302
    assert client.get(reverse("my-work")).status_code == 302


def test_home_sends_members_to_their_work(client_for, civil_servant, client):
    assert client_for(civil_servant).get(reverse("home")).url == reverse("my-work")
    assert client.get(reverse("home")).url == reverse("login")
