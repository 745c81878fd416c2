"""The figures as files: the dashboard's and the published figures' workbooks (numbers as
numbers with number formats, text never a formula) and the plain-text and JSON reports of
``pavilion_report``."""

import io
from collections.abc import Iterable

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries
from openpyxl import Workbook

from exhibitors.outcomes.figures import Figures, figures_totals
from exhibitors.outcomes.selectors import FrozenFigures
from exhibitors.outcomes.wording import summary_en, summary_ko
from portal.i18n import content_language, localized
from portal.spreadsheets import FORMULA_PREFIXES


def report_text(figures: Figures) -> str:
    """The figures as a short plain-text report."""
    data = figures_totals(figures)
    yoy = data["yoy"]
    lines = [
        f"{figures.event.name_en} · {figures.pavilion.name_en}",
        f"  exhibitors (companies)      {data['exhibitors']}",
        f"  co-exhibitors               {figures.co_exhibitors}",
        f"  consultations               {data['consultations']}",
        f"  consultation amount (USD)   {data['consultation_amount_usd']}",
        f"  consultation amount (KRW)   {data['consultation_amount_krw']}"
        f"  (at {figures.event.usd_krw_rate} KRW/USD)",
        f"  expected contracts (USD)    {data['expected_contract_usd']}",
        f"  on-site contracts           {data['onsite_contracts']}"
        f" (USD {data['onsite_contract_usd']})",
        f"  MOUs                        {data['mous']}",
    ]
    if data["previous_event"]:
        lines.append(
            f"  vs {data['previous_event']}: consultations {yoy['consultations_delta']:+d}, "
            # no ratio when the previous edition's amount was 0
            f"amount x{yoy['amount_ratio'] or '-'}"
        )
    lines += ["", data["summary_ko"], "", data["summary_en"]]
    return "\n".join(lines)


#: Number formats of the workbooks' cells.
COUNT_FORMAT = "#,##0"
MONEY_FORMAT = "#,##0"
RATE_FORMAT = "#,##0.00"
RATIO_FORMAT = "0.00"
DELTA_FORMAT = "+#,##0;-#,##0;0"
WHEN_FORMAT = "yyyy-mm-dd hh:mm"


def _write_row(sheet, values, formats=None):
    """Append a row: numbers stay numbers with their number format (``formats``, by column),
    text is a text cell, never a formula (what Excel would run as one is marked as text with
    the cell's quote prefix, the apostrophe not written into the value)."""
    sheet.append(list(values))
    for column, cell in enumerate(sheet[sheet.max_row], start=1):
        if isinstance(cell.value, str):
            cell.data_type = "s"
            if cell.value.startswith(FORMULA_PREFIXES):
                cell.quotePrefix = True
        elif cell.value is not None and formats and formats[column - 1]:
            cell.number_format = formats[column - 1]


def _sheet(book, title, headers, rows, formats):
    sheet = book.create_sheet(str(title)[:31])
    _write_row(sheet, [str(header) for header in headers])
    sheet.freeze_panes = "A2"
    for values in rows:
        _write_row(sheet, values, formats)
    sheet.column_dimensions["A"].width = 40
    return sheet


def _totals_rows(*, event_name, totals, previous_name, delta, ratio, summary_ko, summary_en):
    """The Totals sheet's rows: (label, value, number format), labels in the active language."""
    return [
        (pgettext("workbook", "Event"), event_name, None),
        (_("Exhibitors (companies)"), totals["exhibitors"], COUNT_FORMAT),
        (_("Co-exhibitors"), totals["co_exhibitors"], COUNT_FORMAT),
        (_("Approved reports"), totals["reports_approved"], COUNT_FORMAT),
        (_("Export consultations"), totals["consultations"], COUNT_FORMAT),
        (_("Consultation amount (USD)"), totals["consultation_amount_usd"], MONEY_FORMAT),
        (_("Consultation amount (KRW)"), totals["consultation_amount_krw"], MONEY_FORMAT),
        (_("USD to KRW rate"), totals["usd_krw_rate"], RATE_FORMAT),
        (_("Expected contracts (USD)"), totals["expected_contract_usd"], MONEY_FORMAT),
        (_("Contracts signed on site"), totals["onsite_contracts"], COUNT_FORMAT),
        (_("Contracts signed on site (USD)"), totals["onsite_contract_usd"], MONEY_FORMAT),
        (_("MOUs signed"), totals["mous"], COUNT_FORMAT),
        (_("Previous edition"), previous_name, None),
        (_("Consultations compared with the previous edition"), delta, DELTA_FORMAT),
        (_("Amount compared with the previous edition (ratio)"), ratio, RATIO_FORMAT),
        (_("Press summary (Korean)"), summary_ko, None),
        (_("Press summary (English)"), summary_en, None),
    ]


def _totals_sheet(book, rows):
    sheet = book.active
    sheet.title = str(pgettext("workbook", "Totals"))[:31]
    _write_row(sheet, [str(pgettext("workbook", "Figure")), str(pgettext("workbook", "Value"))])
    for label, value, number_format in rows:
        _write_row(sheet, [str(label), value], [None, number_format])
    sheet.column_dimensions["A"].width = 45
    sheet.column_dimensions["B"].width = 20
    return sheet


def _workbook_bytes(book):
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def figures_xlsx(figures: Figures, extra_sheets: Iterable[tuple] = ()) -> bytes:
    """The dashboard's figures as a workbook, headers and labels in the active language:
    totals, per exhibitor, per buyer country, per theme, then ``extra_sheets`` (what the
    packages above add to the dashboard: ``(title, headers, rows, number formats)`` each).
    Counts and amounts are numbers with number formats; text cells are never formulas."""
    event, previous = figures.event, figures.previous
    book = Workbook()
    _totals_sheet(
        book,
        _totals_rows(
            event_name=event.name,
            totals={
                "exhibitors": figures.exhibitors,
                "co_exhibitors": figures.co_exhibitors,
                "reports_approved": figures.reports_approved,
                "consultations": figures.consultations,
                "consultation_amount_usd": figures.consultation_amount_usd,
                "consultation_amount_krw": figures.consultation_amount_krw,
                "usd_krw_rate": event.usd_krw_rate,
                "expected_contract_usd": figures.expected_contract_usd,
                "onsite_contracts": figures.onsite_contracts,
                "onsite_contract_usd": figures.onsite_contract_usd,
                "mous": figures.mous,
            },
            previous_name=previous.event.name if previous else None,
            delta=figures.consultations_delta,
            ratio=figures.amount_ratio,
            summary_ko=summary_ko(figures),
            summary_en=summary_en(figures),
        ),
    )
    korean = content_language() == "ko"
    _sheet(
        book,
        pgettext("workbook", "Exhibitors"),
        [
            _("Exhibitor"),
            _("Theme"),
            _("consultations"),
            _("amount (USD)"),
            _("expected contract amount (USD)"),
            _("MOUs"),
            _("contracts signed on site"),
            _("contracts signed on site (USD)"),
        ],
        (
            [
                row["exhibitor"].company.name,
                (row["exhibitor"].theme_ko if korean else None) or row["theme"],
                row["consultations"],
                row["amount_usd"],
                row["expected_usd"],
                row["mous"],
                row["contracts"],
                row["contract_usd"],
            ]
            for row in figures.by_exhibitor
        ),
        [
            None,
            None,
            COUNT_FORMAT,
            MONEY_FORMAT,
            MONEY_FORMAT,
            COUNT_FORMAT,
            COUNT_FORMAT,
            MONEY_FORMAT,
        ],
    )
    _sheet(
        book,
        pgettext("workbook", "Buyer countries"),
        [
            _("country"),
            _("ISO code"),
            _("consultations"),
            _("amount (USD)"),
            _("expected contract amount (USD)"),
        ],
        (
            [
                countries.name(row["buyer_country"]) or row["buyer_country"],
                row["buyer_country"],
                row["n"],
                row["amount"],
                row["expected"],
            ]
            for row in figures.by_country
        ),
        [None, None, COUNT_FORMAT, MONEY_FORMAT, MONEY_FORMAT],
    )
    _sheet(
        book,
        pgettext("workbook", "Themes"),
        [
            _("Theme"),
            _("exhibitors"),
            _("consultations"),
            _("amount (USD)"),
            _("expected contract amount (USD)"),
        ],
        (
            [
                localized(row["theme_ko"], row["theme"]) or "—",
                row["exhibitors"],
                row["n"],
                row["amount"],
                row["expected"],
            ]
            for row in figures.by_theme
        ),
        [None, COUNT_FORMAT, COUNT_FORMAT, MONEY_FORMAT, MONEY_FORMAT],
    )
    for title, headers, rows, formats in extra_sheets:
        _sheet(book, title, headers, rows, formats)
    return _workbook_bytes(book)


def published_json(published: FrozenFigures) -> dict:
    """``pavilion_report --published --format json``: :func:`figures_totals` of the published
    figures and which publication it is."""
    return {**figures_totals(published), "publication": published.publication_json()}


def published_text(published: FrozenFigures) -> str:
    """``pavilion_report --published``: the published figures as a short plain-text report."""
    data = figures_totals(published)
    info = published.publication_json()
    lines = [
        f"{published.event_slug} · published figures, version {info['version']} "
        f"({info['kind']}, {info['published_at']})",
        f"  exhibitors (companies)      {data['exhibitors']}",
        f"  co-exhibitors               {published.co_exhibitors}",
        f"  consultations               {data['consultations']}",
        f"  consultation amount (USD)   {data['consultation_amount_usd']}",
        f"  consultation amount (KRW)   {data['consultation_amount_krw']}"
        f"  (at {published.usd_krw_rate} KRW/USD)",
        f"  expected contracts (USD)    {data['expected_contract_usd']}",
        f"  on-site contracts           {data['onsite_contracts']}"
        f" (USD {data['onsite_contract_usd']})",
        f"  MOUs                        {data['mous']}",
    ]
    if data["previous_event"]:
        yoy = data["yoy"]
        lines.append(
            f"  vs {data['previous_event']}: consultations {yoy['consultations_delta']:+d}, "
            f"amount x{yoy['amount_ratio'] or '-'}"
        )
    lines += ["", data["summary_ko"], "", data["summary_en"]]
    return "\n".join(lines)


def published_xlsx(published: FrozenFigures) -> bytes:
    """The published figures as a workbook (as :func:`figures_xlsx`): totals with the
    publication's version and date, and the tables the results page shows."""
    previous = published.previous
    book = Workbook()
    rows = _totals_rows(
        event_name=published.publication.pavilion.event.name,
        totals=published.totals,
        previous_name=localized(previous["name_ko"], previous["name_en"]) if previous else None,
        delta=published.consultations_delta,
        ratio=published.amount_ratio,
        summary_ko=published.summary_ko,
        summary_en=published.summary_en,
    )
    publication = published.publication
    rows[1:1] = [
        (pgettext("workbook", "Version"), publication.version, COUNT_FORMAT),
        (
            publication.get_kind_display(),
            timezone.localtime(publication.published_at).replace(tzinfo=None),
            WHEN_FORMAT,
        ),
    ]
    _totals_sheet(book, rows)
    _sheet(
        book,
        pgettext("workbook", "Exhibitors"),
        [_("Exhibitor"), _("Product"), _("Theme"), _("amount (USD)")],
        (
            [
                localized(row["name_ko"], row["name_en"]),
                localized(row["product_ko"], row["product_en"]),
                localized(row["theme_ko"], row["theme_en"]),
                row["amount_usd"],
            ]
            for row in published.exhibitors_listed
        ),
        [None, None, None, MONEY_FORMAT],
    )
    _sheet(
        book,
        _("MOUs by partner country"),
        [_("country"), _("ISO code"), _("MOUs")],
        (
            [countries.name(row["country"]) or row["country"], row["country"], row["n"]]
            for row in published.mous_by_country
        ),
        [None, None, COUNT_FORMAT],
    )
    return _workbook_bytes(book)
