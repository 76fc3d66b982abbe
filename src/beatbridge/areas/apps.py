from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AreasConfig(AppConfig):
    name = "beatbridge.areas"
    verbose_name = _("Areas")

    def ready(self) -> None:
        from beatbridge.accounts.permissions import use_officer_neighborhoods

        from . import signals  # noqa: F401
        from .queries import officer_neighborhood_ids

        use_officer_neighborhoods(officer_neighborhood_ids)
