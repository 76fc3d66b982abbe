from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "beatbridge.outreach"
    verbose_name = _("Outreach and education")

    def ready(self) -> None:
        from beatbridge.core.panels import register_dashboard_panel
        from beatbridge.core.sections import register_area_section
        from beatbridge.core.suggestions import register_suggester, register_text_suggester

        from . import queries, sections

        register_area_section(sections.officers_section)
        register_area_section(sections.announcements_section)
        register_area_section(sections.resources_section)
        register_area_section(sections.feeds_section)
        register_suggester(sections.suggest_resources)
        register_text_suggester(queries.resources_for_text)
        register_dashboard_panel(sections.workshop_requests_panel)
