from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AnalysisConfig(AppConfig):
    """The Django side of ``beatbridge.insights``: loads data, runs the analyses, shows them."""

    name = "beatbridge.analysis"
    verbose_name = _("Insights")

    def ready(self) -> None:
        from beatbridge.core.sections import register_area_section

        from . import signals
        from .sections import area_section

        signals.connect()
        register_area_section(area_section)
