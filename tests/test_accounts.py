"""Log-in by e-mail address, throttling, password reset, hashing and the admin."""

import pytest
from django.conf import settings
from django.core import mail
from django.test import Client
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


def test_admin_changes_to_users_are_audited(client_for, administrator, civil_servant):
    from samenspel.common.models import AuditEvent

    client = client_for(administrator)
    url = reverse("admin:accounts_user_change", args=[civil_servant.pk])
    response = client.post(
        url,
        {
            "email": civil_servant.email,
            "name": "Nieuwe Naam",
            "is_active": "on",
            "date_joined_0": "2026-01-01",
            "date_joined_1": "10:00:00",
            "memberships-TOTAL_FORMS": "1",
            "memberships-INITIAL_FORMS": "1",
            "memberships-MIN_NUM_FORMS": "0",
            "memberships-MAX_NUM_FORMS": "1000",
            "memberships-0-id": civil_servant.memberships.get().pk,
            "memberships-0-user": civil_servant.pk,
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    event = AuditEvent.objects.get(action="user.change")
    assert event.actor == administrator
    assert "name" in event.data["fields"]


def test_domain_data_is_read_only_in_the_admin(client_for, administrator, initiative):
    client = client_for(administrator)
    assert client.get(reverse("admin:programmes_initiative_changelist")).status_code == 200
    assert client.get(reverse("admin:programmes_initiative_add")).status_code == 403


def test_new_member_gets_an_invitation_and_can_log_in(
    client_for, programme, facilitator, client, django_capture_on_commit_callbacks
):
    from samenspel.accounts.models import User

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(facilitator).post(
            reverse("membership-add", args=[programme.slug]),
            {"email": "Nieuw@Example.nl", "name": "Nieuwe Ambtenaar", "role": "civil_servant"},
        )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    invitation = mail.outbox[0]
    assert invitation.to == ["nieuw@example.nl"]
    assert programme.name in invitation.subject
    link = next(line for line in invitation.body.splitlines() if "/accounts/reset/" in line)
    path = link.split("testserver", 1)[1]
    form = client.get(path, follow=True)
    assert form.status_code == 200 and "new_password1" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "een-goed-wachtwoord-42", "new_password2": "een-goed-wachtwoord-42"},
    )
    assert done.status_code == 302
    assert User.objects.get(email="nieuw@example.nl").check_password("een-goed-wachtwoord-42")


def test_existing_account_gets_no_invitation(client_for, programme, facilitator):
    from tests.factories import UserFactory

    existing = UserFactory(email="bekend@example.nl")
    client_for(facilitator).post(
        reverse("membership-add", args=[programme.slug]),
        {"email": existing.email, "name": "", "role": "partner"},
    )
    assert programme.memberships.filter(user=existing).exists()
    assert mail.outbox == []


def test_invited_member_can_ask_for_a_new_link(
    client, programme, facilitator, client_for, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        client_for(facilitator).post(
            reverse("membership-add", args=[programme.slug]),
            {"email": "later@example.nl", "name": "Laat Begonnen", "role": "partner"},
        )
    mail.outbox.clear()
    client.post(reverse("password_reset"), {"email": "later@example.nl"})
    assert len(mail.outbox) == 1


def test_facilitator_cannot_change_their_own_role(client_for, programme, facilitator):
    membership = programme.memberships.get(user=facilitator)
    response = client_for(facilitator).post(
        reverse("membership-edit", args=[programme.slug, membership.pk]), {"role": "partner"}
    )
    assert response.status_code == 200
    membership.refresh_from_db()
    assert membership.role == "facilitator"


def test_users_are_not_deleted_in_the_admin(client_for, administrator, civil_servant):
    response = client_for(administrator).get(
        reverse("admin:accounts_user_delete", args=[civil_servant.pk])
    )
    assert response.status_code == 403


def _fail(client, email: str, address: str):
    return client.post(
        reverse("login"), {"username": email, "password": "fout"}, REMOTE_ADDR=address
    )


def _log_in(client, email: str, password: str, address: str):
    return client.post(
        reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=address
    )


def test_every_spelling_of_an_address_counts_towards_one_account_lock(
    client, civil_servant, password
):
    """Failures for one account, spelled in varying case and with spaces and sent from
    varying addresses, lock that account: also for the right password from a new one."""
    email = civil_servant.email
    spellings = [email.upper(), email.lower(), f"  {email.title()} ", email.capitalize()]
    for number in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, spellings[number % len(spellings)], f"10.0.0.{number + 1}")
    locked = _log_in(client, f" {email.upper()}", password, "10.0.1.1")
    assert locked.status_code == 429
    assert "_auth_user_id" not in client.session


def test_many_failures_from_one_address_lock_that_address(client, civil_servant, password):
    for number in range(settings.AXES_FAILURE_LIMIT):
        _fail(client, f"iemand{number}@example.nl", "10.0.2.1")
    assert _log_in(client, civil_servant.email, password, "10.0.2.1").status_code == 429
    # Another address is not locked, and neither is the account.
    other = _log_in(Client(), civil_servant.email, password, "10.0.2.2")
    assert other.status_code == 302


def test_a_few_failures_lock_nothing(client, civil_servant, password):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        _fail(client, civil_servant.email.upper(), "10.0.3.1")
    assert _log_in(client, civil_servant.email.upper(), password, "10.0.3.1").status_code == 302


def test_old_password_hashes_get_the_new_cost_at_log_in(client, settings, civil_servant):
    from django.contrib.auth.hashers import Argon2PasswordHasher

    settings.PASSWORD_HASHERS = base.PASSWORD_HASHERS
    civil_servant.password = Argon2PasswordHasher().encode("oud-wachtwoord-42", "zoutzoutzout")
    civil_servant.save(update_fields=["password"])
    assert "m=102400,t=2,p=8" in civil_servant.password

    response = _log_in(client, civil_servant.email, "oud-wachtwoord-42", "10.0.4.1")

    assert response.status_code == 302
    civil_servant.refresh_from_db()
    assert civil_servant.password.startswith("argon2$argon2id$")
    assert "m=19456,t=2,p=1" in civil_servant.password
    assert civil_servant.check_password("oud-wachtwoord-42")
