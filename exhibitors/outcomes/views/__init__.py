"""The exhibitor's side of the outcome report: "My outcome reports", the report page (its
consultations page by page, each changed or removed on its own page; the form with empty rows
for new consultations, the MOUs, contracts and follow-ups, the survey, save and submit), the
consultation-log upload and its template, and the MOU scans.

Like every company-facing view, these work on the requester's own company only (a company or
a co-exhibiting district): another company's report is a 404, never its data. The rules —
when a report opens, when it may be changed, the date period — live in
``exhibitors.outcomes.services``, the lists in ``exhibitors.outcomes.selectors``; saving goes
through ``services.report_save`` and
``resources.consultation_log_import``, each in one transaction under the report's row lock.

Gathered here for ``exhibitors.urls``: the report page, its upload and downloads
(:mod:`.report`, :mod:`.files`), and the pages of one saved consultation
(:mod:`.consultations`).
"""

from exhibitors.outcomes.views.consultations import consultation_delete, consultation_edit
from exhibitors.outcomes.views.files import report_scan, report_template, report_upload
from exhibitors.outcomes.views.report import (
    MORE_ROWS,
    XLSX_TYPE,
    application_report,
    report_confirm_all,
    report_edit,
    report_list,
)

__all__ = [
    "MORE_ROWS",
    "XLSX_TYPE",
    "application_report",
    "consultation_delete",
    "consultation_edit",
    "report_confirm_all",
    "report_edit",
    "report_list",
    "report_scan",
    "report_template",
    "report_upload",
]
