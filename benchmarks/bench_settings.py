"""Settings for ``benchmarks/intake.py``: the app's settings plus a minimal JSON view.

Only the URL configuration changes, so the app under load is configured as in production
(environment variables set by the benchmark: DATABASE_URL, ANON_RATE_LIMIT, ...).
"""

from beatbridge.settings import *  # noqa: F403

ROOT_URLCONF = "benchmarks.bench_urls"
