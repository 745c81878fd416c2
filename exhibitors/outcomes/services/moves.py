"""The report's status moves after the exhibitor's edits: submitting (refused while rows from
the expo wait for confirmation), approving (which stores the totals), returning."""

import datetime
from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.db.models import Count, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exhibitors.outcomes.models import (
    Consultation,
    OutcomeReport,
    ReportCountryTotal,
    ReportStatus,
)
from exhibitors.outcomes.services.common import (
    ZERO,
    ReportRefused,
    _check_move,
    _copy,
    _locked_for_move,
    _move,
)
from portal import pagecache


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
    pagecache.written(OutcomeReport)  # the country totals stand with their report's


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
    _store_country_totals(reports)  # and the cached pages showing them are stale
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
