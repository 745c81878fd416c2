from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExhibitorsConfig(AppConfig):
    name = "exhibitors"
    verbose_name = _("Companies and exhibitors")

    def ready(self):
        from events import public
        from exhibitors.applications import signals as applications_signals  # noqa: F401
        from exhibitors.applications.services import is_full
        from exhibitors.buyers import mails as buyers_mails  # noqa: F401 (meeting mails)
        from exhibitors.buyers import signals as buyers_signals  # noqa: F401
        from exhibitors.companies import signals as companies_signals  # noqa: F401

        # The public pavilion page (cached by events) says when every place is taken.
        public.register_fullness(is_full)
