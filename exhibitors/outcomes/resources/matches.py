"""A consultation-log row that repeats a consultation made at the expo (a meeting held, a booth
log: same day, same buyer organisation whatever its case and spaces, same country) updates that
row and confirms it instead of adding a second one (:class:`ExpoMatches`), and the upload says
so (:class:`LogMatch`)."""

import datetime
from dataclasses import dataclass

from django.utils.translation import gettext as _
from import_export.results import RowResult

from exhibitors.outcomes.models import Consultation, ConsultationSource
from portal.spreadsheets import cell_text


def _match_key(met_on, organisation, country):
    """What makes a spreadsheet row the same consultation as a row from the expo: the date,
    the buyer's organisation (whatever its case and spaces) and its country."""
    return (met_on, "".join(str(organisation).split()).casefold(), str(country))


#: The sources of the rows made at the expo, which a spreadsheet row of the same buyer on the
#: same day updates instead of adding a second consultation.
EXPO_SOURCES = (ConsultationSource.MEETING, ConsultationSource.BOOTH)
#: What such a spreadsheet row writes into the row it matches (``ConsultationResource``).
MATCH_UPDATE_FIELDS = [
    "amount_usd",
    "expected_contract_usd",
    "stage",
    "product",
    "note",
    "needs_confirmation",
]


@dataclass(frozen=True)
class LogMatch:
    """A spreadsheet row that was already in the report as a meeting or a booth log: it updated
    that row's amounts instead of adding a consultation. Reads as a sentence in the active
    language."""

    row: int
    source: str
    buyer: str
    met_on: datetime.date

    def __str__(self):
        values = {"row": self.row, "buyer": self.buyer, "date": self.met_on.isoformat()}
        if self.source == ConsultationSource.MEETING:
            return (
                _(
                    "Row %(row)s matches the meeting with %(buyer)s on %(date)s: its amounts "
                    "were updated, no new consultation."
                )
                % values
            )
        return (
            _(
                "Row %(row)s matches the consultation logged at the booth with %(buyer)s on "
                "%(date)s: its amounts were updated, no new consultation."
            )
            % values
        )


class ExpoMatches:
    """The consultation resource's matching of rows from the expo (a mixin of
    ``ConsultationResource``): the report's meeting and booth rows are read once per report,
    each matched at most once; a matching spreadsheet row updates :data:`MATCH_UPDATE_FIELDS`
    of it (amounts always, the stage if the cell is filled, product and note if empty) and is
    reported as an update."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._expo_rows = {}  # report id -> {match key: [its rows from the expo, unmatched]}
        self._matched_numbers = set()  # the numbers of the rows that matched one
        #: The rows that matched a row from the expo (:class:`LogMatch`), in row order.
        self.matches = []

    def _load_expo_rows(self, reports):
        """The rows from the expo of ``reports`` (those not read yet), by match key: one query."""
        ids = {report.pk for report in reports} - set(self._expo_rows)
        if not ids:
            return
        for report_id in ids:
            self._expo_rows[report_id] = {}
        for row in Consultation.objects.filter(report_id__in=ids, source__in=EXPO_SOURCES).order_by(
            "met_on", "pk"
        ):
            key = _match_key(row.met_on, row.buyer_organisation, row.buyer_country)
            self._expo_rows[row.report_id].setdefault(key, []).append(row)

    def _expo_match(self, instance):
        """The first unmatched row from the expo that ``instance`` repeats, taken, or None."""
        self._load_expo_rows([instance.report])
        rows = self._expo_rows[instance.report.pk].get(
            _match_key(instance.met_on, instance.buyer_organisation, instance.buyer_country)
        )
        return rows.pop(0) if rows else None

    def save_instance(self, instance, is_create, row, **kwargs):
        """A new row, or, if it repeats a row from the expo, that row updated and confirmed."""
        matched = getattr(instance, "matched", None)
        if matched is None:
            return super().save_instance(instance, is_create, row, **kwargs)
        matched.amount_usd = instance.amount_usd
        matched.expected_contract_usd = instance.expected_contract_usd
        if cell_text(row.get("stage")):
            matched.stage = instance.stage
        if instance.product and not matched.product:
            matched.product = instance.product
        if instance.note and not matched.note:
            matched.note = instance.note
        matched.needs_confirmation = False
        number = kwargs["row_number"]
        self._matched_numbers.add(number)
        self.matches.append(
            LogMatch(number + 1, matched.source, matched.buyer_organisation, matched.met_on)
        )
        return super().save_instance(matched, False, row, **kwargs)

    def after_import_row(self, row, row_result, **kwargs):
        super().after_import_row(row, row_result, **kwargs)
        if kwargs.get("row_number") in self._matched_numbers:
            row_result.import_type = RowResult.IMPORT_TYPE_UPDATE

    def get_bulk_update_fields(self):
        """Only a row from the expo is ever updated, with :data:`MATCH_UPDATE_FIELDS`."""
        return MATCH_UPDATE_FIELDS
