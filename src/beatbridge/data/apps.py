from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DataConfig(AppConfig):
    name = "beatbridge.data"
    verbose_name = _("Crime, enforcement and engagement data")

    def ready(self) -> None:
        from beatbridge.core.sections import register_area_section

        from .views import area_section

        register_area_section(area_section)
