from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SubscriptionsConfig(AppConfig):
    name = "beatbridge.subscriptions"
    verbose_name = _("Notifications and subscriptions")

    def ready(self) -> None:
        from beatbridge.concerns.signals import concern_status_changed

        from .producers import on_concern_status_changed

        concern_status_changed.connect(
            on_concern_status_changed, dispatch_uid="subscriptions-concern-updates"
        )
