"""All of Samenspel's web addresses. Programme data lives under /programmes/<slug>/ so
that every address names the programme it belongs to and access is checked against it."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from samenspel.accounts import views as accounts
from samenspel.accounts.forms import PasswordResetForm
from samenspel.cycles import views as cycles
from samenspel.programmes import views as programmes

P = "programmes/<slug:slug>/"
C = P + "cycles/<int:cycle_id>/"

urlpatterns = [
    path("", accounts.home, name="home"),
    path("my-work/", accounts.my_work_view, name="my-work"),
    path("about/", accounts.about, name="about"),
    path(
        "accounts/login/",
        auth_views.LoginView.as_view(redirect_authenticated_user=True),
        name="login",
    ),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=PasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("admin/", admin.site.urls),
    path("programmes/", programmes.programme_list, name="programme-list"),
    path("programmes/new/", programmes.programme_create, name="programme-create"),
    path(P, programmes.programme_detail, name="programme-detail"),
    path(P + "edit/", programmes.programme_edit, name="programme-edit"),
    path(P + "areas/", programmes.area_list, name="area-list"),
    path(P + "areas/new/", programmes.area_form, name="area-create"),
    path(P + "areas/<int:area_id>/edit/", programmes.area_form, name="area-edit"),
    path(P + "areas/<int:area_id>/delete/", programmes.area_delete, name="area-delete"),
    path(P + "initiatives/", programmes.initiative_list, name="initiative-list"),
    path(P + "initiatives/new/", programmes.initiative_create, name="initiative-create"),
    path(
        P + "initiatives/<int:initiative_id>/",
        programmes.initiative_detail,
        name="initiative-detail",
    ),
    path(
        P + "initiatives/<int:initiative_id>/edit/",
        programmes.initiative_edit,
        name="initiative-edit",
    ),
    path(
        P + "initiatives/<int:initiative_id>/cycles/new/",
        cycles.cycle_create,
        name="cycle-create",
    ),
    path(P + "learning-agenda/", programmes.question_list, name="question-list"),
    path(P + "learning-agenda/new/", programmes.question_create, name="question-create"),
    path(P + "learning-agenda/<int:number>/", programmes.question_detail, name="question-detail"),
    path(P + "learning-agenda/<int:number>/edit/", programmes.question_edit, name="question-edit"),
    path(P + "members/", programmes.membership_list, name="membership-list"),
    path(P + "members/new/", programmes.membership_add, name="membership-add"),
    path(
        P + "members/<int:membership_id>/edit/",
        programmes.membership_edit,
        name="membership-edit",
    ),
    path(
        P + "members/<int:membership_id>/remove/",
        programmes.membership_remove,
        name="membership-remove",
    ),
    path(C, cycles.cycle_detail, name="cycle-detail"),
    path(C + "expectation/", cycles.cycle_expectation, name="cycle-expectation"),
    path(C + "start/", cycles.cycle_start, name="cycle-start"),
    path(C + "observations/", cycles.cycle_observation, name="cycle-observation"),
    path(C + "review/", cycles.cycle_review, name="cycle-review"),
    path(C + "adjustment/", cycles.cycle_adjustment, name="cycle-adjustment"),
    path(C + "abandon/", cycles.cycle_abandon, name="cycle-abandon"),
]
