"""What the helicopter view adds to the programme's pages: its menu links and its parts
of "my work". Each part of the app registers its own here (programmes.extensions)."""


def register() -> None:
    from samenspel.insights import dashboard_extensions

    dashboard_extensions.register()
