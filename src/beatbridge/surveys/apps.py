from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "beatbridge.surveys"
    verbose_name = _("Trust and safety surveys")

    def ready(self) -> None:
        from beatbridge.concerns.signals import concern_status_changed
        from beatbridge.core.sections import register_area_section

        from .pulse import on_concern_status_changed
        from .sections import surveys_section

        register_area_section(surveys_section)
        concern_status_changed.connect(on_concern_status_changed, dispatch_uid="surveys-pulse")
