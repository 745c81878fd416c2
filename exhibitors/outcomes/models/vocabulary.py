"""The outcome reports' vocabulary: statuses and the moves between them, what counts
(``approved_q``), buyer types, where a consultation came from, its stages, the consultation
columns (defined once, for the admin, the report form and the spreadsheet), publication kinds."""

from decimal import Decimal

from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

SCAN_MAX_BYTES = 10 * 1024 * 1024


class ReportStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned for changes")
    APPROVED = "approved", _("Approved")


#: The only moves a report's status can make (``exhibitors.outcomes.services`` moves it).
REPORT_TRANSITIONS = {
    ReportStatus.DRAFT: {ReportStatus.SUBMITTED},
    ReportStatus.SUBMITTED: {ReportStatus.APPROVED, ReportStatus.RETURNED},
    ReportStatus.RETURNED: {ReportStatus.SUBMITTED},
    # Staff may reopen an approved report to correct it; it then counts no longer.
    ReportStatus.APPROVED: {ReportStatus.RETURNED},
}


#: Statuses in which the exhibitor may edit its report.
REPORT_EDITABLE_STATES = frozenset({ReportStatus.DRAFT, ReportStatus.RETURNED})


def approved_q(through: str = "") -> Q:
    """The one rule of what counts: a report counts once approved. As a condition on the
    reports, or, with ``through`` ("report", "exhibitors__report"), on a model that reaches
    them through that path."""
    return Q(**{f"{through}__status" if through else "status": ReportStatus.APPROVED})


class BuyerType(models.TextChoices):
    DISTRIBUTOR = "distributor", _("Distributor")
    END_CUSTOMER = "end_customer", _("End customer")
    INVESTOR = "investor", _("Investor")
    PUBLIC_BODY = "public_body", _("Public body")
    OTHER = "other", _("Other")


class ConsultationSource(models.TextChoices):
    """Where a consultation row came from."""

    FORM = "form", _("Entered on the report")
    SPREADSHEET = "spreadsheet", _("Uploaded spreadsheet")
    MEETING = "meeting", _("Scheduled meeting")
    BOOTH = "booth", _("Logged at the booth")


class ConsultationStage(models.TextChoices):
    CONSULTED = "consulted", _("Consulted")
    NEGOTIATING = "negotiating", _("Negotiating")
    CONTRACTED = "contracted", _("Contracted on site")


#: The columns of a consultation, in the order of the report form, the spreadsheets (import,
#: export, template and its guide) and the admin's list: (field, required in a spreadsheet).
#: Everything that lists a consultation's columns derives them from here.
CONSULTATION_COLUMNS = (
    ("met_on", True),
    ("buyer_organisation", True),
    ("buyer_country", True),
    ("buyer_type", False),
    ("product", False),
    ("amount_usd", True),
    ("expected_contract_usd", False),
    ("stage", False),
    ("note", False),
)
CONSULTATION_FIELDS = tuple(name for name, _required in CONSULTATION_COLUMNS)
CONSULTATION_REQUIRED_FIELDS = tuple(name for name, required in CONSULTATION_COLUMNS if required)

USD = {"max_digits": 14, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class PublicationKind(models.TextChoices):
    PUBLISH = "publish", _("Published")
    REVISION = "revision", _("Revised figures published")
    WITHDRAWAL = "withdrawal", _("Withdrawn")
