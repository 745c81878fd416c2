"""The reads of the applications: what the company's pages list and show.

Each application a company page shows carries ``next`` (:class:`services.NextSteps`): what the
company may do next, decided by the services from the status and the dates; the templates
show a button from those flags, never from the status.
"""

from __future__ import annotations

import datetime

from django.db.models import QuerySet
from django.utils import timezone

from exhibitors.applications.models import Application, StatusChange
from exhibitors.applications.services import application_next_steps
from exhibitors.companies.models import Company

#: The columns "My applications" reads (templates/exhibitors/application_list.html and
#: _next_step.html, and the flags of ``application_next_steps``); a field left out costs a
#: query per row, which the query-count tests catch.
LIST_FIELDS = [
    "status",
    "status_changed_at",
    "confirm_by",
    "pavilion__name_en",
    "pavilion__name_ko",
    "pavilion__applications_open_at",
    "pavilion__applications_close_at",
    "pavilion__confirmation_deadline",
    "pavilion__event__name_en",
    "pavilion__event__name_ko",
    "pavilion__event__starts_on",
]


def company_applications(
    *, company: Company, now: datetime.datetime | None = None
) -> list[Application]:
    """The company's applications, latest expo first, each with its ``next`` steps."""
    now = now or timezone.now()
    applications = list(
        Application.objects.for_company(company)
        .select_related("pavilion__event")
        # Only what the table shows: an application has its whole form in its row.
        .only(*LIST_FIELDS)
        .order_by("-pavilion__event__starts_on")
    )
    for application in applications:
        application.next = application_next_steps(application, now)
    return applications


def company_application(
    *, company: Company, pk: int, now: datetime.datetime | None = None
) -> Application:
    """One of the company's applications, with its ``next`` steps; ``Application.DoesNotExist``
    if the company has none of that id."""
    application = Application.objects.select_related("pavilion__event", "theme").get(
        pk=pk, company=company
    )
    application.company = company  # the one asking: read once already
    application.next = application_next_steps(application, now or timezone.now())
    return application


def application_changes(*, application: Application) -> QuerySet[StatusChange]:
    """The application's history of moves, for its page."""
    return application.status_changes.select_related("changed_by")
