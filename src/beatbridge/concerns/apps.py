from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "beatbridge.concerns"
    verbose_name = _("Concerns and tips")

    def ready(self) -> None:
        from beatbridge.web.sections import register_area_section

        from . import tasks  # noqa: F401 - registers the Huey tasks
        from .views import area_section

        register_area_section(area_section)
