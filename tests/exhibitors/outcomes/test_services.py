"""The report's status moves (each allowed or refused by the table of moves), and each
report's consultation totals are stored when it is approved, and the pavilion's
figures add those up (issue 8): reopening a report and approving it again with other rows
changes the figures by exactly those rows."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.figures import pavilion_figures, series_figures
from exhibitors.outcomes.models import REPORT_TRANSITIONS, Consultation, ReportStatus
from tests.exhibitors.reporting import (
    edition_pavilion,
    filed,
    new_exhibitor,
    new_report,
    two_editions,
)
from tests.factories import SeriesFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def series():
    return SeriesFactory()


@pytest.fixture
def pavilion(series):
    return edition_pavilion(2030, series)


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


# The report's status moves ----------------------------------------------------------------------


def test_the_table_of_moves():
    assert {
        ReportStatus.DRAFT: {ReportStatus.SUBMITTED},
        ReportStatus.SUBMITTED: {ReportStatus.APPROVED, ReportStatus.RETURNED},
        ReportStatus.RETURNED: {ReportStatus.SUBMITTED},
        ReportStatus.APPROVED: {ReportStatus.RETURNED},
    } == REPORT_TRANSITIONS


MOVES = {
    ReportStatus.SUBMITTED: lambda report, staff: outcomes.report_submit(report=report, user=None),
    ReportStatus.APPROVED: lambda report, staff: outcomes.report_approve(report=report, user=staff),
    ReportStatus.RETURNED: lambda report, staff: outcomes.report_return(
        report=report, user=staff, comment="Please check"
    ),
}


@pytest.mark.parametrize("to_status", list(MOVES))
@pytest.mark.parametrize("from_status", list(ReportStatus))
def test_each_move_is_allowed_or_refused_by_the_table(pavilion, from_status, to_status):
    staff = UserFactory(is_staff=True)
    report = new_report(pavilion, [100], status=from_status, staff=staff)
    assert report.status == from_status
    if to_status in REPORT_TRANSITIONS[from_status]:
        MOVES[to_status](report, staff)
        report.refresh_from_db()
        assert report.status == to_status
    else:
        with pytest.raises(outcomes.ReportRefused, match="cannot become"):
            MOVES[to_status](report, staff)
        report.refresh_from_db()
        assert report.status == from_status


def test_submitting_needs_at_least_one_row(pavilion):
    empty = outcomes.report_get_or_create(new_exhibitor(pavilion))
    with pytest.raises(outcomes.ReportRefused, match="at least one"):
        outcomes.report_submit(report=empty, user=None)
    empty.refresh_from_db()
    assert empty.status == ReportStatus.DRAFT and empty.submitted_at is None
    for kwargs in ({"rows": [10]}, {"rows": [], "mous": 1}, {"rows": [], "contracts": [10]}):
        report = new_report(pavilion, status=ReportStatus.SUBMITTED, **kwargs)
        assert report.status == ReportStatus.SUBMITTED and report.submitted_at is not None


def test_returning_needs_a_comment(pavilion):
    report = new_report(pavilion, [100], status=ReportStatus.SUBMITTED)
    for comment in ("", "   ", None):
        with pytest.raises(outcomes.ReportRefused, match="what to change"):
            outcomes.report_return(report=report, user=None, comment=comment)
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.staff_comment == ""


def test_approval_is_recorded_and_cleared_when_staff_reopen_the_report(pavilion):
    staff = UserFactory(is_staff=True)
    report = new_report(pavilion, [100], status=ReportStatus.SUBMITTED)
    approved_at = datetime.datetime(2030, 11, 20, 10, tzinfo=datetime.UTC)
    outcomes.report_approve(report=report, user=staff, now=approved_at)
    assert (report.status, report.approved_by, report.approved_at) == (
        ReportStatus.APPROVED,
        staff,
        approved_at,
    )
    assert not outcomes.report_can_edit(report)
    outcomes.report_return(report=report, user=staff, comment="  Amounts in USD, please  ")
    assert (report.status, report.approved_by, report.approved_at) == (
        ReportStatus.RETURNED,
        None,
        None,
    )
    assert report.staff_comment == "Amounts in USD, please"
    assert outcomes.report_can_edit(report)
    report.refresh_from_db()
    assert (report.status, report.approved_by, report.staff_comment) == (
        ReportStatus.RETURNED,
        None,
        "Amounts in USD, please",
    )


@pytest.mark.parametrize("move", ["submit", "approve", "return"])
def test_each_move_locks_the_pavilion_before_the_report(pavilion, move):
    """The one lock order of a pavilion's writers (``events.locks``): the pavilion's row, then
    the report's, as the publication of the figures takes it."""
    status = ReportStatus.DRAFT if move == "submit" else ReportStatus.SUBMITTED
    report = new_report(pavilion, [100], status=status)
    services = {
        "submit": lambda: outcomes.report_submit(report=report, user=None),
        "approve": lambda: outcomes.report_approve(report=report, user=None),
        "return": lambda: outcomes.report_return(report=report, user=None, comment="Check"),
    }
    with CaptureQueriesContext(connection) as queries:
        services[move]()
    reads = [
        query["sql"] for query in queries.captured_queries if query["sql"].startswith("SELECT")
    ]
    pavilion_read = next(k for k, sql in enumerate(reads) if 'FROM "events_pavilion"' in sql)
    report_read = next(k for k, sql in enumerate(reads) if 'FROM "exhibitors_outcomereport"' in sql)
    assert pavilion_read < report_read
