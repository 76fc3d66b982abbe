from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrioritiesConfig(AppConfig):
    name = "beatbridge.priorities"
    verbose_name = _("Neighborhood priorities")

    def ready(self) -> None:
        from beatbridge.core.sections import register_area_section

        from .sections import priorities_section

        register_area_section(priorities_section)

        from .meeting_parts import register

        register()
