"""WSGI entry point for gunicorn: `gunicorn samenspel.wsgi`."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samenspel.conf.production")

application = get_wsgi_application()
