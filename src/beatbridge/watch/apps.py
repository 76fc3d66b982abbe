from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WatchConfig(AppConfig):
    name = "beatbridge.watch"
    verbose_name = _("Neighborhood watch")

    def ready(self) -> None:
        from beatbridge.core.personal_data import register_eraser, register_exporter
        from beatbridge.core.sections import register_area_section

        from . import signals
        from .personal_data import erase_watch, export_watch
        from .sections import watch_section

        signals.connect()
        register_exporter("watch", export_watch)
        register_eraser("watch", erase_watch)
        register_area_section(watch_section)
