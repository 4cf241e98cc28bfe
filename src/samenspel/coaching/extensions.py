"""What coaching adds to the programme (programmes.extensions), registered in
CoachingConfig.ready(): a link in the programme's menu, and a removal hook that ends
the coachings of a member who leaves. Nothing else: no section, column or personal
section shows coaching, so that nothing of it appears on pages others read."""

from django.utils.translation import gettext_lazy

from samenspel.coaching import access, services
from samenspel.programmes import extensions


def register() -> None:
    extensions.add_menu_link(
        extensions.MenuLink(
            gettext_lazy("Coaching"), "coaching-list", access.takes_part_in_coaching, order=20
        )
    )
    extensions.add_removal_hook(services.coaching_before_member_removal)
