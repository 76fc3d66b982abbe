from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "beatbridge.meetings"
    verbose_name = _("Meetings and events")

    def ready(self) -> None:
        from beatbridge.core.sections import register_area_section

        from .sections import meetings_section

        register_area_section(meetings_section)
