"""What every report service shares: the refusal, opening a report, its row lock and the
status move itself."""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.utils import timezone
from django.utils.translation import gettext as _

from events.locks import pavilion_lock
from exhibitors.companies.models import Exhibitor
from exhibitors.outcomes.models import (
    REPORT_EDITABLE_STATES,
    REPORT_TRANSITIONS,
    OutcomeReport,
    ReportStatus,
)
from portal.audit import audit
from portal.refusals import Refused

ZERO = Decimal(0)
#: Consultations may be dated from the expo's first day to a year after its last.
FOLLOW_UP_PERIOD_DAYS = 366


class ReportRefused(Refused):
    """What the report rules refuse (a move, an edit of a report the exhibitor may no longer
    change)."""


# Filing and review ----------------------------------------------------------------------------


def report_get_or_create(exhibitor: Exhibitor) -> OutcomeReport:
    """The exhibitor's report, opened on first use."""
    report, _created = OutcomeReport.objects.get_or_create(exhibitor=exhibitor)
    return report


def report_can_open(exhibitor: Exhibitor, now: datetime.datetime | None = None) -> bool:
    """Reports open once the expo has started."""
    return (now or timezone.now()) >= exhibitor.pavilion.event.starts_at


def report_can_edit(report: OutcomeReport) -> bool:
    return report.status in REPORT_EDITABLE_STATES


def _check_move(report: OutcomeReport, to_status: ReportStatus) -> None:
    if to_status not in REPORT_TRANSITIONS[ReportStatus(report.status)]:
        raise ReportRefused(
            _("A report that is “%(from)s” cannot become “%(to)s”.")
            % {"from": ReportStatus(report.status).label, "to": ReportStatus(to_status).label}
        )


def _move(
    report: OutcomeReport,
    to_status: ReportStatus,
    *,
    user: AbstractBaseUser | None,
    extra_fields: Iterable[str] = (),
) -> OutcomeReport:
    _check_move(report, to_status)
    report.status = to_status
    with audit(user=user):
        report.save(update_fields=["status", "updated_at", *extra_fields])
    return report


def _locked(report: OutcomeReport) -> OutcomeReport:
    return OutcomeReport.objects.select_for_update().get(pk=report.pk)


def _locked_for_move(report: OutcomeReport) -> OutcomeReport:
    """The report's row locked for a status move: its pavilion first
    (:func:`events.locks.pavilion_lock`, as the figures' publication does), then the row, so
    that a move and a publication of the same pavilion wait for each other in one order."""
    if OutcomeReport.exhibitor.is_cached(report):
        pavilion_id = report.exhibitor.pavilion_id
    else:
        pavilion_id = (
            Exhibitor.objects.filter(pk=report.exhibitor_id)
            .values_list("pavilion_id", flat=True)
            .get()
        )
    pavilion_lock(pavilion_id)
    return _locked(report)


def _copy(locked: OutcomeReport, report: OutcomeReport, fields: Iterable[str]) -> OutcomeReport:
    """The caller's instance gets what was saved on the locked row."""
    for name in ("status", "updated_at", *fields):
        setattr(report, name, getattr(locked, name))
    return report
