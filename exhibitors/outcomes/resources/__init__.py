"""The consultation log by spreadsheet, gathered here so that callers (and ``manage.py import
exhibitors.outcomes.resources.ConsultationResource``) import it from
``exhibitors.outcomes.resources``: the resource and its import into one report
(:mod:`.consultations`), the rows from the expo a row may repeat (:mod:`.matches`), the
report each row goes into (:mod:`.reports`), the columns'
widgets (:mod:`.widgets`), and the columns explained and the template (:mod:`.template`)."""

from exhibitors.outcomes.resources.consultations import (
    ConsultationResource,
    LogImport,
    consultation_log_import,
)
from exhibitors.outcomes.resources.matches import (
    EXPO_SOURCES,
    MATCH_UPDATE_FIELDS,
    ExpoMatches,
    LogMatch,
)
from exhibitors.outcomes.resources.template import (
    CONSULTATION_SHEET,
    LogColumn,
    consultation_log_guide,
    consultation_template,
)
from exhibitors.outcomes.resources.widgets import (
    DATE_FORMATS,
    CountryWidget,
    LabelChoiceWidget,
    SpreadsheetDateWidget,
)

__all__ = [
    "CONSULTATION_SHEET",
    "DATE_FORMATS",
    "EXPO_SOURCES",
    "ExpoMatches",
    "MATCH_UPDATE_FIELDS",
    "ConsultationResource",
    "CountryWidget",
    "LabelChoiceWidget",
    "LogColumn",
    "LogImport",
    "LogMatch",
    "SpreadsheetDateWidget",
    "consultation_log_guide",
    "consultation_log_import",
    "consultation_template",
]
