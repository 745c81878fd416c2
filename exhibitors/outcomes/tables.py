"""The table of a report's consultations, one page of it, as HTML: on the exhibitor's report
page (with "Change" and "Remove" while the report may be changed) and on the admin's page of
the report (read only). Each row says where it came from (the report's form, a spreadsheet, a
meeting, the booth) and whether its amounts wait for the exhibitor to confirm them. Written in
Python with ``format_html`` (every value escaped as the template would), not row by row in the
template language, which took most of the page's time for 50 rows."""

from django.utils.formats import number_format
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import pgettext
from django_countries import countries

from exhibitors.outcomes.models import BuyerType, ConsultationSource, ConsultationStage

#: The badge of each source (Bootstrap's colours; the admin shows the label alone).
SOURCE_BADGES = {
    ConsultationSource.FORM: "text-bg-light border",
    ConsultationSource.SPREADSHEET: "text-bg-secondary",
    ConsultationSource.MEETING: "text-bg-primary",
    ConsultationSource.BOOTH: "text-bg-info",
}


def _amount(value):
    return number_format(value, decimal_pos=2, use_l10n=True, force_grouping=True)


def consultation_rows(consultations, *, edit_prefix=None, query=""):
    """The ``<tr>`` of each consultation. ``edit_prefix``: the address the rows' own pages
    start with (``/reports/<exhibitor>/consultations/``), if they may be changed; ``query``:
    the page and search to come back to, kept on those links."""
    buyer_types = dict(BuyerType.choices)
    stages = dict(ConsultationStage.choices)
    names = {}
    suffix = f"?{query}" if query else ""
    change, remove = pgettext("a row of a table", "Change"), _("Remove")
    confirm, to_confirm = _("Confirm or correct"), _("to confirm")
    sources = {
        source: format_html(
            '<span class="badge {}" data-source="{}">{}</span>', css, source.value, source.label
        )
        for source, css in SOURCE_BADGES.items()
    }
    waiting = format_html(
        '<span class="badge text-bg-warning" data-to-confirm>{}</span>', to_confirm
    )
    rows = []
    for row in consultations:
        code = str(row.buyer_country)
        if code not in names:
            names[code] = countries.name(code) or code
        actions = ""
        if edit_prefix:
            actions = format_html(
                '<td class="text-nowrap"><a href="{}{}/{}">{}</a> · '
                '<a class="link-danger" href="{}{}/delete/{}">{}</a></td>',
                edit_prefix,
                row.pk,
                suffix,
                confirm if row.needs_confirmation else change,
                edit_prefix,
                row.pk,
                suffix,
                remove,
            )
        rows.append(
            format_html(
                '<tr data-consultation="{}"><td class="text-nowrap">{}</td><td>{}</td>'
                "<td>{}</td><td>{}</td><td>{}</td>"
                '<td class="text-end">{}</td><td class="text-end">{}</td><td>{}</td><td>{}</td>'
                "<td>{} {}</td>{}</tr>",
                row.pk,
                row.met_on.isoformat(),
                row.buyer_organisation,
                names[code],
                buyer_types.get(row.buyer_type, row.buyer_type),
                row.product,
                _amount(row.amount_usd),
                _amount(row.expected_contract_usd),
                stages.get(row.stage, row.stage),
                row.note,
                sources.get(row.source, row.source),
                waiting if row.needs_confirmation else "",
                actions,
            )
        )
    return mark_safe("\n".join(rows))  # noqa: S308 - every row is escaped above
