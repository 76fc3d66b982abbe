from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "beatbridge.privacy"
    verbose_name = _("Privacy")

    def ready(self) -> None:
        from .personal_data import register_defaults

        register_defaults()
