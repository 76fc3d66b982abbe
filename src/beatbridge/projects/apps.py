from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProjectsConfig(AppConfig):
    name = "beatbridge.projects"
    verbose_name = _("Problem-solving projects")

    def ready(self) -> None:
        from beatbridge.core.sections import register_area_section

        from .sections import projects_section

        register_area_section(projects_section)

        from beatbridge.accounts.workspace import register_partner_panel

        from .partner import project_items_panel

        register_partner_panel(project_items_panel)
