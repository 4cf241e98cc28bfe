"""The calendar: iCalendar feeds of learning sessions, at private addresses that a person
makes and revokes on their calendar page.

A feed's address carries a random token (services.calendar_feed_create) and is read
without logging in, as calendar programs do. What it shows is decided when it is read:
only sessions of programmes its owner is a member of at that moment, so a person who
left a programme no longer gets its sessions, and a revoked address (the row deleted)
answers 404.
"""

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe
from icalendar import Calendar, Event

from samenspel.learning_sessions import selectors, services
from samenspel.learning_sessions.models import CalendarFeed, LearningSession
from samenspel.programmes.models import Membership, Programme
from samenspel.programmes.selectors import memberships_of

PERSONAL = "personal"


def feed_address(request: HttpRequest, feed: CalendarFeed) -> str:
    return request.build_absolute_uri(reverse("calendar-feed", args=[feed.token]))


def _programme_of(value: str, memberships: list[Any]) -> Programme | None:
    """The programme a POST names: "personal" for the personal feed, else the number of
    one of the person's programmes (anything else: 404)."""
    if value == PERSONAL:
        return None
    for membership in memberships:
        if str(membership.programme_id) == value:
            programme: Programme = membership.programme
            return programme
    raise Http404


@login_required
@require_http_methods(["GET", "POST"])
def calendar_settings(request: HttpRequest) -> HttpResponse:
    """My calendar addresses: one of my own sessions, and one per programme I am a member
    of. Make one (or a new one, which replaces the old), or revoke it after confirming."""
    user: Any = request.user
    memberships = list(memberships_of(user=user))
    feeds = selectors.calendar_feeds_of(user=user)
    confirming = None
    error = None
    if request.method == "POST":
        target = request.POST.get("feed", "")
        programme = _programme_of(target, memberships)
        programme_id = programme.pk if programme else None
        action = request.POST.get("action")
        if action == "create":
            try:
                services.calendar_feed_create(user=user, programme=programme)
            except ValidationError as refusal:
                error = refusal.messages[0]
            else:
                messages.success(
                    request,
                    _(
                        "The new address is ready. An older address of this calendar "
                        "no longer works."
                    ),
                )
                return redirect("calendar-settings")
        elif action == "revoke" and programme_id in feeds:
            if request.POST.get("confirm") == "yes":
                services.calendar_feed_revoke(feed=feeds[programme_id], by=user)
                messages.success(request, _("The address has been revoked. It no longer works."))
                return redirect("calendar-settings")
            confirming = target
        else:
            raise Http404
    rows: list[dict[str, Any]] = [
        {
            "key": PERSONAL,
            "name": _("My sessions"),
            "help": _("The sessions you facilitate or take part in, in all your programmes."),
            "feed": feeds.get(None),
        },
        *(
            {
                "key": str(membership.programme_id),
                "name": membership.programme.name,
                "help": _("All sessions of this programme."),
                "feed": feeds.get(membership.programme_id),
            }
            for membership in memberships
        ),
    ]
    for row in rows:
        row["address"] = feed_address(request, row["feed"]) if row["feed"] else ""
    return render(
        request,
        "learning_sessions/calendar_settings.html",
        {"rows": rows, "confirming": confirming, "error": error},
        status=400 if error else 200,
    )


def _event(session: LearningSession, request: HttpRequest, host: str) -> Event:
    url = request.build_absolute_uri(
        reverse("session-detail", args=[session.programme.slug, session.pk])
    )
    event = Event()
    # Stable per session: a calendar program updates the event instead of adding one.
    event.add("uid", f"session-{session.pk}@{host}")
    event.add("dtstamp", timezone.now())
    event.add("dtstart", session.starts_at)
    event.add("dtend", session.ends_at)
    event.add("summary", session.title)
    if session.place:
        event.add("location", session.place)
    event.add(
        "description",
        _("%(kind)s of %(programme)s. Facilitator: %(facilitator)s.")
        % {
            "kind": session.get_kind_display(),
            "programme": session.programme.name,
            "facilitator": session.facilitator.name,
        }
        + f"\n{url}",
    )
    event.add("url", url)
    return event


@require_safe
def calendar_feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed itself, text/calendar, without logging in: the token is the key."""
    feed = selectors.calendar_feed_by_token(token=token)
    if feed is None:
        raise Http404
    if (
        feed.programme_id is not None
        and not Membership.objects.filter(user=feed.user, programme_id=feed.programme_id).exists()
    ):
        raise Http404  # no longer a member: the programme's feed has nothing to show
    calendar = Calendar()
    calendar.add("prodid", "-//Samenspel//Learning sessions//NL")
    calendar.add("version", "2.0")
    calendar.add(
        "x-wr-calname",
        _("Learning sessions of %(programme)s") % {"programme": feed.programme.name}
        if feed.programme
        else _("My learning sessions"),
    )
    host = request.get_host().split(":")[0]
    for session in selectors.calendar_sessions(feed=feed):
        calendar.add_component(_event(session, request, host))
    response = HttpResponse(calendar.to_ical(), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="samenspel.ics"'
    # The address is private: no shared cache keeps it.
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response
