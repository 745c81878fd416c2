"""Outcome reports: opening, filing, the exhibitor's edits, and review by staff.

Each status move is one service here (``report_submit``, ``report_approve``,
``report_return``); each takes the pavilion lock (:func:`events.locks.pavilion_lock`) first and
then the report's row, the order every writer of a pavilion keeps. The figures are in
:mod:`exhibitors.outcomes.figures`, their wording in :mod:`~exhibitors.outcomes.wording`, the
workbooks and reports in :mod:`~exhibitors.outcomes.exports`, the pages' reads in
:mod:`~exhibitors.outcomes.selectors`.
"""

import datetime
from collections.abc import Iterable
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, models, transaction
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from simple_history.utils import bulk_create_with_history

from events.locks import pavilion_lock
from events.models import Pavilion
from exhibitors.companies.models import Exhibitor
from exhibitors.outcomes.models import (
    REPORT_EDITABLE_STATES,
    REPORT_TRANSITIONS,
    Consultation,
    ConsultationSource,
    OutcomeReport,
    ReportCountryTotal,
    ReportStatus,
)
from portal.audit import audit, bulk_write_history, current_reason
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


@transaction.atomic
def report_submit(
    *, report: OutcomeReport, user: AbstractBaseUser | None, now: datetime.datetime | None = None
) -> OutcomeReport:
    locked = _locked_for_move(report)
    _check_move(locked, ReportStatus.SUBMITTED)
    problem = report_submit_refusals(locked)
    if problem:
        raise ReportRefused(problem)
    locked.submitted_at = now or timezone.now()
    _move(locked, ReportStatus.SUBMITTED, user=user, extra_fields=["submitted_at"])
    return _copy(locked, report, ["submitted_at"])


def report_to_confirm_count(report: OutcomeReport) -> int:
    """How many of the report's consultations wait for the exhibitor to confirm their amounts
    (rows made at the expo: meetings held, booth logs): one query."""
    return report.consultations.filter(needs_confirmation=True).count()


def report_submit_refusals(
    report: OutcomeReport, *, to_confirm: int | None = None, check_empty: bool = True
) -> str | None:
    """Why the exhibitor may not submit ``report`` now, else None: rows still waiting for the
    exhibitor to confirm their amounts (``to_confirm``: their number, counted if not given),
    or, with ``check_empty``, a report with no consultation, MOU or contract. The report page
    asks with its own count and without ``check_empty`` (its form may add the rows), to grey
    out "Submit" with the same words :func:`report_submit` refuses with."""
    if to_confirm is None:
        to_confirm = report_to_confirm_count(report)
    if to_confirm:
        return ngettext(
            "%(count)s consultation from the expo waits for you to confirm its amounts: "
            "confirm or correct it before submitting the report.",
            "%(count)s consultations from the expo wait for you to confirm their amounts: "
            "confirm or correct them before submitting the report.",
            to_confirm,
        ) % {"count": to_confirm}
    if (
        check_empty
        and not report.consultations.exists()
        and not report.mous.exists()
        and not report.contracts.exists()
    ):
        return _("Add at least one consultation, MOU or contract before submitting.")
    return None


TOTAL_FIELDS = ["total_consultations", "total_amount_usd", "total_expected_usd"]


def _consultation_sums(consultations: QuerySet) -> dict:
    return consultations.aggregate(
        total_consultations=Count("pk"),
        total_amount_usd=Coalesce(Sum("amount_usd"), ZERO),
        total_expected_usd=Coalesce(Sum("expected_contract_usd"), ZERO),
    )


def _store_country_totals(reports: list[OutcomeReport]) -> None:
    """The reports' consultations added up per buyer country (``ReportCountryTotal``),
    replacing what was stored before: three queries."""
    ReportCountryTotal.objects.filter(report__in=reports).delete()
    ReportCountryTotal.objects.bulk_create(
        (
            ReportCountryTotal(
                report_id=row["report"],
                buyer_country=row["buyer_country"],
                consultations=row["n"],
                amount_usd=row["amount"],
                expected_usd=row["expected"],
            )
            for row in Consultation.objects.filter(report__in=reports)
            .values("report", "buyer_country")
            .annotate(
                n=Count("pk"), amount=Sum("amount_usd"), expected=Sum("expected_contract_usd")
            )
            .order_by()
        ),
        batch_size=500,
    )


def report_totals_store(reports: Iterable[OutcomeReport]) -> list[OutcomeReport]:
    """Store each report's consultation totals on it (``OutcomeReport.total_*``): one query
    for the sums, one bulk update. Used by scripts that write approved reports in bulk
    (``report_approve`` stores them for the report it approves)."""
    reports = list(reports)
    sums = {
        row["report"]: row
        for row in Consultation.objects.filter(report__in=reports)
        .values("report")
        .annotate(
            total_consultations=Count("pk"),
            total_amount_usd=Sum("amount_usd"),
            total_expected_usd=Sum("expected_contract_usd"),
        )
        .order_by()
    }
    for report in reports:
        row = sums.get(report.pk, {})
        for name in TOTAL_FIELDS:
            setattr(report, name, row.get(name) or (0 if name == "total_consultations" else ZERO))
    OutcomeReport.objects.bulk_update(reports, TOTAL_FIELDS, batch_size=500)
    _store_country_totals(reports)
    return reports


@transaction.atomic
def report_approve(
    *, report: OutcomeReport, user: AbstractBaseUser | None, now: datetime.datetime | None = None
) -> OutcomeReport:
    locked = _locked_for_move(report)
    locked.approved_at, locked.approved_by = now or timezone.now(), user
    # The totals the pavilion's figures add up; the report cannot change while approved.
    for name, value in _consultation_sums(locked.consultations.all()).items():
        setattr(locked, name, value)
    _store_country_totals([locked])
    _move(
        locked,
        ReportStatus.APPROVED,
        user=user,
        extra_fields=["approved_at", "approved_by", *TOTAL_FIELDS],
    )
    return _copy(locked, report, ["approved_at", "approved_by", *TOTAL_FIELDS])


@transaction.atomic
def report_return(
    *, report: OutcomeReport, user: AbstractBaseUser | None, comment: str
) -> OutcomeReport:
    locked = _locked_for_move(report)
    _check_move(locked, ReportStatus.RETURNED)
    comment = (comment or "").strip()
    if not comment:
        raise ReportRefused(_("Tell the exhibitor what to change."))
    locked.staff_comment = comment
    locked.approved_at, locked.approved_by = None, None
    _move(
        locked,
        ReportStatus.RETURNED,
        user=user,
        extra_fields=["staff_comment", "approved_at", "approved_by"],
    )
    return _copy(locked, report, ["staff_comment", "approved_at", "approved_by"])


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


@transaction.atomic
def report_save(
    *,
    report: OutcomeReport,
    fields: Iterable[str],
    rows: Iterable[models.Model] = (),
    deleted: Iterable[models.Model] = (),
    user: AbstractBaseUser | None,
) -> OutcomeReport:
    """Save what the exhibitor typed, all together, if the report may still be changed: the
    report's own ``fields`` (their cleaned values already set on ``report``), the removed
    rows (``deleted``) and the new and changed ones (``rows``: consultations, MOUs, contracts,
    follow-ups of this report, unsaved). Only ``fields`` are written, so a stale page cannot
    bring back an old status or comment. New consultations are marked as entered on the
    report (``ConsultationSource.FORM``)."""
    report_lock_for_edit(report)
    with audit(user=user):
        report.save(update_fields=[*fields, "updated_at"])
        for row in deleted:
            row.delete()
        for row in rows:
            if isinstance(row, Consultation) and row.pk is None:
                row.source = ConsultationSource.FORM
            row.save()
    return report


@transaction.atomic
def consultation_save(
    *, report: OutcomeReport, consultation: Consultation, user: AbstractBaseUser | None
) -> Consultation:
    """Save one consultation of ``report`` (new or changed, its cleaned values set), if the
    exhibitor may still change the report. Saved by the exhibitor, its amounts are confirmed
    (``needs_confirmation`` off): a row from a meeting or the booth no longer holds up the
    report's submission. A new one is marked as entered on the report."""
    report_lock_for_edit(report)
    if consultation.report_id != report.pk:
        raise ReportRefused(_("This consultation belongs to another report."))
    if consultation.pk is None:
        consultation.source = ConsultationSource.FORM
    consultation.needs_confirmation = False
    with audit(user=user):
        consultation.save()
        report.save(update_fields=["updated_at"])
    return consultation


@transaction.atomic
def consultations_confirm(*, report: OutcomeReport, user: AbstractBaseUser | None) -> int:
    """Confirm the amounts of every row of ``report`` that waits for it (meetings held, booth
    logs), as they are, if the exhibitor may still change the report: one update, and each
    row's change in the audit trail (attributed to ``user``). Returns how many were
    confirmed."""
    report_lock_for_edit(report)
    waiting = Consultation.objects.filter(report=report, needs_confirmation=True)
    ids = list(waiting.values_list("pk", flat=True))
    if not ids:
        return 0
    with audit(user=user, reason="amounts confirmed"):
        Consultation.objects.filter(pk__in=ids).update(needs_confirmation=False)
        bulk_write_history(Consultation, ids, history_type="~")
        report.save(update_fields=["updated_at"])
    return len(ids)


@transaction.atomic
def consultation_delete(
    *, report: OutcomeReport, consultation: Consultation, user: AbstractBaseUser | None
) -> None:
    """Remove one consultation from ``report``, if the exhibitor may still change the report."""
    report_lock_for_edit(report)
    if consultation.report_id != report.pk:
        raise ReportRefused(_("This consultation belongs to another report."))
    with audit(user=user):
        consultation.delete()
        report.save(update_fields=["updated_at"])
