from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MeetingsConfig(AppConfig):
    name = "beatbridge.meetings"
    verbose_name = _("Meetings and events")

    def ready(self) -> None:
        from beatbridge.accounts.workspace import register_account_panel, register_partner_panel
        from beatbridge.core.sections import register_area_section

        from .account import rsvps_panel
        from .partner import meetings_panel
        from .sections import meetings_section

        register_area_section(meetings_section)
        register_partner_panel(meetings_panel)
        register_account_panel(rsvps_panel)
