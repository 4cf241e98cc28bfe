"""The calendar: a person makes, renews and revokes private addresses of iCalendar feeds
(their own sessions, or all sessions of a programme they are a member of), and calendar
programs read them without logging in. The feeds are parsed with icalendar."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from samenspel.learning_sessions.models import CalendarFeed
from samenspel.programmes import services as programmes
from samenspel.programmes.constants import Role
from tests.factories import MembershipFactory
from tests.test_session_pages import plan, said

pytestmark = pytest.mark.django_db

SETTINGS = reverse("calendar-settings")


@pytest.fixture
def people(member):
    return {
        "facilitator": member(Role.FACILITATOR),
        "ann": member(Role.CIVIL_SERVANT),
        "bob": member(Role.CIVIL_SERVANT),
    }


def feed_of(user, programme=None) -> CalendarFeed:
    return CalendarFeed.objects.get(user=user, programme=programme)


def read(client, feed):
    response = client.get(reverse("calendar-feed", args=[feed.token]))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def events(calendar):
    return {str(event["summary"]): event for event in calendar.walk("VEVENT")}


def test_my_feed_holds_the_sessions_i_facilitate_or_take_part_in(client_for, programme, people):
    mine = plan(
        programme, people["facilitator"], title="Met Ann", participants=[people["ann"]], days=3
    )
    plan(programme, people["facilitator"], title="Zonder Ann", place="", days=4)
    led = plan(programme, people["ann"], by=people["facilitator"], title="Ann leidt", days=5)
    client = client_for(people["ann"])
    assert client.post(SETTINGS, {"feed": "personal", "action": "create"}).status_code == 302
    feed = feed_of(people["ann"])
    assert len(feed.token) >= 40
    page = client.get(SETTINGS).content.decode()
    assert reverse("calendar-feed", args=[feed.token]) in page

    calendar = read(client_for(None), feed)  # a calendar program does not log in
    found = events(calendar)
    assert set(found) == {"Met Ann", "Ann leidt"}
    event = found["Met Ann"]
    assert str(event["uid"]) == f"session-{mine.pk}@testserver"
    assert event.decoded("dtstart") == mine.starts_at
    assert event.decoded("dtend") == mine.ends_at
    assert event.decoded("dtstart").utcoffset() == datetime.timedelta(0)
    assert "location" not in event  # planned without a place
    detail = reverse("session-detail", args=[programme.slug, mine.pk])
    assert detail in str(event["description"])
    assert str(events(calendar)["Ann leidt"]["uid"]) == f"session-{led.pk}@testserver"


def test_the_uid_stays_when_the_session_moves(client_for, programme, people):
    from samenspel.learning_sessions import services

    session = plan(programme, people["facilitator"], place="Raadzaal", days=3)
    client = client_for(people["facilitator"])
    client.post(SETTINGS, {"feed": str(programme.pk), "action": "create"})
    feed = feed_of(people["facilitator"], programme)
    before = events(read(client, feed))["Leersessie voorjaar"]
    assert str(before["location"]) == "Raadzaal"
    later = session.starts_at + datetime.timedelta(days=7)
    services.session_update(
        session=session,
        by=people["facilitator"],
        title="Leersessie voorjaar",
        starts_at=later,
        ends_at=later + datetime.timedelta(hours=2),
        place="Dorpshuis",
        anonymous=True,
        votes_per_person=3,
    )
    after = events(read(client, feed))["Leersessie voorjaar"]
    assert str(after["uid"]) == str(before["uid"])
    assert after.decoded("dtstart") == later
    assert str(after["location"]) == "Dorpshuis"


def test_a_programme_feed_holds_all_its_sessions_and_no_others(client_for, programme, people):
    plan(programme, people["facilitator"], title="Eén", days=1)
    plan(programme, people["facilitator"], title="Twee", days=-20)
    plan(programme, people["facilitator"], title="Te oud", days=-400)
    other = MembershipFactory(role=Role.FACILITATOR)
    plan(other.programme, other.user, title="Van een ander")
    client = client_for(people["bob"])
    client.post(SETTINGS, {"feed": str(programme.pk), "action": "create"})
    calendar = read(client, feed_of(people["bob"], programme))
    assert set(events(calendar)) == {"Eén", "Twee"}
    assert programme.name in str(calendar["x-wr-calname"])
    # Only for a programme one is a member of.
    response = client.post(SETTINGS, {"feed": str(other.programme.pk), "action": "create"})
    assert response.status_code == 404
    assert client.post(SETTINGS, {"feed": "abc", "action": "create"}).status_code == 404
    assert client.post(SETTINGS, {"feed": "personal", "action": "explode"}).status_code == 404
    assert CalendarFeed.objects.filter(user=people["bob"]).count() == 1


def test_revoking_asks_first_and_then_the_address_stops_working(client_for, programme, people):
    plan(programme, people["facilitator"], participants=[people["ann"]])
    client = client_for(people["ann"])
    client.post(SETTINGS, {"feed": "personal", "action": "create"})
    feed = feed_of(people["ann"])
    address = reverse("calendar-feed", args=[feed.token])

    asked = client.post(SETTINGS, {"feed": "personal", "action": "revoke"})
    assert asked.status_code == 200
    assert 'name="confirm" value="yes"' in asked.content.decode()
    assert client.get(address).status_code == 200

    done = client.post(SETTINGS, {"feed": "personal", "action": "revoke", "confirm": "yes"})
    assert done.status_code == 302
    assert not CalendarFeed.objects.exists()
    assert client.get(address).status_code == 404
    assert client_for(None).get(address).status_code == 404


def test_a_new_address_replaces_the_old_one(client_for, programme, people):
    client = client_for(people["ann"])
    client.post(SETTINGS, {"feed": "personal", "action": "create"})
    old = feed_of(people["ann"]).token
    client.post(SETTINGS, {"feed": "personal", "action": "create"})
    new = feed_of(people["ann"]).token
    assert new != old
    assert client.get(reverse("calendar-feed", args=[old])).status_code == 404
    assert client.get(reverse("calendar-feed", args=[new])).status_code == 200
    # The trail says a feed was made, never its token.
    from samenspel.common.models import AuditEvent

    assert all(old not in str(e.data) for e in AuditEvent.objects.all())


def test_a_member_who_leaves_no_longer_gets_the_programmes_sessions(client_for, programme, people):
    plan(programme, people["facilitator"], title="Van dit programma", participants=[people["ann"]])
    client = client_for(people["ann"])
    client.post(SETTINGS, {"feed": "personal", "action": "create"})
    client.post(SETTINGS, {"feed": str(programme.pk), "action": "create"})
    personal, of_programme = feed_of(people["ann"]), feed_of(people["ann"], programme)
    assert set(events(read(client, personal))) == {"Van dit programma"}

    membership = programme.memberships.get(user=people["ann"])
    programmes.membership_remove(membership=membership, by=people["facilitator"], answers={})
    anonymous = client_for(None)
    assert set(events(read(anonymous, personal))) == set()
    assert anonymous.get(reverse("calendar-feed", args=[of_programme.token])).status_code == 404


def test_an_unknown_or_inactive_owners_address_is_not_found(client_for, programme, people):
    client = client_for(None)
    assert client.get(reverse("calendar-feed", args=["bestaat-niet"])).status_code == 404
    client_for(people["ann"]).post(SETTINGS, {"feed": "personal", "action": "create"})
    feed = feed_of(people["ann"])
    people["ann"].is_active = False
    people["ann"].save(update_fields=["is_active"])
    assert client.get(reverse("calendar-feed", args=[feed.token])).status_code == 404
    assert client.post(reverse("calendar-feed", args=[feed.token])).status_code == 405


def test_the_settings_page_lists_my_programmes(client_for, programme, people):
    page = client_for(people["ann"]).get(SETTINGS).content.decode()
    assert programme.name in page
    assert said("My sessions") in page
    assert client_for(None).get(SETTINGS).status_code == 302


def test_the_feed_shows_times_in_utc(client_for, programme, people):
    start = timezone.make_aware(datetime.datetime(2027, 3, 14, 19, 30))
    from samenspel.learning_sessions import services

    services.session_plan(
        programme=programme,
        kind="team",
        title="Winteruur",
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=2),
        facilitator=people["facilitator"],
        by=people["facilitator"],
    )
    client = client_for(people["facilitator"])
    client.post(SETTINGS, {"feed": "personal", "action": "create"})
    response = client.get(reverse("calendar-feed", args=[feed_of(people["facilitator"]).token]))
    assert b"DTSTART:20270314T183000Z" in response.content
