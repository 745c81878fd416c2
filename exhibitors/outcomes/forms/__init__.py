"""Forms of the outcome report an exhibitor files on the portal: the report's own fields (the
survey and the consent to publish), one formset per kind of row, and the consultation-log
upload. They validate and shape input; saving goes through ``services.report_save`` (:func:`report_changes`) and
``resources.consultation_log_import``.

Gathered here so that callers import them from ``exhibitors.outcomes.forms``: the report's form
and its formsets (:mod:`.report`), the rows' forms (:mod:`.rows`), the widgets written out in
Python (:mod:`.widgets`) and the upload (:mod:`.upload`)."""

from exhibitors.outcomes.forms.report import (
    EXTRA_ROWS,
    MAX_CONTRACTS,
    MAX_EXTRA_ROWS,
    MAX_MOUS,
    ROW_KINDS,
    SCORE_CHOICES,
    FollowUpFormSet,
    NewRowsFormSet,
    ReportForm,
    RowFormSet,
    RowKind,
    report_changes,
    report_formsets,
    row_html,
)
from exhibitors.outcomes.forms.rows import (
    ConsultationForm,
    FollowUpForm,
    MouForm,
    OnSiteContractForm,
    RowForm,
)
from exhibitors.outcomes.forms.upload import (
    UPLOAD_MAX_BYTES,
    UPLOAD_MAX_ROWS,
    ConsultationUploadForm,
)
from exhibitors.outcomes.forms.widgets import (
    FAST_WIDGETS,
    CountrySelect,
    FastDateInput,
    FastHiddenInput,
    FastInput,
    FastNumberInput,
    FastSelect,
    FastTextInput,
    ScanInput,
)

__all__ = [
    "EXTRA_ROWS",
    "FAST_WIDGETS",
    "MAX_CONTRACTS",
    "MAX_EXTRA_ROWS",
    "MAX_MOUS",
    "ROW_KINDS",
    "SCORE_CHOICES",
    "UPLOAD_MAX_BYTES",
    "UPLOAD_MAX_ROWS",
    "ConsultationForm",
    "ConsultationUploadForm",
    "CountrySelect",
    "FastDateInput",
    "FastHiddenInput",
    "FastInput",
    "FastNumberInput",
    "FastSelect",
    "FastTextInput",
    "FollowUpForm",
    "FollowUpFormSet",
    "MouForm",
    "NewRowsFormSet",
    "OnSiteContractForm",
    "ReportForm",
    "RowForm",
    "RowFormSet",
    "RowKind",
    "ScanInput",
    "report_changes",
    "report_formsets",
    "row_html",
]
