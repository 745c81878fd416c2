"""The consultation log explained: its columns as the upload page shows them
(:func:`consultation_log_guide`) and the template workbook (:func:`consultation_template`)."""

import datetime
import io
from dataclasses import dataclass
from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from openpyxl import Workbook

from exhibitors.companies import registration
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import CONSULTATION_COLUMNS, BuyerType, ConsultationStage
from portal.spreadsheets import neutralise_formula

#: The sheet of the consultation-log template that is read: the upload reads it by name, so a
#: workbook saved with another sheet open still imports its consultations.
CONSULTATION_SHEET = "consultations"


@dataclass(frozen=True)
class LogColumn:
    """One column of the consultation log, as the upload page and the template explain it."""

    name: str
    required: bool
    description: str
    #: Every accepted code with its label in the active language (coded columns only).
    values: tuple = ()


_COUNTRY_VALUES = {}  # language -> ((code, name), ...): django-countries' list is fixed


def _country_values():
    language = translation.get_language()
    if language not in _COUNTRY_VALUES:
        _COUNTRY_VALUES[language] = tuple((code, str(name)) for code, name in countries)
    return _COUNTRY_VALUES[language]


def consultation_log_guide(exhibitor=None):
    """The columns of the consultation log in the active language: whether each is required,
    what to write, and every accepted value of the coded columns (stage, buyer type, country).
    For ``exhibitor`` (the upload on its report page) without ``event`` and
    ``registration_number``, and with the report's dates."""
    if exhibitor is not None:
        first, last = outcomes.report_period(exhibitor.pavilion)
        dates = _("from %(first)s to %(last)s") % {
            "first": first.isoformat(),
            "last": last.isoformat(),
        }
    else:
        dates = _("in the expo or the year after it")
    columns = []
    if exhibitor is None:
        columns += [
            LogColumn("event", True, _("The event's slug, e.g. scewc-2024.")),
            LogColumn(
                "registration_number",
                True,
                _(
                    "The exhibitor's business registration number (%(example)s or "
                    "%(digits)s), or a district's name."
                )
                % {
                    "example": registration.EXAMPLE,
                    "digits": registration.normalize(registration.EXAMPLE),
                },
            ),
        ]
    # What to write in each of the consultation's own columns; which they are, their order
    # and whether each is required come from ``CONSULTATION_COLUMNS``.
    explained = {
        "met_on": (
            _("The date of the meeting, %(dates)s: 2024-11-05, 2024.11.05 or an Excel date.")
            % {"dates": dates},
        ),
        "buyer_organisation": (_("The buyer's organisation."),),
        "buyer_country": (
            _("The buyer's country: its ISO code (ES or ESP) or its name in English or Korean."),
            _country_values(),
        ),
        "buyer_type": (
            _("The code or its label, in English or Korean; empty means “%(default)s”.")
            % {"default": BuyerType.OTHER.label},
            tuple((code, str(label)) for code, label in BuyerType.choices),
        ),
        "product": (_("The product or solution discussed."),),
        "amount_usd": (
            _("The consultation amount in US dollars, a plain number: 120000 or 1234.50."),
        ),
        "expected_contract_usd": (_("The expected contract amount in US dollars; empty means 0."),),
        "stage": (
            _("The code or its label, in English or Korean; empty means “%(default)s”.")
            % {"default": ConsultationStage.CONSULTED.label},
            tuple((code, str(label)) for code, label in ConsultationStage.choices),
        ),
        "note": (_("Anything else, at most 500 characters."),),
    }
    columns += [
        LogColumn(name, required, *explained[name]) for name, required in CONSULTATION_COLUMNS
    ]
    return columns


def consultation_template(exhibitor=None):
    """The consultation-log template as XLSX bytes, in the active language. Its first sheet,
    "consultations", holds only the column names: uploaded unchanged it adds nothing. The
    instructions, every accepted value and an example row are on a second sheet, which the
    upload never reads. Made out for ``exhibitor`` (the upload on its report page: no event or
    registration number columns, its report's dates), or for staff (every column)."""
    guide = consultation_log_guide(exhibitor)
    book = Workbook()
    sheet = book.active
    sheet.title = CONSULTATION_SHEET
    sheet.append([column.name for column in guide])
    widths = {"met_on": 12, "buyer_organisation": 28, "product": 24, "note": 30}
    for index, column in enumerate(guide, start=1):
        letter = sheet.cell(row=1, column=index).column_letter
        sheet.column_dimensions[letter].width = widths.get(column.name, 20)
    sheet.freeze_panes = "A2"

    help_sheet = book.create_sheet(_("instructions")[:31])
    add = help_sheet.append
    add([_("How to fill in the consultation log")])
    add(
        [
            _(
                "Write one consultation a row on the sheet “%(sheet)s”, under its first row "
                "(the column names: leave them as they are). This sheet is never imported."
            )
            % {"sheet": CONSULTATION_SHEET}
        ]
    )
    add([])
    add([_("column"), _("required"), _("what to write")])
    for column in guide:
        add([column.name, _("yes") if column.required else _("no"), column.description])
    add([])
    add([_("An example row (for reading only: it is not imported)")])
    example = {
        "event": exhibitor.pavilion.event.slug if exhibitor else "scewc-2024",
        "registration_number": registration.EXAMPLE,
        "met_on": (exhibitor.pavilion.event.starts_on if exhibitor else datetime.date(2024, 11, 5)),
        "buyer_organisation": "Rhein Mobility GmbH",
        "buyer_country": "DE",
        "buyer_type": BuyerType.DISTRIBUTOR.value,
        "product": "Smart parking sensor",
        "amount_usd": Decimal("120000"),
        "expected_contract_usd": Decimal("40000"),
        "stage": ConsultationStage.NEGOTIATING.value,
        "note": "Samples requested",
    }
    add([column.name for column in guide])
    add([neutralise_formula(example[column.name]) for column in guide])
    for cell in help_sheet[help_sheet.max_row]:
        if isinstance(cell.value, datetime.date):
            cell.number_format = "yyyy-mm-dd"
    for column in sorted((c for c in guide if c.values), key=lambda c: len(c.values)):
        if column.values:  # the short lists first, the countries last
            add([])
            add([_("Accepted values of %(column)s") % {"column": column.name}])
            add([_("code"), _("label")])
            for code, label in column.values:
                add([code, label])
    help_sheet.column_dimensions["A"].width = 24
    help_sheet.column_dimensions["B"].width = 24
    help_sheet.column_dimensions["C"].width = 90
    book.active = 0  # the workbook opens on the sheet to fill in
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
