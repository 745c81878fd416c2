"""Outcome reports: opening, filing, the exhibitor's edits, and review by staff.

Each status move is one service here (``report_submit``, ``report_approve``,
``report_return``); each takes the pavilion lock (:func:`events.locks.pavilion_lock`) first and
then the report's row, the order every writer of a pavilion keeps. The figures are in
:mod:`exhibitors.outcomes.figures`, their wording in :mod:`~exhibitors.outcomes.wording`, the
workbooks and reports in :mod:`~exhibitors.outcomes.exports`, the pages' reads in
:mod:`~exhibitors.outcomes.selectors`.
"""

from exhibitors.outcomes.services.common import (
    FOLLOW_UP_PERIOD_DAYS,
    ZERO,
    ReportRefused,
    report_can_edit,
    report_can_open,
    report_get_or_create,
)
from exhibitors.outcomes.services.moves import (
    TOTAL_FIELDS,
    report_approve,
    report_return,
    report_submit,
    report_submit_refusals,
    report_to_confirm_count,
    report_totals_store,
)
from exhibitors.outcomes.services.rows import (
    consultation_delete,
    consultation_save,
    consultations_confirm,
    report_save,
)
from exhibitors.outcomes.services.rules import (
    report_date_refusals,
    report_edit_refusals,
    report_lock_for_edit,
    report_open_refusals,
    report_period,
    reports_get_or_create,
    reports_lock_for_edit,
)

__all__ = [
    "FOLLOW_UP_PERIOD_DAYS",
    "ReportRefused",
    "TOTAL_FIELDS",
    "ZERO",
    "consultation_delete",
    "consultation_save",
    "consultations_confirm",
    "report_approve",
    "report_can_edit",
    "report_can_open",
    "report_date_refusals",
    "report_edit_refusals",
    "report_get_or_create",
    "report_lock_for_edit",
    "report_open_refusals",
    "report_period",
    "report_return",
    "report_save",
    "report_submit",
    "report_submit_refusals",
    "report_to_confirm_count",
    "report_totals_store",
    "reports_get_or_create",
    "reports_lock_for_edit",
]
