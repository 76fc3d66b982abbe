from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "beatbridge.subscriptions"
    verbose_name = _("Notifications and subscriptions")

    def ready(self) -> None:
        from . import producers

        producers.connect()
