"""The pavilion's meetings funnel (exhibitors.buyers.funnel), on the dashboard and in its
workbook."""

import io
from decimal import Decimal

import openpyxl
import pytest
from django.urls import reverse

from exhibitors.buyers.funnel import pavilion_funnel
from exhibitors.buyers.models import MeetingStatus
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import (
    Consultation,
    ConsultationSource,
    OnSiteContract,
    ReportStatus,
)
from tests.exhibitors.buyers.mtgadmin_factories import a_buyer, a_meeting, a_slot, a_table
from tests.exhibitors.reporting import filed, staff
from tests.factories import CompanyFactory, ExhibitorFactory, PavilionFactory

pytestmark = pytest.mark.django_db


def _row(report, *, country, amount, expected=0, meeting=None):
    return Consultation(
        report=report,
        met_on=report.exhibitor.pavilion.event.starts_on,
        buyer_organisation=meeting.buyer.organisation if meeting else "Walk-in buyer",
        buyer_country=country,
        amount_usd=Decimal(amount),
        expected_contract_usd=Decimal(expected),
        source=ConsultationSource.MEETING if meeting else ConsultationSource.FORM,
        buyer=meeting.buyer if meeting else None,
        meeting=meeting,
    )


def small_world(*, approve=True):
    """Five requests to one exhibitor (one scheduled by staff): three booked, two of them held;
    consultations from both held meetings and one entered on the report's form; an on-site
    contract; a second exhibitor with nothing at all."""
    pavilion = PavilionFactory()
    active = ExhibitorFactory(pavilion=pavilion, company=CompanyFactory(name_ko="가나 스마트"))
    idle = ExhibitorFactory(
        pavilion=pavilion,
        company=CompanyFactory(name_ko="하늘 모빌리티", name_en="Haneul Mobility"),
    )
    poland, germany = a_buyer(country="PL"), a_buyer(country="DE")
    table = a_table(pavilion)
    slots = [a_slot(pavilion, hour=10 + n) for n in range(3)]
    held_pl = a_meeting(active, poland, MeetingStatus.HELD, slot=slots[0], place=table)
    held_de = a_meeting(active, germany, MeetingStatus.HELD, slot=slots[1], place=table)
    accepted = a_meeting(active, poland, MeetingStatus.ACCEPTED, slot=slots[2], place=table)
    accepted.requested_by = staff()  # scheduled by staff on the buyer's behalf
    accepted.save(update_fields=["requested_by"])
    a_meeting(active, germany, MeetingStatus.DECLINED)
    a_meeting(active, poland, MeetingStatus.REQUESTED)
    report = outcomes.report_get_or_create(active)
    Consultation.objects.bulk_create(
        [
            _row(report, country="PL", amount=1000, expected=5000, meeting=held_pl),
            _row(report, country="DE", amount=2000, expected=0, meeting=held_de),
            _row(report, country="JP", amount=500, expected=1500),
        ]
    )
    OnSiteContract.objects.create(report=report, partner="Warsaw", country="PL", amount_usd=800)
    outcomes.report_submit(report=report, user=None)
    if approve:
        outcomes.report_approve(report=report, user=None)
    return pavilion, active, idle


def test_the_funnel_counts_each_step_per_exhibitor():
    pavilion, active, idle = small_world()
    funnel = pavilion_funnel(pavilion)
    rows = {row.exhibitor: row for row in funnel.by_exhibitor}
    mine = rows[active]
    assert (mine.requested, mine.accepted, mine.held) == (5, 3, 2)
    assert (mine.consultations, mine.from_meetings) == (3, 2)
    assert (mine.amount_usd, mine.expected_usd) == (3500, 6500)
    assert (mine.contracts, mine.contract_usd) == (1, 800)
    assert (mine.accepted_rate, mine.held_rate, mine.consultation_rate) == (
        Decimal("60.0"),
        Decimal("66.7"),
        Decimal("100.0"),
    )
    nothing = rows[idle]
    assert (nothing.requested, nothing.accepted, nothing.held, nothing.consultations) == (0,) * 4
    assert (nothing.amount_usd, nothing.contracts) == (0, 0)
    assert nothing.accepted_rate is None and nothing.consultation_rate is None
    total = funnel.total
    assert (total.requested, total.accepted, total.held, total.consultations) == (5, 3, 2, 3)
    assert (total.amount_usd, total.expected_usd, total.contract_usd) == (3500, 6500, 800)


def test_the_funnel_counts_each_step_per_buyer_country():
    pavilion, _active, _idle = small_world()
    rows = {row.country: row for row in pavilion_funnel(pavilion).by_country}
    assert set(rows) == {"PL", "DE", "JP"}
    pl, de, jp = rows["PL"], rows["DE"], rows["JP"]
    assert (pl.requested, pl.accepted, pl.held, pl.consultations, pl.contracts) == (3, 2, 1, 1, 1)
    assert (de.requested, de.accepted, de.held, de.consultations, de.contracts) == (2, 1, 1, 1, 0)
    # A booth encounter with a Japanese buyer: no meeting, one consultation.
    assert (jp.requested, jp.held, jp.consultations, jp.amount_usd) == (0, 0, 1, 500)
    assert jp.accepted_rate is None
    assert sum(row.requested for row in rows.values()) == 5
    assert sum(row.amount_usd for row in rows.values()) == 3500


def test_consultations_count_once_the_report_is_approved():
    pavilion, active, _idle = small_world(approve=False)
    funnel = pavilion_funnel(pavilion)
    assert (funnel.total.held, funnel.total.consultations, funnel.total.pending) == (2, 0, 3)
    assert funnel.total.contracts == 0
    outcomes.report_approve(report=active.report, user=None)
    funnel = pavilion_funnel(pavilion)
    assert (funnel.total.consultations, funnel.total.pending, funnel.total.contracts) == (3, 0, 1)


def test_another_pavilions_meetings_and_reports_do_not_count():
    pavilion, _active, _idle = small_world()
    other, _a, _b = small_world()
    filed(other, [100, 200], country="FR")
    funnel = pavilion_funnel(pavilion)
    assert (funnel.total.requested, funnel.total.consultations) == (5, 3)
    assert "FR" not in {row.country for row in funnel.by_country}


def _grow(pavilion, exhibitors, buyers):
    """More of everything: exhibitors, buyers, meetings and report rows."""
    for n in range(exhibitors):
        exhibitor = ExhibitorFactory(pavilion=pavilion)
        for m in range(buyers):
            a_meeting(exhibitor, a_buyer(country=["PL", "DE", "US"][m % 3]))
        filed(pavilion, [10] * 5, exhibitor=exhibitor, contracts=[5], country="US")
        if n % 2:
            filed(pavilion, [10] * 3, status=ReportStatus.SUBMITTED)


def test_the_funnel_takes_four_queries_whatever_its_size(django_assert_max_num_queries):
    pavilion, _active, _idle = small_world()
    with django_assert_max_num_queries(4):
        pavilion_funnel(pavilion)
    _grow(pavilion, 6, 4)
    with django_assert_max_num_queries(4):
        funnel = pavilion_funnel(pavilion)
    assert funnel.total.requested == 5 + 24 and len(funnel.by_exhibitor) == 2 + 6 + 3


# On the dashboard ----------------------------------------------------------------------------


def _dashboard(client, pavilion, language):
    client.force_login(staff("Reporting"))
    return client.get(
        reverse("admin:events_pavilion_dashboard", args=[pavilion.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    )


@pytest.mark.parametrize(
    ("language", "heading", "note", "country", "idle"),
    [
        ("en", "Meetings funnel", "from the approved reports only", "Poland", "Haneul Mobility"),
        ("ko", "미팅 퍼널", "승인된 보고서만", "폴란드", "하늘 모빌리티"),
    ],
)
def test_the_dashboard_shows_the_funnel(client, language, heading, note, country, idle):
    pavilion, _active, _idle = small_world()
    html = _dashboard(client, pavilion, language).content.decode()
    funnel = html.split('id="funnel"')[1]
    assert heading in funnel and note in funnel and country in funnel
    assert 'id="funnel-per-exhibitor"' in funnel and 'id="funnel-per-country"' in funnel
    exhibitor_table = funnel.split('id="funnel-per-exhibitor"')[1].split("</table>")[0]
    assert idle in exhibitor_table  # the exhibitor with nothing has its row of zeros
    total = exhibitor_table.split("<tfoot>")[1]
    for step, value in [("requested", "5"), ("held", "2"), ("consultations", "3")]:
        assert f'data-step="{step}">{value}' in total
    assert "60.0%" in total and "66.7%" in total


def test_the_dashboard_says_what_waits_for_approval(client):
    pavilion, _active, _idle = small_world(approve=False)
    html = _dashboard(client, pavilion, "en").content.decode()
    assert "3 more consultations are in reports not approved yet" in html


def test_the_dashboard_queries_do_not_grow_with_the_funnel(client, django_assert_max_num_queries):
    pavilion, _active, _idle = small_world()
    _dashboard(client, pavilion, "en")
    url = reverse("admin:events_pavilion_dashboard", args=[pavilion.pk])
    with django_assert_max_num_queries(18) as small:
        client.get(url)
    _grow(pavilion, 5, 3)
    with django_assert_max_num_queries(len(small)):
        client.get(url)


def test_the_workbook_has_the_funnel(client):
    pavilion, active, _idle = small_world()
    client.force_login(staff("Reporting"))
    response = client.get(
        reverse("admin:events_pavilion_dashboard_xlsx", args=[pavilion.pk]),
        HTTP_ACCEPT_LANGUAGE="en",
    )
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book["Funnel by exhibitor"]
    rows = {row[0]: row for row in sheet.iter_rows(min_row=2, values_only=True)}
    mine = rows[str(active.company)]
    assert mine[1:4] == (5, 3, 0.6) and mine[4] == 2
    assert sheet.cell(row=2, column=4).number_format == "0.0%"
    assert rows["Total"][1] == 5
    countries = {row[1]: row for row in book["Funnel by country"].iter_rows(values_only=True)}
    assert countries["PL"][2] == 3 and countries["JP"][7] == 1


def test_the_dashboard_lists_an_empty_pavilions_funnel(client):
    pavilion = PavilionFactory()
    html = _dashboard(client, pavilion, "en").content.decode()
    assert "No meeting request and no consultation yet." in html
