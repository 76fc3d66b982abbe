"""WSGI entry point for gunicorn (``beatbridge serve``)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beatbridge.settings")
application = get_wsgi_application()
