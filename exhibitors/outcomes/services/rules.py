"""When a report may be opened and changed, the dates its consultations may carry, and the
locks the exhibitor's edits take."""

import datetime
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from events.models import Pavilion
from exhibitors.companies.models import Exhibitor
from exhibitors.outcomes.models import (
    OutcomeReport,
    ReportStatus,
)
from exhibitors.outcomes.services.common import (
    FOLLOW_UP_PERIOD_DAYS,
    ReportRefused,
    _locked,
    report_can_open,
    report_get_or_create,
)
from portal import pagecache
from portal.audit import current_reason


def report_period(pavilion: Pavilion) -> tuple[datetime.date, datetime.date]:
    """The dates a report's rows may carry: from the expo's first day to a year after its
    last (the follow-ups at 3, 6 and 12 months)."""
    event = pavilion.event
    return event.starts_on, event.ends_on + datetime.timedelta(days=FOLLOW_UP_PERIOD_DAYS)


def report_date_refusals(pavilion: Pavilion, date: datetime.date | None) -> str | None:
    """A message if ``date`` lies outside the report period, else None."""
    first, last = report_period(pavilion)
    if date is not None and not first <= date <= last:
        return _(
            "The date must lie between %(first)s and %(last)s (the expo and the year after)."
        ) % {
            "first": first.isoformat(),
            "last": last.isoformat(),
        }
    return None


# The exhibitor's side: what it may do with its report -----------------------------------------


def report_open_refusals(exhibitor: Exhibitor, now: datetime.datetime | None = None) -> str | None:
    """A message if the exhibitor's report is not open yet (before the expo), else None."""
    if report_can_open(exhibitor, now):
        return None
    return _("The outcome report opens when the expo starts, on %(date)s.") % {
        "date": exhibitor.pavilion.event.starts_on.isoformat()
    }


def report_edit_refusals(report: OutcomeReport) -> str | None:
    """A message if the exhibitor may not change ``report`` (submitted or approved), else
    None."""
    if report.status == ReportStatus.APPROVED:
        return _("This report is approved and can no longer be changed.")
    if report.status == ReportStatus.SUBMITTED:
        return _(
            "This report is submitted: it can be changed again only if the foundation returns it."
        )
    return None


def reports_get_or_create(exhibitors: Iterable[Exhibitor]) -> dict[int, OutcomeReport]:
    """{exhibitor id: its report} for several exhibitors, as :func:`report_get_or_create`: one query for
    the reports opened already, one bulk insert (with their audit trail) for the others; if
    one of those was opened meanwhile by someone else, they are opened one by one."""
    exhibitors = list(exhibitors)
    reports = {
        report.exhibitor_id: report
        for report in OutcomeReport.objects.filter(exhibitor__in=exhibitors)
    }
    missing = [exhibitor for exhibitor in exhibitors if exhibitor.pk not in reports]
    if missing:
        try:
            with transaction.atomic():
                opened = bulk_create_with_history(
                    [OutcomeReport(exhibitor=exhibitor) for exhibitor in missing],
                    OutcomeReport,
                    default_change_reason=current_reason(),
                )
                pagecache.written(OutcomeReport)  # no signal: the cached lists are stale
        except IntegrityError:
            opened = [report_get_or_create(exhibitor) for exhibitor in missing]
        reports.update((report.exhibitor_id, report) for report in opened)
    for exhibitor in exhibitors:
        reports[exhibitor.pk].exhibitor = exhibitor
    return reports


def reports_lock_for_edit(reports: Iterable[OutcomeReport]) -> dict[int, str | None]:
    """:func:`report_lock_for_edit` for several reports in one query, locked in the order of
    their ids (so that two imports naming the same reports cannot deadlock): {report id: the
    message if the exhibitor may no longer change it, else None}."""
    reports = list(reports)
    if not reports:
        return {}
    locked = {
        row.pk: row
        for row in OutcomeReport.objects.select_for_update()
        .filter(pk__in=[report.pk for report in reports])
        .order_by("pk")
    }
    problems = {}
    for report in reports:
        problems[report.pk] = report_edit_refusals(locked[report.pk])
        if problems[report.pk]:
            report.status = locked[report.pk].status
    return problems


def report_lock_for_edit(report: OutcomeReport) -> OutcomeReport:
    """Lock the report's row until the end of the current transaction and check that the
    exhibitor may still change it (raises :class:`ReportRefused`): whatever is written after
    this in the same transaction cannot land in a report that staff approved meanwhile."""
    locked = _locked(report)
    problem = report_edit_refusals(locked)
    if problem:
        report.status = locked.status
        raise ReportRefused(problem)
    return locked
