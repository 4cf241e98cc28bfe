"""The test suite: fast hashing, in-memory mail, no manifest needed for static files."""

import os

os.environ.setdefault("SECRET_KEY", "test-only-insecure-key")

from .base import *  # noqa: F403
from .base import SAMENSPEL_FOLDERS, STATIC_ROOT, STORAGES

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
ALLOWED_HOSTS = ["*"]

# Serve static files straight from the source folders (no collectstatic needed).
WHITENOISE_USE_FINDERS = True
WHITENOISE_AUTOREFRESH = True
SAMENSPEL_FOLDERS.append(STATIC_ROOT)  # whitenoise looks there at start
