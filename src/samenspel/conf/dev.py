"""Local development and the demo: debug on, a fixed insecure key, SQLite by default."""

import os

os.environ.setdefault("DEBUG", "true")
os.environ.setdefault("SECRET_KEY", "dev-only-insecure-key-do-not-use-in-production")

from .base import *  # noqa: F403
from .base import SAMENSPEL_FOLDERS, STATIC_ROOT, STORAGES

# No manifest in development: runserver serves the source files as they are.
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Serve static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SAMENSPEL_FOLDERS.append(STATIC_ROOT)  # whitenoise looks there at start
