"""Each report's consultation totals are stored when it is approved, and the pavilion's
figures add those up (issue 8): reopening a report and approving it again with other rows
changes the figures by exactly those rows."""

from decimal import Decimal

import pytest

from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.figures import pavilion_figures, series_figures
from exhibitors.outcomes.models import Consultation, ReportStatus
from tests.exhibitors.reporting import filed, two_editions

pytestmark = pytest.mark.django_db


def test_approval_stores_the_reports_totals():
    _previous, pavilion = two_editions()
    report = filed(pavilion, [1000, 2500], expected=400)
    assert report.total_consultations == 2
    assert report.total_amount_usd == Decimal("3500.00")
    assert report.total_expected_usd == Decimal("800.00")
    pending = filed(pavilion, [7000], status=ReportStatus.SUBMITTED)
    assert pending.total_consultations == 0  # not approved: nothing stored, nothing counted


def test_a_report_reopened_and_approved_again_counts_its_new_rows():
    previous, pavilion = two_editions()
    filed(previous, [100])
    report = filed(pavilion, [1000, 2500])
    figures = pavilion_figures(pavilion)
    assert (figures.consultations, figures.consultation_amount_usd) == (2, Decimal(3500))

    outcomes.report_return(report=report, user=None, comment="One meeting is missing.")
    assert pavilion_figures(pavilion).consultations == 0  # returned: not counted
    Consultation.objects.create(
        report=report,
        met_on=pavilion.event.starts_on,
        buyer_organisation="Late buyer",
        buyer_country="DE",
        amount_usd=Decimal(500),
    )
    outcomes.report_submit(report=report, user=None)
    outcomes.report_approve(report=report, user=None)

    for tables in (False, True):
        figures = pavilion_figures(pavilion, tables=tables)
        assert figures.consultations == 3
        assert figures.consultation_amount_usd == Decimal(4000)
        assert figures.previous.consultations == 1
    by_country = {row["buyer_country"]: (row["n"], row["amount"]) for row in figures.by_country}
    assert by_country == {"ES": (2, Decimal(3500)), "DE": (1, Decimal(500))}
    assert [row["consultations"] for row in figures.by_exhibitor] == [3]
    chart = series_figures(pavilion.event.series)
    assert [row["consultations"] for row in chart] == [1, 3]
