from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ConcernsConfig(AppConfig):
    name = "beatbridge.concerns"
    verbose_name = _("Concerns and tips")

    def ready(self) -> None:
        from django.contrib.auth import get_user_model
        from django.db.models.signals import post_delete, post_save

        from beatbridge.areas.models import OfficerAssignment
        from beatbridge.web.sections import register_area_section

        from . import tasks  # noqa: F401 - registers the Huey tasks
        from .permissions import assignments_memo
        from .views import area_section, officers_memo

        register_area_section(area_section)
        for model in (OfficerAssignment, get_user_model()):
            for signal in (post_save, post_delete):
                signal.connect(assignments_memo.clear, sender=model, weak=False)
                signal.connect(officers_memo.clear, sender=model, weak=False)
