"""What the helicopter view adds to the programme's pages: its menu links and its parts
of "my work". Each part of the app registers its own here (programmes.extensions)."""

from samenspel.insights import (
    dashboard_extensions,
    helicopter_extensions,
    reminder_extensions,
    search_extensions,
    theme_extensions,
)


def register() -> None:
    helicopter_extensions.register()
    reminder_extensions.register()
    theme_extensions.register()
    search_extensions.register()
    dashboard_extensions.register()
