from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

#: The version names of the back office's cached pages (``portal.pagecache``): the outcome
#: dashboard, the floor plan, the matchmaking board and a report's page carry the names of what
#: they show in their cache keys; every save or delete of these models replaces the name's
#: token (:meth:`ExhibitorsConfig.ready`), and code that writes them without a signal calls
#: ``portal.pagecache.written`` with the models it wrote. (The pavilion, its event, series and
#: themes are the public pages' ``events:public``.)
ROSTER = "exhibitors:roster"  # who exhibits: companies, exhibitors, their applications
OUTCOMES = "exhibitors:outcomes"  # the reports, their rows, the publications
MEETINGS = "exhibitors:meetings"  # buyers, their meetings, the meeting slots and places
FLOOR = "exhibitors:floor"  # the booths
USERS = "exhibitors:users"  # the staff named on a page (who approved, who published)
REVIEWS = "exhibitors:reviews"  # the reviews and their totals (the reviews' and ranking lists)


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
        self._watch_cached_pages()

    def _watch_cached_pages(self):
        from django.contrib.auth import get_user_model

        from events import public
        from exhibitors.applications.models import Application, Review
        from exhibitors.buyers.models import Buyer, Catalogue, Meeting, MeetingPlace, MeetingSlot
        from exhibitors.companies.models import Company, Exhibitor
        from exhibitors.floor.models import Booth
        from exhibitors.outcomes.models import (
            Consultation,
            FiguresPublication,
            FollowUp,
            Mou,
            OnSiteContract,
            OutcomeReport,
        )
        from portal import pagecache

        pagecache.watch(ROSTER, [Company, Exhibitor, Application])
        # ReportCountryTotal is written with its report's totals, which say so
        # (``pagecache.written(OutcomeReport)`` in ``outcomes.services.moves``).
        pagecache.watch(
            OUTCOMES,
            [OutcomeReport, Consultation, Mou, OnSiteContract, FollowUp, FiguresPublication],
        )
        # The slots and places are created in bulk before any meeting takes them; a change of
        # one a meeting has is a save.
        pagecache.watch(MEETINGS, [Buyer, Meeting, MeetingSlot, MeetingPlace])
        pagecache.watch(FLOOR, [Booth])
        pagecache.watch(REVIEWS, [Review])
        # Whether a pavilion's catalogue is published is public data, read through the cache
        # (``buyers.catalogue.pavilion_catalogue``) whoever saves it: the service, the admin.
        pagecache.watch(public.VERSION, [Catalogue])
        # Logging in writes ``last_login`` alone, which no page shows.
        pagecache.watch(USERS, [get_user_model()], unseen=["last_login"])
