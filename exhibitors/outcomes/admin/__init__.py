"""The back office of outcome reports: staff read the reports, approve them or return them
with a comment; only approved reports count in the pavilion's figures.

Gathered here (importing this package registers the admins): the reports (:mod:`.reports`)
and their actions (:mod:`.report_actions`), the reports' rows and the publication log, read
only (:mod:`.records`), and the pavilion dashboard (:mod:`.dashboard`)."""

from exhibitors.outcomes.admin.dashboard import (
    TOTAL_LABELS,
    can_view_outcomes,
    dashboard_view,
    dashboard_xlsx,
    publish_revised_view,
)
from exhibitors.outcomes.admin.records import (
    ConsultationAdmin,
    FiguresPublicationAdmin,
    FollowUpAdmin,
    MouAdmin,
    OnSiteContractAdmin,
    PublishedPavilionFilter,
    ReadOnlyAdmin,
)
from exhibitors.outcomes.admin.report_actions import ReportActions, ReturnForm
from exhibitors.outcomes.admin.reports import (
    FollowUpInline,
    MouInline,
    OnSiteContractInline,
    OutcomeReportAdmin,
    ReadOnlyInline,
)

__all__ = [
    "TOTAL_LABELS",
    "ConsultationAdmin",
    "FiguresPublicationAdmin",
    "FollowUpAdmin",
    "FollowUpInline",
    "MouAdmin",
    "MouInline",
    "OnSiteContractAdmin",
    "OnSiteContractInline",
    "OutcomeReportAdmin",
    "PublishedPavilionFilter",
    "ReadOnlyAdmin",
    "ReadOnlyInline",
    "ReportActions",
    "ReturnForm",
    "can_view_outcomes",
    "dashboard_view",
    "dashboard_xlsx",
    "publish_revised_view",
]
