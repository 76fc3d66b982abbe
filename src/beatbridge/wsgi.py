"""WSGI entry point for gunicorn (``beatbridge serve``)."""

import gc
import os

from django.core.wsgi import get_wsgi_application

# As in cli.main: the database, the queue and uploads are created 0600 (directories 0700),
# also when gunicorn is started directly rather than through ``beatbridge serve``.
os.umask(0o077)
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beatbridge.settings")
application = get_wsgi_application()

# Everything loaded so far (Django, the apps, their modules) lives as long as the worker:
# move it out of the collector's reach, so routine collections stop rescanning it (full
# passes of ~90 ms were what set the slow tail of the area pages).
gc.collect()
gc.freeze()
