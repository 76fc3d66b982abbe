from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SurveysConfig(AppConfig):
    name = "beatbridge.surveys"
    verbose_name = _("Trust and safety surveys")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from beatbridge.accounts.models import ActivityEntry
        from beatbridge.web.sections import register_area_section

        from .pulse import on_activity
        from .sections import surveys_section

        register_area_section(surveys_section)
        post_save.connect(on_activity, sender=ActivityEntry, dispatch_uid="surveys-pulse")
