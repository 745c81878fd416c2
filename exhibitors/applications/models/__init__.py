"""The applications' models, one module per subject, gathered here so that the rest of the code
(and the migrations) import them from ``exhibitors.applications.models``."""

from exhibitors.applications.models.application import (
    INTRODUCTION_MAX_BYTES,
    PRODUCT_IMAGE_MAX_BYTES,
    Application,
    ApplicationQuerySet,
    BoothPreference,
    RankedApplication,
    Reminder,
    StatusChange,
    application_upload_to,
    ranking_order,
)
from exhibitors.applications.models.consent import Consent, ConsentKind
from exhibitors.applications.models.review import (
    DEFAULT_CRITERIA,
    Criterion,
    Review,
    ReviewQuerySet,
    Score,
)
from exhibitors.applications.models.status import (
    ACTIVE_STATES,
    FINAL_STATES,
    PLACE_HOLDING_STATES,
    REVIEWABLE_STATES,
    TRANSITIONS,
    ApplicationStatus,
    Decision,
)

__all__ = [
    "ACTIVE_STATES",
    "DEFAULT_CRITERIA",
    "FINAL_STATES",
    "INTRODUCTION_MAX_BYTES",
    "PLACE_HOLDING_STATES",
    "PRODUCT_IMAGE_MAX_BYTES",
    "REVIEWABLE_STATES",
    "TRANSITIONS",
    "Application",
    "ApplicationQuerySet",
    "ApplicationStatus",
    "BoothPreference",
    "Consent",
    "ConsentKind",
    "Criterion",
    "Decision",
    "RankedApplication",
    "Reminder",
    "Review",
    "ReviewQuerySet",
    "Score",
    "StatusChange",
    "application_upload_to",
    "ranking_order",
]
