"""What the recurring themes add: the listener that queues a new analysis when a
programme's texts change, and how their events read in a history. The pages are reached
through the helicopter view's link in the programme's menu (helicopter_extensions) and
its own navigation."""

from django.utils.translation import gettext_lazy

from samenspel.common.history import register_labels
from samenspel.insights import signals


def register() -> None:
    from samenspel.insights.theme_services import texts_changed

    signals.on_texts_changed(texts_changed)
    register_labels(
        {
            "themes.request": gettext_lazy("New theme analysis asked for"),
            "themes.analyse": gettext_lazy("Themes analysed"),
        }
    )
