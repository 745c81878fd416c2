"""The public results page of a pavilion, once staff publish it."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from events.models import Pavilion
from exhibitors import roles
from exhibitors.applications.models import ApplicationStatus
from exhibitors.companies.models import ExhibitorRole
from exhibitors.outcomes.figures import figures_publish
from exhibitors.outcomes.models import ReportStatus
from tests.exhibitors.reporting import filed, staff, two_editions
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    ExhibitorFactory,
    PavilionFactory,
    ThemeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    return Pavilion.objects.get(event__slug="scewc-2024")


def _url(pavilion):
    return reverse("exhibitors:results", args=[pavilion.event.slug, pavilion.slug])


def _act(client, action, pavilion, role=roles.REPORTING):
    client.force_login(staff(role))
    response = client.post(
        reverse("admin:events_pavilion_changelist"),
        {"action": action, "_selected_action": [pavilion.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    client.logout()
    return response


def _published(pavilion):
    """The pavilion's results published (through the service, the day after its expo), an
    hour ago."""
    figures_publish(
        pavilion=pavilion, user=None, now=pavilion.event.ended_at + datetime.timedelta(days=1)
    )
    Pavilion.objects.filter(pk=pavilion.pk).update(
        results_published_at=timezone.now() - datetime.timedelta(hours=1)
    )
    return pavilion


def _exhibitor(pavilion, theme=None, **company):
    """A confirmed company with its application's product (and theme)."""
    application = ApplicationFactory(
        pavilion=pavilion,
        company=CompanyFactory(**company),
        status=ApplicationStatus.CONFIRMED,
        product_name_en="Smart crosswalk",
        product_name_ko="스마트 횡단보도",
        theme=theme,
    )
    return ExhibitorFactory(pavilion=pavilion, company=application.company)


def test_hidden_until_published_then_in_both_languages(client, demo):
    url = _url(demo)
    assert client.get(url).status_code == 404
    assert url not in client.get(demo.get_absolute_url()).content.decode()
    _act(client, "publish_results", demo)
    korean = client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "수출 상담 407건, 상담금액 315만 달러(약 44억 원)" in korean
    assert "폴란드" in korean and "일본" in korean and "+61" in korean
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "407 export consultations worth USD 3.15 million" in english
    assert "Poland" in english and "Japan" in english and "× 1.43" in english
    pavilion_page = client.get(demo.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en")
    assert "See the results" in pavilion_page.content.decode()


def test_a_publication_time_in_the_future_is_not_published_yet(client):
    pavilion = PavilionFactory()
    Pavilion.objects.filter(pk=pavilion.pk).update(
        results_published_at=timezone.now() + datetime.timedelta(days=1)
    )
    assert client.get(_url(pavilion)).status_code == 404
    assert _url(pavilion) not in client.get(pavilion.get_absolute_url()).content.decode()


def test_unknown_pavilions_are_404(client):
    assert client.get(reverse("exhibitors:results", args=["nope", "seoul"])).status_code == 404


def test_totals_year_on_year_and_mous_by_partner_country(client):
    previous, pavilion = two_editions()
    filed(previous, [1000] * 4)
    filed(pavilion, [2000] * 3, mous=["PL", "JP", "PL"])
    filed(
        pavilion, [2000] * 2, mous=["DE"], status=ReportStatus.SUBMITTED
    )  # not approved: not counted
    _published(pavilion)
    page = client.get(_url(pavilion), HTTP_ACCEPT_LANGUAGE="en")
    assert page.status_code == 200
    assert [(row["name"], row["n"]) for row in page.context["mous"]] == [
        ("Poland", 2),
        ("Japan", 1),
    ]
    html = page.content.decode()
    assert "USD 6,000" in html and "KRW 8,400,000" in html  # at the event's 1,400 KRW/USD
    assert "-1 consultations, amount × 1.50" in html
    assert "Germany" not in html


def test_exhibitors_and_their_products_in_the_visitors_language(client):
    pavilion = PavilionFactory()
    theme = ThemeFactory(event=pavilion.event, name_en="Mobility", name_ko="모빌리티")
    exhibitor = _exhibitor(pavilion, theme, name_en="Hanbit Smart Lab", name_ko="한빛스마트랩")
    district = ExhibitorFactory(
        pavilion=pavilion,
        role=ExhibitorRole.CO_EXHIBITOR,
        company=CompanyFactory(kind="district", name_en="Gangnam-gu", name_ko="강남구"),
    )
    filed(pavilion, [10], exhibitor=exhibitor)
    _published(pavilion)
    english = client.get(_url(pavilion), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Hanbit Smart Lab" in english and "Smart crosswalk" in english
    assert "Mobility" in english and "Gangnam-gu" in english
    korean = client.get(_url(pavilion), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "한빛스마트랩" in korean and "스마트 횡단보도" in korean and "모빌리티" in korean
    assert district.company.name_ko in korean


def test_per_company_amounts_only_where_agreed(client):
    pavilion = PavilionFactory()
    agreed = filed(pavilion, [12_345], publish_amounts=True)
    silent = filed(pavilion, [67_890])
    pending = filed(pavilion, [24_680], publish_amounts=True, status=ReportStatus.SUBMITTED)
    _published(pavilion)
    page = client.get(_url(pavilion), HTTP_ACCEPT_LANGUAGE="en")
    amounts = {row["exhibitor"]: row["amount"] for row in page.context["rows"]}
    assert amounts == {
        agreed.exhibitor_id: 12_345,
        silent.exhibitor_id: None,
        pending.exhibitor_id: None,
    }
    html = page.content.decode()
    assert "USD 12,345" in html and "67,890" not in html and "24,680" not in html
    assert "USD 80,235" in html  # the total includes every approved report


def test_the_results_page_queries_do_not_grow(client, django_assert_num_queries):
    previous, pavilion = two_editions()
    filed(previous, [10])
    filed(pavilion, [10], exhibitor=_exhibitor(pavilion), mous=["PL"])
    _published(pavilion)
    client.get(_url(pavilion))
    with django_assert_num_queries(2) as small:  # the pavilion, the figures as published
        client.get(_url(pavilion))
    theme = ThemeFactory(event=pavilion.event)
    for n in range(6):
        filed(
            pavilion,
            [5] * 30,
            exhibitor=_exhibitor(pavilion, theme),
            mous=["JP", "DE"],
            country="JP",
            publish_amounts=n % 2 == 0,
        )
    figures_publish(
        pavilion=pavilion,
        user=None,
        revise=True,
        now=pavilion.event.ended_at + datetime.timedelta(days=2),
    )
    with django_assert_num_queries(len(small)):
        page = client.get(_url(pavilion))
    assert len(page.context["rows"]) == 7


def test_reporting_publishes_and_withdraws_the_page(client):
    pavilion = PavilionFactory(event__starts_on=datetime.date(2024, 11, 5))
    _act(client, "publish_results", pavilion)
    pavilion.refresh_from_db()
    assert pavilion.results_published_at is not None
    assert client.get(_url(pavilion)).status_code == 200
    _act(client, "unpublish_results", pavilion)
    assert client.get(_url(pavilion)).status_code == 404


def test_results_of_an_expo_not_over_cannot_be_published(client):
    pavilion = PavilionFactory(event__starts_on=timezone.localdate())
    response = _act(client, "publish_results", pavilion)
    pavilion.refresh_from_db()
    assert pavilion.results_published_at is None
    assert any("not over" in str(m) for m in response.wsgi_request._messages)


@pytest.mark.parametrize("role", [roles.REVIEWER, roles.FLOOR_MANAGER])
def test_other_staff_cannot_publish(client, role):
    pavilion = PavilionFactory(event__starts_on=datetime.date(2024, 11, 5))
    _act(client, "publish_results", pavilion, role=role)
    pavilion.refresh_from_db()
    assert pavilion.results_published_at is None
