from typing import Any

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


def create_cache_tables(using: str = "default", verbosity: int = 1, **kwargs: Any) -> None:
    """After every ``migrate``: the database cache's table (default CACHES), if missing.

    Every way Beatbridge starts (``serve``, ``demo``, the tests) migrates first, so the shared
    cache exists before the first request, whatever table CACHE_URL names.
    """
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=max(0, verbosity - 1))


class ConcernsConfig(AppConfig):
    name = "beatbridge.concerns"
    verbose_name = _("Concerns and tips")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_migrate, post_save

        from beatbridge.accounts.workspace import register_account_panel, register_partner_panel
        from beatbridge.areas.models import OfficerAssignment
        from beatbridge.core import ratelimit
        from beatbridge.core.sections import register_area_section

        from . import tasks  # noqa: F401 - registers the Huey tasks
        from .account import concerns_panel
        from .models import RateLimitHit
        from .partner import referrals_panel
        from .permissions import assignments_memo
        from .views import area_section, officers_memo

        post_migrate.connect(create_cache_tables, sender=self, weak=False)
        ratelimit.use_model(RateLimitHit)
        register_area_section(area_section)
        register_partner_panel(referrals_panel)
        register_account_panel(concerns_panel)
        for model in (OfficerAssignment, get_user_model()):
            for signal in (post_save, post_delete):
                signal.connect(assignments_memo.clear, sender=model, weak=False)
                signal.connect(officers_memo.clear, sender=model, weak=False)
