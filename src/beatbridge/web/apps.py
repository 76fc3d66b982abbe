from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "beatbridge.web"
    verbose_name = _("Web")

    def ready(self) -> None:
        # drf-spectacular finds schema extensions by import: register ours.
        from beatbridge.core import api_schema  # noqa: F401
