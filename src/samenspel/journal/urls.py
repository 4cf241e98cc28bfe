"""Addresses of the travel report: its pages under the programme it belongs to, and the
public pages at /reisverslag/<slug>/ (readable without logging in when the report is
public)."""

from django.urls import path

from samenspel.journal import downloads, views, voices

P = "programmes/<slug:slug>/journal/"
C = P + "chapters/<int:chapter_id>/"
V = P + "voices/<int:voice_id>/"
PUBLIC = "reisverslag/<slug:slug>/"

urlpatterns = [
    # The report, its chapters, the review round, publishing and the versions (views.py)
    path(P, views.journal_overview, name="journal"),
    path(P + "start/", views.journal_start, name="journal-start"),
    path(P + "settings/", views.journal_settings, name="journal-settings"),
    path(P + "draft/", views.journal_draft, name="journal-draft"),
    path(P + "chapters/add/", views.chapter_add, name="journal-chapter-add"),
    path(C, views.chapter_edit, name="journal-chapter-edit"),
    path(C + "move/", views.chapter_move, name="journal-chapter-move"),
    path(C + "delete/", views.chapter_delete, name="journal-chapter-delete"),
    path(P + "review/", views.review, name="journal-review"),
    path(P + "review/open/", views.review_open, name="journal-review-open"),
    path(P + "review/close/", views.review_close, name="journal-review-close"),
    path(P + "review/comments/", views.comment_add, name="journal-comment-add"),
    path(
        P + "review/comments/<int:comment_id>/resolve/",
        views.comment_resolve,
        name="journal-comment-resolve",
    ),
    path(P + "publish/", views.publish, name="journal-publish"),
    path(P + "versions/<int:number>/", views.publication, name="journal-publication"),
    path(P + "compare/", views.compare, name="journal-compare"),
    path(PUBLIC, views.public_latest, name="journal-public"),
    path(PUBLIC + "<int:number>/", views.public_publication, name="journal-public-version"),
    # Voices and their consent (voices.py)
    path(P + "voices/", voices.voice_list, name="journal-voices"),
    path(P + "voices/pick/", voices.voice_pick, name="journal-voice-pick"),
    path(P + "voices/add/", voices.voice_add, name="journal-voice-add"),
    path(V, voices.voice_edit, name="journal-voice-edit"),
    path(V + "delete/", voices.voice_delete, name="journal-voice-delete"),
    path(P + "consent/", voices.my_voices, name="journal-consent"),
    path(P + "consent/<int:voice_id>/", voices.consent_answer, name="journal-consent-answer"),
    # Making files, off the request, and downloading them (downloads.py)
    path(P + "render/", downloads.render_request, name="journal-render"),
    path(P + "renderings/<int:rendering_id>/", downloads.rendering, name="journal-rendering"),
    path(
        P + "renderings/<int:rendering_id>/download/",
        downloads.rendering_download,
        name="journal-rendering-download",
    ),
    path(
        PUBLIC + "<int:number>/download/<str:fmt>/",
        downloads.public_download,
        name="journal-public-download",
    ),
]
