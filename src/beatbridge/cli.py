"""The ``beatbridge`` console script: Django's manage.py for the installed package."""

from __future__ import annotations

import os
import sys


def main(argv: list[str] | None = None) -> None:
    """Run a Django management command (``beatbridge demo``, ``beatbridge migrate``, ...)."""
    # Files this process creates (the SQLite database, Huey's queue, the secret key, uploads,
    # the access log) are for the service's own user only: 0600 files, 0700 directories.
    os.umask(0o077)
    argv = list(sys.argv if argv is None else argv)
    if len(argv) > 1 and argv[1] == "demo":
        # The demo is a development server on loopback: debug pages, no HTTPS redirect.
        os.environ.setdefault("DEBUG", "true")
        # Demo emails (reminders, notifications) go to files instead of the console.
        os.environ.setdefault("EMAIL_URL", "filemail://")
        # Demo staff sign in with the printed password alone (accounts/demo.py says so);
        # everywhere else officers, supervisors, analysts and admins need a TOTP code too.
        os.environ.setdefault("REQUIRE_STAFF_2FA", "false")
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "beatbridge.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
