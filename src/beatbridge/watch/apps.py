from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WatchConfig(AppConfig):
    name = "beatbridge.watch"
    verbose_name = _("Neighborhood watch")

    def ready(self) -> None:
        from beatbridge.core.sections import register_area_section

        from . import signals
        from .sections import watch_section

        signals.connect()
        register_area_section(watch_section)
