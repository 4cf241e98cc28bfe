"""What the helicopter view adds to the programme's pages (programmes.extensions): its one
menu link, its parts of "my work", the listeners that keep its stored results up to date
and how its events read. Each part of the app registers its own."""

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
