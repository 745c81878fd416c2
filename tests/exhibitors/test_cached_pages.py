"""The back office's cached pages (portal/pagecache.py): the outcome dashboard, the floor plan,
the matchmaking board and a report's admin page. Each test opens a page (now cached), writes
what it shows the way the portal does, and opens it again: each fails if that write no longer
makes the cached copy stale (a signal watched in exhibitors.apps, or the explicit
``pagecache.written`` of a bulk write), or if a key forgets what changes the page."""

import datetime
import re
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from exhibitors import roles
from exhibitors.buyers.models import BuyerStatus, MeetingStatus
from exhibitors.companies.models import Exhibitor
from exhibitors.companies.resources import CompanyResource
from exhibitors.floor import services as booths
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.figures import figures_publish
from exhibitors.outcomes.models import Consultation, FollowUp, Mou, OnSiteContract, ReportStatus
from exhibitors.outcomes.resources import ConsultationResource
from portal import pagecache, spreadsheets
from tests.cached_pages import seen
from tests.exhibitors.buyers.meeting_factories import meeting_world
from tests.exhibitors.buyers.mtgadmin_factories import a_buyer, a_meeting, staff_member
from tests.exhibitors.exhibiting import confirmed_exhibitor, started_pavilion
from tests.exhibitors.floor.plans import admin_url, big_pavilion, holder, place, staff_with_role
from tests.exhibitors.reporting import filed, staff, two_editions
from tests.factories import CompanyFactory, ExhibitorFactory, PavilionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def cached(client, url, **headers):
    """The page, opened twice: the second time from the cache, the same."""
    first = seen(client, url, **headers)
    assert seen(client, url, **headers) == first
    return first


def dashboard_url(pavilion):
    return reverse("admin:events_pavilion_dashboard", args=[pavilion.pk])


def board_url(pavilion):
    return reverse("admin:exhibitors_meeting_board", args=[pavilion.pk])


def report_url(report, page=None):
    url = reverse("admin:exhibitors_outcomereport_change", args=[report.pk])
    return url if page is None else f"{url}?page={page}"


# The outcome dashboard -------------------------------------------------------------------------


def test_the_dashboard_follows_an_approval(client):
    _previous, pavilion = two_editions()
    pending = filed(pavilion, [1000], status=ReportStatus.SUBMITTED)
    client.force_login(staff())
    assert 'data-figure="consultations">0<' in cached(client, dashboard_url(pavilion))
    outcomes.report_approve(report=pending, user=None)
    assert 'data-figure="consultations">1<' in seen(client, dashboard_url(pavilion))


def test_the_dashboard_follows_report_totals_stored_in_bulk(client):
    """``report_totals_store`` writes the totals and the country totals without a signal."""
    previous, pavilion = two_editions()
    report = filed(previous, [1000])
    filed(pavilion, [500])
    client.force_login(staff())
    assert "-0 consultations" not in cached(client, dashboard_url(pavilion))
    Consultation.objects.bulk_create(
        Consultation(report=report, met_on=previous.event.starts_on, amount_usd=10)
        for _ in range(3)
    )
    outcomes.report_totals_store([report])
    assert "-3 consultations" in seen(client, dashboard_url(pavilion))


def test_the_dashboard_follows_a_consultation_import(client):
    """An import writes its rows in bulk (``AuditedBulkWrites``): the funnel counts them as
    waiting for approval."""
    exhibitor = confirmed_exhibitor(started_pavilion(slug="expo-2030"))
    outcomes.report_get_or_create(exhibitor)
    client.force_login(staff())
    url = dashboard_url(exhibitor.pavilion)
    assert 'data-funnel="pending"' not in cached(client, url)
    _import_consultations(exhibitor, 2)
    assert "2 more consultations are in reports not approved yet" in seen(client, url)


def test_the_dashboard_follows_a_company_renamed(client):
    pavilion = PavilionFactory()
    exhibitor = ExhibitorFactory(pavilion=pavilion)
    client.force_login(staff())
    assert "Renamed Robotics" not in cached(client, dashboard_url(pavilion))
    exhibitor.company.name_en = "Renamed Robotics"
    exhibitor.company.save()
    assert "Renamed Robotics" in seen(client, dashboard_url(pavilion))


def test_the_dashboard_follows_the_meetings(client):
    world = meeting_world()
    client.force_login(staff())
    before = cached(client, dashboard_url(world.pavilion))
    assert '<td data-step="held">1' not in before
    a_meeting(
        world.exhibitor,
        world.buyer,
        MeetingStatus.HELD,
        slot=world.slots[0],
        place=world.exhibitor.place,
    )
    assert '<td data-step="held">1' in seen(client, dashboard_url(world.pavilion))


def test_the_dashboard_follows_the_events_rate(client):
    _previous, pavilion = two_editions(rate=Decimal("1000.00"))
    filed(pavilion, [10])
    client.force_login(staff())
    assert 'data-figure="amount_krw">10,000<' in cached(client, dashboard_url(pavilion))
    pavilion.event.usd_krw_rate = Decimal("2000.00")
    pavilion.event.save()
    assert 'data-figure="amount_krw">20,000<' in seen(client, dashboard_url(pavilion))


def _past_pavilion():
    return started_pavilion(days_ago=30)


def test_the_dashboard_follows_a_publication_and_who_published(client):
    pavilion = _past_pavilion()
    filed(pavilion, [10])
    publisher = staff(username="first-name@example.com")
    client.force_login(staff())
    assert "has not been published" in cached(client, dashboard_url(pavilion))
    figures_publish(pavilion=pavilion, user=publisher)
    page = seen(client, dashboard_url(pavilion))
    assert "Version 1" in page and "first-name@example.com" in page
    assert "See the results" in page  # the pavilion's results_published_at
    publisher.username = "second-name@example.com"
    publisher.save()
    assert "second-name@example.com" in seen(client, dashboard_url(pavilion))


def test_the_dashboard_follows_a_revision_of_the_published_figures(client):
    pavilion = _past_pavilion()
    filed(pavilion, [10])
    figures_publish(pavilion=pavilion, user=None)
    filed(pavilion, [20])
    client.force_login(staff())
    assert "Version 2" not in cached(client, dashboard_url(pavilion))
    figures_publish(pavilion=pavilion, user=None, revise=True)  # the pavilion is not saved
    assert "Version 2" in seen(client, dashboard_url(pavilion))


def test_the_dashboard_of_results_published_for_later_lasts_until_then(client):
    pavilion = _past_pavilion()
    pavilion.results_published_at = timezone.now() + datetime.timedelta(minutes=10)
    pavilion.save()
    client.force_login(staff())
    with mock.patch.object(pagecache.cache, "set", wraps=pagecache.cache.set) as stored:
        assert "See the results" not in seen(client, dashboard_url(pavilion))
    timeouts = [c.args[2] for c in stored.call_args_list if c.args[0].startswith("admin:")]
    assert timeouts and max(timeouts) <= 600


def test_the_dashboard_is_cached_per_language(client):
    pavilion = PavilionFactory()
    client.force_login(staff())
    english = cached(client, dashboard_url(pavilion))
    korean = seen(client, dashboard_url(pavilion), HTTP_ACCEPT_LANGUAGE="ko")
    assert "Per buyer country" in english and "Per buyer country" not in korean


# The floor plan --------------------------------------------------------------------------------


def test_the_floor_plan_follows_an_allocation_by_hand(client):
    pavilion = big_pavilion()
    booth = place(pavilion, "A1", 0, 0)
    exhibitor = holder(pavilion)
    client.force_login(staff_with_role(roles.FLOOR_MANAGER))
    assert 'data-free-booth="A1"' in cached(client, admin_url(pavilion))
    booths.booth_allocate(booth=booth, exhibitor=exhibitor)
    assert 'data-free-booth="A1"' not in seen(client, admin_url(pavilion))


def test_the_floor_plan_follows_the_generated_layout_and_the_automatic_allocation(client):
    pavilion = big_pavilion()
    holder(pavilion, pavilion.event.themes.first())
    client.force_login(staff_with_role(roles.FLOOR_MANAGER))
    assert "No booths are laid out" in cached(client, admin_url(pavilion))
    booths.layout_generate(pavilion=pavilion, aisle=2)
    page = cached(client, admin_url(pavilion))
    assert "No booths are laid out" not in page and "Every exhibitor has a booth" not in page
    booths.pavilion_allocate(pavilion=pavilion)
    assert "Every exhibitor has a booth" in seen(client, admin_url(pavilion))


def test_the_floor_plan_follows_a_holders_theme(client):
    pavilion = big_pavilion()
    first, second = list(pavilion.event.themes.order_by("position")[:2])
    exhibitor = holder(pavilion, first)
    booths.booth_allocate(booth=place(pavilion, "A1", 0, 0), exhibitor=exhibitor)
    client.force_login(staff_with_role(roles.FLOOR_MANAGER))
    assert f'data-legend="theme-{second.pk}"' not in cached(client, admin_url(pavilion))
    application = exhibitor.company.applications.get(pavilion=pavilion)
    application.theme = second
    application.save()
    assert f'data-legend="theme-{second.pk}"' in seen(client, admin_url(pavilion))


def test_the_floor_plan_lasts_until_the_first_offer_expires(client):
    pavilion = big_pavilion()
    booths.booth_offer(
        booth=place(pavilion, "A1", 0, 0),
        exhibitor=holder(pavilion),
        expires_at=timezone.now() + datetime.timedelta(minutes=5),
    )
    client.force_login(staff_with_role(roles.FLOOR_MANAGER))
    with mock.patch.object(pagecache.cache, "set", wraps=pagecache.cache.set) as stored:
        assert 'data-offered-booth="A1"' in seen(client, admin_url(pavilion))
    timeouts = [c.args[2] for c in stored.call_args_list if c.args[0].startswith("admin:")]
    assert timeouts and max(timeouts) <= 300


def test_the_floor_plan_follows_the_pavilions_floor(client):
    pavilion = big_pavilion()
    place(pavilion, "A1", 0, 0)
    client.force_login(staff_with_role(roles.FLOOR_MANAGER))
    assert "Floor 61 m" not in cached(client, admin_url(pavilion))
    pavilion.floor_width_m = 61
    pavilion.save()
    assert "Floor 61 m" in seen(client, admin_url(pavilion))


def test_the_floor_plans_booth_links_are_cached_apart(client):
    pavilion = big_pavilion()
    place(pavilion, "A1", 0, 0)
    client.force_login(staff_with_role(roles.FLOOR_MANAGER))
    assert '<a class="floorplan-booth"' in cached(client, admin_url(pavilion))
    client.force_login(staff_with_role(roles.REPORTING))  # may view pavilions, not booths
    assert '<a class="floorplan-booth"' not in seen(client, admin_url(pavilion))


# The matchmaking board -------------------------------------------------------------------------


def test_the_board_follows_the_meetings_and_the_buyers(client):
    world = meeting_world()
    client.force_login(staff_member(roles.PROGRAMME_MANAGER))
    before = cached(client, board_url(world.pavilion))
    assert f'data-buyer="{world.buyer.pk}"' not in before
    a_meeting(world.exhibitor, world.buyer)
    page = cached(client, board_url(world.pavilion))
    assert f'data-buyer="{world.buyer.pk}"' in page
    assert "1 approved buyer has not asked" in page
    newcomer = a_buyer("Another buyer", status=BuyerStatus.PENDING)
    assert "1 approved buyer has not asked" in cached(client, board_url(world.pavilion))
    newcomer.status = BuyerStatus.APPROVED
    newcomer.save()
    assert "2 approved buyers have not asked" in seen(client, board_url(world.pavilion))


def test_the_board_follows_a_new_exhibitor(client):
    world = meeting_world()
    company = CompanyFactory()
    client.force_login(staff_member(roles.PROGRAMME_MANAGER))
    assert str(company) not in cached(client, board_url(world.pavilion))
    exhibitor = Exhibitor.objects.create(pavilion=world.pavilion, company=company)
    assert f'data-exhibitor="{exhibitor.pk}"' in seen(client, board_url(world.pavilion))


def test_the_board_follows_the_pavilions_name(client):
    world = meeting_world()
    client.force_login(staff_member(roles.PROGRAMME_MANAGER))
    assert "Renamed Pavilion" not in cached(client, board_url(world.pavilion))
    world.pavilion.name_en = "Renamed Pavilion"
    world.pavilion.save()
    assert "Renamed Pavilion" in seen(client, board_url(world.pavilion))


def test_the_board_follows_a_company_import(client):
    """A company import writes in bulk (``AuditedBulkWrites``)."""
    world = meeting_world()
    client.force_login(staff_member(roles.PROGRAMME_MANAGER))
    assert "Imported Name" not in cached(client, board_url(world.pavilion))
    dataset = spreadsheets.SafeXLSX().create_dataset(CompanyResource().export().xlsx)
    row = dataset["registration_number"].index(world.exhibitor.company.registration_number_display)
    names = list(dataset["name_en"])
    names[row] = "Imported Name"
    del dataset["name_en"]
    dataset.append_col(names, header="name_en")
    result = CompanyResource().import_data(dataset)
    assert not spreadsheets.import_problems(result, CompanyResource())
    assert "Imported Name" in seen(client, board_url(world.pavilion))


def test_the_board_is_cached_apart_for_who_may_schedule(client):
    world = meeting_world()
    client.force_login(staff_member(roles.PROGRAMME_MANAGER))
    assert "Schedule a meeting" in cached(client, board_url(world.pavilion))
    client.force_login(staff_member(roles.REPORTING, username="reporting@example.com"))
    assert "Schedule a meeting" not in seen(client, board_url(world.pavilion))


# A report's admin page -------------------------------------------------------------------------


@pytest.fixture
def report():
    exhibitor = confirmed_exhibitor(started_pavilion(slug="expo-2030"))
    return filed(exhibitor.pavilion, [100, 200], exhibitor=exhibitor, status=ReportStatus.SUBMITTED)


def test_the_report_page_follows_its_moves_and_rows(client, report):
    client.force_login(staff())
    page = cached(client, report_url(report))
    assert "Approve the report" in page and "2 consultations" in page
    outcomes.report_return(report=report, user=None, comment="Add the MOUs")
    page = cached(client, report_url(report))
    assert "Approve the report" not in page and "Add the MOUs" in page
    consultation = report.consultations.first()
    consultation.buyer_organisation = "Changed Buyer"
    consultation.save()
    page = cached(client, report_url(report))
    assert "Changed Buyer" in page
    day = report.exhibitor.pavilion.event.starts_on
    Mou.objects.create(report=report, partner="Warsaw Partner", country="PL", signed_on=day)
    page = cached(client, report_url(report))
    assert "Warsaw Partner" in page
    OnSiteContract.objects.create(
        report=report, partner="Madrid Partner", country="ES", amount_usd=5
    )
    page = cached(client, report_url(report))
    assert "Madrid Partner" in page
    FollowUp.objects.create(report=report, months=3, contracts=1, note="Signed in March")
    assert "Signed in March" in seen(client, report_url(report))


def test_the_report_page_follows_a_confirmation(client, report):
    """Confirming the rows from the expo is one update, without signals."""
    outcomes.report_return(report=report, user=None, comment="Confirm")
    report.consultations.update(needs_confirmation=True)
    client.force_login(staff())
    assert "data-to-confirm" in cached(client, report_url(report))
    outcomes.consultations_confirm(report=report, user=None)
    assert "data-to-confirm" not in seen(client, report_url(report))


def test_the_report_page_follows_an_import(client, report):
    outcomes.report_return(report=report, user=None, comment="More rows")
    client.force_login(staff())
    assert "2 consultations" in cached(client, report_url(report))
    _import_consultations(report.exhibitor, 3)
    assert "5 consultations" in seen(client, report_url(report))


def test_the_report_page_follows_the_exhibitors_name_and_who_approved(client, report):
    approver = staff(username="approver@example.com")
    outcomes.report_approve(report=report, user=approver)
    client.force_login(staff())
    assert "approver@example.com" in cached(client, report_url(report))
    approver.username = "renamed@example.com"
    approver.save()
    assert "renamed@example.com" in cached(client, report_url(report))
    company = report.exhibitor.company
    company.name_en = "Renamed Robotics"
    company.save()
    assert "Renamed Robotics" in seen(client, report_url(report))


def test_the_report_page_is_cached_apart_per_permissions_page_and_language(client, report):
    Consultation.objects.bulk_create(
        Consultation(report=report, met_on=report.exhibitor.pavilion.event.starts_on, amount_usd=1)
        for _ in range(60)
    )
    pagecache.written(Consultation)
    reader = UserFactory(is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_outcomereport"))
    client.force_login(staff())
    assert "Approve the report" in cached(client, report_url(report))
    client.force_login(reader)
    first = cached(client, report_url(report))
    assert "Approve the report" not in first and "Page 1 of 2" in first
    assert "Page 2 of 2" in seen(client, report_url(report, 2))
    assert "Page 1 of 2" not in seen(client, report_url(report), HTTP_ACCEPT_LANGUAGE="ko")


def test_the_report_page_puts_a_fresh_csrf_token_into_the_cached_copy(client, report):
    client.force_login(staff())
    url = report_url(report)
    client.get(url)
    page = client.get(url).content.decode()
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]*)"', page)
    assert len(tokens) >= 2 and all(len(token) == 64 for token in tokens)
    response = client.post(
        reverse("admin:exhibitors_outcomereport_changelist"),
        {"action": "approve", "_selected_action": [report.pk], "csrfmiddlewaretoken": tokens[-1]},
        enforce_csrf_checks=True,
    )
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


# Helpers ----------------------------------------------------------------------------------------


def _import_consultations(exhibitor, n):
    """``n`` consultations of ``exhibitor`` imported as staff import them (in bulk)."""
    header = ConsultationResource.COLUMNS
    values = {
        "event": exhibitor.pavilion.event.slug,
        "registration_number": exhibitor.company.registration_number_display,
        "met_on": exhibitor.pavilion.event.starts_on.isoformat(),
        "buyer_country": "DE",
        "buyer_type": "distributor",
        "product": "Sensor",
        "amount_usd": "1000",
        "expected_contract_usd": "200",
        "stage": "consulted",
        "note": "",
    }
    lines = [",".join(header)]
    for i in range(n):
        row = {**values, "buyer_organisation": f"Imported Buyer {i}"}
        lines.append(",".join(row[c] for c in header))
    data = ("\r\n".join(lines) + "\r\n").encode()
    resource = ConsultationResource()
    result = resource.import_data(spreadsheets.KoreanCSV().create_dataset(data))
    assert not spreadsheets.import_problems(result, resource)
