"""Addresses of learning sessions. The plan, the list and the report live under the
programme (/programmes/<slug>/sessions/…), like everything a member reads. The room —
where the session happens live — has an address of its own (/room/<id>/…), because
guests who joined with a code reach it without being members; the live board polls
/live/<key>/. Guests join at /join/."""

from django.urls import path

from samenspel.learning_sessions import feeds, guests, room, views

P = "programmes/<slug:slug>/sessions/"
S = P + "<int:session_id>/"
R = "room/<int:session_id>/"

urlpatterns = [
    # Planning and reading, for members of the programme (views.py)
    path(P, views.session_list, name="session-list"),
    path(P + "new/", views.session_create, name="session-create"),
    path(P + "courses/new/", views.course_create, name="course-create"),
    path(S, views.session_detail, name="session-detail"),
    path(S + "edit/", views.session_edit, name="session-edit"),
    path(S + "agenda/", views.session_agenda, name="session-agenda"),
    path(S + "participants/", views.session_participants, name="session-participants"),
    path(S + "hand-over/", views.session_hand_over, name="session-hand-over"),
    path(S + "report/", views.session_report, name="session-report"),
    path(S + "report.pdf", views.session_report_pdf, name="session-report-pdf"),
    # The calendar (feeds.py)
    path("calendar/", feeds.calendar_settings, name="calendar-settings"),
    path("calendar/<str:token>.ics", feeds.calendar_feed, name="calendar-feed"),
    # The room, live (room.py)
    path(R, room.room, name="room"),
    path(R + "board/", room.board, name="room-board"),
    path(R + "advance/", room.advance, name="room-advance"),
    path(R + "actions/", room.review_actions, name="room-actions"),
    path(R + "contribute/", room.contribute, name="room-contribute"),
    path(R + "themes/", room.themes, name="room-themes"),
    path(R + "vote/", room.vote, name="room-vote"),
    path(R + "capture/", room.capture, name="room-capture"),
    path("live/<str:key>/", room.live, name="room-live"),
    # Guests (guests.py)
    path("join/", guests.join, name="join"),
]
