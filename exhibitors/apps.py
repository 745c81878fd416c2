from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitorsConfig(AppConfig):
    name = "exhibitors"
    verbose_name = _("Companies and exhibitors")

    def ready(self):
        from exhibitors.applications import signals as applications_signals  # noqa: F401
        from exhibitors.companies import signals as companies_signals  # noqa: F401
