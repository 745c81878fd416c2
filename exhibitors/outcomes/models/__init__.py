"""The outcome reports' models, one module per subject, gathered here so that the rest of the
code (and the migrations) import them from ``exhibitors.outcomes.models``."""

from exhibitors.outcomes.models.records import Consultation, FollowUp, Mou, OnSiteContract
from exhibitors.outcomes.models.reports import (
    FiguresPublication,
    OutcomeReport,
    OutcomeReportQuerySet,
    ReportCountryTotal,
)
from exhibitors.outcomes.models.vocabulary import (
    CONSULTATION_COLUMNS,
    CONSULTATION_FIELDS,
    CONSULTATION_REQUIRED_FIELDS,
    REPORT_EDITABLE_STATES,
    REPORT_TRANSITIONS,
    SCAN_MAX_BYTES,
    USD,
    BuyerType,
    ConsultationSource,
    ConsultationStage,
    PublicationKind,
    ReportStatus,
    approved_q,
)

__all__ = [
    "CONSULTATION_COLUMNS",
    "CONSULTATION_FIELDS",
    "CONSULTATION_REQUIRED_FIELDS",
    "REPORT_EDITABLE_STATES",
    "REPORT_TRANSITIONS",
    "SCAN_MAX_BYTES",
    "USD",
    "BuyerType",
    "Consultation",
    "ConsultationSource",
    "ConsultationStage",
    "FiguresPublication",
    "FollowUp",
    "Mou",
    "OnSiteContract",
    "OutcomeReport",
    "OutcomeReportQuerySet",
    "PublicationKind",
    "ReportCountryTotal",
    "ReportStatus",
    "approved_q",
]
