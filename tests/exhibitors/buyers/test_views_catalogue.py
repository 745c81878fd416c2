"""The catalogue's pages as a visitor, staff and a company's member use them."""

import datetime
import io
import re
import zoneinfo

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from exhibitors import roles
from exhibitors.buyers.models import CatalogueEntry
from portal.qrcodes import qr_svg
from tests.exhibitors.buyers.catalogue_factories import (
    booth_for,
    entry_for,
    exhibitor_with_theme,
    publish,
    unpublish,
)
from tests.exhibitors.exhibiting import confirmed_exhibitor, member_of, started_pavilion
from tests.factories import CompanyFactory, SideEventFactory, UserFactory

pytestmark = pytest.mark.django_db


def list_url(pavilion):
    return reverse("exhibitors:catalogue", args=[pavilion.event.slug, pavilion.slug])


def detail_url(exhibitor):
    pavilion = exhibitor.pavilion
    return reverse(
        "exhibitors:catalogue_exhibitor", args=[pavilion.event.slug, pavilion.slug, exhibitor.pk]
    )


def logo_url(exhibitor):
    pavilion = exhibitor.pavilion
    return reverse(
        "exhibitors:catalogue_logo", args=[pavilion.event.slug, pavilion.slug, exhibitor.pk]
    )


def png():
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "red").save(buffer, "PNG")
    return SimpleUploadedFile("logo.png", buffer.getvalue())


def staff_with(role):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def client():
    """A visitor whose browser asks for English (the portal's default is Korean)."""
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def pavilion():
    return started_pavilion()


def test_before_staff_publish_the_page_says_so(client, pavilion):
    entry_for(confirmed_exhibitor(pavilion))
    response = client.get(list_url(pavilion))
    assert response.status_code == 404
    assert b"data-catalogue-unpublished" in response.content
    assert b"not published yet" in response.content


def test_staff_preview_an_unpublished_catalogue(client, pavilion):
    exhibitor = confirmed_exhibitor(pavilion, CompanyFactory(name_en="Preview Ltd"))
    entry_for(exhibitor)
    client.force_login(staff_with(roles.FLOOR_MANAGER))
    response = client.get(list_url(pavilion))
    assert response.status_code == 200
    assert b"data-preview" in response.content and b"Preview Ltd" in response.content


def test_the_list_shows_agreed_exhibitors_only(client, pavilion):
    shown = exhibitor_with_theme(pavilion, "Mobility", CompanyFactory(name_en="Shown Ltd"))
    hidden = confirmed_exhibitor(pavilion, CompanyFactory(name_en="Unagreed Ltd"))
    booth_for(shown, "C3", 0)
    entry_for(shown, product_en="Traffic brain", target_markets=["DE"])
    entry_for(hidden, agree=False)
    publish(pavilion)
    response = client.get(list_url(pavilion))
    content = response.content.decode()
    assert "Shown Ltd" in content and "Traffic brain" in content
    assert "C3" in content and "Mobility" in content and "Germany" in content
    assert "Unagreed Ltd" not in content
    assert client.get(detail_url(hidden)).status_code == 404


def test_filters_and_search(client, pavilion):
    rail = exhibitor_with_theme(pavilion, "Mobility", CompanyFactory(name_en="Rail Ltd"))
    sun = exhibitor_with_theme(pavilion, "Energy", CompanyFactory(name_en="Sun Co"))
    entry_for(rail, target_markets=["DE"], product_en="Tram sensor")
    entry_for(sun, target_markets=["PL"], product_en="Solar panel")
    publish(pavilion)
    energy = pavilion.event.themes.get(name_en="Energy")

    def names(query):
        content = client.get(list_url(pavilion), query).content.decode()
        return [name for name in ("Rail Ltd", "Sun Co") if name in content]

    assert names({}) == ["Rail Ltd", "Sun Co"]
    assert names({"theme": energy.pk}) == ["Sun Co"]
    assert names({"market": "DE"}) == ["Rail Ltd"]
    assert names({"q": "solar"}) == ["Sun Co"]
    assert names({"q": "nothing like it"}) == []
    assert "No exhibitor matches" in client.get(list_url(pavilion), {"q": "zzz"}).content.decode()


def test_the_list_reads_in_korean(client, pavilion):
    exhibitor = confirmed_exhibitor(pavilion, CompanyFactory(name_ko="한빛", name_en="Hanbit"))
    entry_for(exhibitor, product_ko="스마트 가로등", product_en="Smart lamp")
    publish(pavilion)
    content = client.get(list_url(pavilion), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "한빛" in content and "스마트 가로등" in content


@pytest.mark.parametrize("size", [1, 6])
def test_the_list_takes_the_same_queries_whatever_its_length(
    client, pavilion, size, django_assert_max_num_queries
):
    for _ in range(size):
        exhibitor = confirmed_exhibitor(pavilion)
        booth_for(exhibitor, f"A{exhibitor.pk}", 3 * (exhibitor.pk % 7))
        entry_for(exhibitor)
    SideEventFactory(pavilion=pavilion)
    publish(pavilion)
    with django_assert_max_num_queries(6):
        assert client.get(list_url(pavilion)).status_code == 200
    with django_assert_max_num_queries(7):
        assert client.get(list_url(pavilion), {"q": "Smart", "market": "ES"}).status_code == 200


@pytest.mark.parametrize("size", [1, 6])
def test_the_booth_cards_take_the_same_queries(
    client, pavilion, size, django_assert_max_num_queries
):
    for index in range(size):
        booth_for(confirmed_exhibitor(pavilion), f"A{index}", 3 * index)
    client.force_login(staff_with(roles.FLOOR_MANAGER))
    with django_assert_max_num_queries(9):
        response = client.get(
            reverse("exhibitors:catalogue_cards", args=[pavilion.event.slug, pavilion.slug])
        )
    assert response.content.count(b"data-booth-card=") == size


def test_the_exhibitor_page_shows_what_was_agreed(client, pavilion):
    company = CompanyFactory(name_en="Hanbit", website="https://hanbit.example", logo=png())
    exhibitor = exhibitor_with_theme(pavilion, "Mobility", company)
    booth_for(exhibitor, "B2", 0)
    entry_for(
        exhibitor,
        summary_en="Sees every crossing",
        target_markets=["PL"],
        partner_types=["distributor", "public_body"],
    )
    publish(pavilion)
    response = client.get(detail_url(exhibitor))
    content = response.content.decode()
    assert response.status_code == 200
    assert "Sees every crossing" in content and "Poland" in content
    assert "Distributor, Public body" in content
    assert "https://hanbit.example" in content and "data-logo" in content
    assert 'data-own="true"' in content and 'data-code="B2"' in content
    logo = client.get(logo_url(exhibitor))
    assert logo.status_code == 200 and logo["Content-Type"] == "image/png"


def test_logo_and_website_stay_hidden_unless_agreed(client, pavilion):
    company = CompanyFactory(website="https://hidden.example", logo=png())
    exhibitor = confirmed_exhibitor(pavilion, company)
    entry_for(exhibitor, show_logo=False, show_website=False)
    publish(pavilion)
    content = client.get(detail_url(exhibitor)).content.decode()
    assert "hidden.example" not in content and "data-logo" not in content
    assert client.get(logo_url(exhibitor)).status_code == 404


def test_the_qr_code_encodes_the_page_address(client, pavilion):
    exhibitor = confirmed_exhibitor(pavilion)
    entry_for(exhibitor)
    publish(pavilion)
    content = client.get(detail_url(exhibitor)).content.decode()
    address = f"http://testserver{detail_url(exhibitor)}"
    assert f'data-qr-url="{address}"' in content
    assert "<svg" in content and str(qr_svg(address, title="QR code of this page")) in content


def test_the_meeting_hook_renders_nothing_by_default(client, pavilion):
    exhibitor = confirmed_exhibitor(pavilion)
    entry_for(exhibitor)
    publish(pavilion)
    assert b"data-request-meeting" not in client.get(detail_url(exhibitor)).content


def test_side_events_in_madrid_time_and_korea_time_across_daylight_saving(client):
    pavilion = started_pavilion()
    event = pavilion.event
    event.time_zone = "Europe/Madrid"
    event.save()
    madrid = zoneinfo.ZoneInfo("Europe/Madrid")
    SideEventFactory(
        pavilion=pavilion,
        name_en="Summer forum",
        starts_at=datetime.datetime(2025, 6, 3, 10, 0, tzinfo=madrid),  # CEST, UTC+2
    )
    SideEventFactory(
        pavilion=pavilion,
        name_en="Seoul Night",
        starts_at=datetime.datetime(2025, 11, 5, 19, 0, tzinfo=madrid),  # CET, UTC+1
    )
    entry_for(confirmed_exhibitor(pavilion))
    publish(pavilion)
    content = client.get(list_url(pavilion)).content.decode()
    assert "2025-06-03 10:00 Barcelona time (CEST)" in content
    assert "2025-06-03 17:00 Korea time (KST)" in content
    assert "2025-11-05 19:00 Barcelona time (CET)" in content
    assert "2025-11-06 03:00 Korea time (KST)" in content


def test_with_the_public_cache_on_publishing_and_withdrawing_show_at_once(
    client, pavilion, settings
):
    settings.PUBLIC_CACHE_SECONDS = 300
    exhibitor = confirmed_exhibitor(pavilion, CompanyFactory(name_en="Cached Ltd"))
    entry_for(exhibitor)
    assert client.get(list_url(pavilion)).status_code == 404
    publish(pavilion)
    assert b"Cached Ltd" in client.get(list_url(pavilion)).content
    entry_for(exhibitor, agree=False)  # the company takes its entry down
    assert b"Cached Ltd" not in client.get(list_url(pavilion)).content
    entry_for(exhibitor)
    unpublish(pavilion)
    assert client.get(list_url(pavilion)).status_code == 404
    assert client.get(detail_url(exhibitor)).status_code == 404


# The company's own entry ---------------------------------------------------------------------


def entry_url(exhibitor):
    return reverse("exhibitors:catalogue_entry", args=[exhibitor.pk])


def form(**changes):
    data = {
        "product_ko": "스마트 횡단보도",
        "product_en": "Smart crosswalk",
        "summary_ko": "",
        "summary_en": "Safe crossings",
        "target_markets": ["ES", "FR"],
        "partner_types": ["investor"],
        "show_logo": "on",
        "agree": "on",
    }
    data.update(changes)
    return {key: value for key, value in data.items() if value is not None}


def test_the_company_agrees_to_its_entry(client, pavilion):
    exhibitor = confirmed_exhibitor(pavilion)
    user = member_of(exhibitor.company)
    client.force_login(user)
    assert client.get(entry_url(exhibitor)).status_code == 200
    response = client.post(entry_url(exhibitor), form())
    assert response.status_code == 302
    entry = CatalogueEntry.objects.get(exhibitor=exhibitor)
    assert entry.agreed_by == user and entry.agreed_at is not None
    assert [c.code for c in entry.target_markets] == ["ES", "FR"]
    assert entry.show_logo and not entry.show_website


def test_a_refused_entry_keeps_what_was_typed(client, pavilion):
    exhibitor = confirmed_exhibitor(pavilion)
    client.force_login(member_of(exhibitor.company))
    response = client.post(entry_url(exhibitor), form(product_en="", summary_en="Kept words"))
    assert response.status_code == 200
    content = response.content.decode()
    assert "Name your product in English" in content and "Kept words" in content
    assert not CatalogueEntry.objects.exists()


def test_another_companys_entry_is_a_404(client, pavilion):
    exhibitor = confirmed_exhibitor(pavilion)
    other = confirmed_exhibitor(pavilion)
    client.force_login(member_of(other.company))
    assert client.get(entry_url(exhibitor)).status_code == 404
    assert client.post(entry_url(exhibitor), form()).status_code == 404
    assert not CatalogueEntry.objects.exists()


def test_the_confirmed_application_links_to_the_entry(client, pavilion):
    exhibitor = confirmed_exhibitor(pavilion)
    client.force_login(member_of(exhibitor.company))
    application = exhibitor.company.applications.get()
    page = client.get(reverse("exhibitors:application", args=[application.pk])).content.decode()
    link = reverse("exhibitors:catalogue_entry_for_application", args=[application.pk])
    assert link in page
    assert client.get(link).url == entry_url(exhibitor)


# The unfiltered list is rendered once per version of the public data and language.


def test_the_rendered_list_shows_an_entry_saved_since_at_once(client, pavilion):
    """The rendered list's key carries the public token every entry save replaces."""
    exhibitor = confirmed_exhibitor(pavilion)
    entry_for(exhibitor, product_en="Old product")
    publish(pavilion)
    assert "Old product" in client.get(list_url(pavilion)).text
    entry_for(exhibitor, product_en="New product")
    html = client.get(list_url(pavilion)).text
    assert "New product" in html and "Old product" not in html


def test_each_language_and_the_preview_have_their_own_rendered_list(client, pavilion):
    exhibitor = confirmed_exhibitor(pavilion, CompanyFactory(name_en="Preview Ltd"))
    entry_for(exhibitor)
    staff = Client(HTTP_ACCEPT_LANGUAGE="en")
    staff.force_login(staff_with(roles.FLOOR_MANAGER))
    assert "data-preview" in staff.get(list_url(pavilion)).text
    publish(pavilion)
    assert "data-preview" not in client.get(list_url(pavilion)).text
    korean = Client(HTTP_ACCEPT_LANGUAGE="ko").get(list_url(pavilion)).text
    assert "참가기업" in korean or "카탈로그" in korean
    assert "Exhibitor catalogue" not in korean


def test_a_filtered_list_is_never_the_rendered_unfiltered_one(client, pavilion):
    exhibitor = confirmed_exhibitor(pavilion, CompanyFactory(name_en="Shown Ltd"))
    entry_for(exhibitor, product_en="Traffic brain")
    publish(pavilion)
    assert "Shown Ltd" in client.get(list_url(pavilion)).text
    html = client.get(list_url(pavilion), {"q": "nothing-matches-this"}).text
    assert "Shown Ltd" not in html and "No exhibitor matches" in html
    assert 'value="nothing-matches-this"' in html


def test_a_publication_that_comes_due_drops_the_preview_banner(client, pavilion):
    """Nothing is written when a publication set for later comes due (no new token): the
    rendered list's key tells the preview from the published list."""
    import time_machine
    from django.utils import timezone

    from exhibitors.buyers.models import Catalogue

    entry_for(confirmed_exhibitor(pavilion))
    publish(pavilion)
    later = timezone.now() + datetime.timedelta(minutes=1)  # within the copy's lifetime
    Catalogue.objects.filter(pavilion=pavilion).update(published_at=later)
    staff = Client(HTTP_ACCEPT_LANGUAGE="en")
    staff.force_login(staff_with(roles.FLOOR_MANAGER))
    assert "data-preview" in staff.get(list_url(pavilion)).text
    with time_machine.travel(later + datetime.timedelta(seconds=10)):
        response = client.get(list_url(pavilion))
    assert response.status_code == 200 and "data-preview" not in response.text


def test_the_entry_page_shows_the_chosen_markets_in_each_language(client, pavilion):
    """The countries' select is written out in Python (forms_catalogue.CountrySelectMultiple):
    the same options, the chosen ones selected, in the page's language."""
    exhibitor = confirmed_exhibitor(pavilion)
    client.force_login(member_of(exhibitor.company))
    client.post(entry_url(exhibitor), form())
    html = client.get(entry_url(exhibitor)).text
    select = html[html.index('<select name="target_markets"') :]
    select = select[: select.index("</select>")]
    assert " multiple" in select.split(">", 1)[0] and 'id="id_target_markets"' in select
    assert '<option value="ES" selected>Spain</option>' in select
    assert '<option value="FR" selected>France</option>' in select
    assert '<option value="DE">Germany</option>' in select
    korean = Client(HTTP_ACCEPT_LANGUAGE="ko")
    korean.force_login(member_of(exhibitor.company))
    assert '<option value="ES" selected>스페인</option>' in korean.get(entry_url(exhibitor)).text


def test_the_entry_form_shows_what_was_saved_since_at_once(client, pavilion):
    """The form's fields come from a cached copy keyed by every value they start from."""
    exhibitor = confirmed_exhibitor(pavilion)
    client.force_login(member_of(exhibitor.company))
    client.post(entry_url(exhibitor), form())
    assert 'value="Smart crosswalk"' in client.get(entry_url(exhibitor)).text
    client.post(entry_url(exhibitor), form(product_en="Smarter crosswalk", partner_types=[]))
    html = client.get(entry_url(exhibitor)).text
    assert 'value="Smarter crosswalk"' in html and 'value="Smart crosswalk"' not in html
    assert 'value="investor" checked' not in html
    # no CSRF token in the copy: the form's own, the log-out's and the language switch's
    tokens = re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert len(tokens) == 3


def test_a_catalogue_saved_outside_the_service_shows_at_once(client):
    """Whether the catalogue is published is read through the cache (no query once read):
    any save of a catalogue, the admin's included, makes that copy stale."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from exhibitors.buyers.models import Catalogue

    pavilion = started_pavilion()
    entry_for(confirmed_exhibitor(pavilion))
    publish(pavilion)
    assert client.get(list_url(pavilion)).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        assert client.get(list_url(pavilion)).status_code == 200
    assert not any("buyers_catalogue" in q["sql"] for q in queries.captured_queries)
    saved = Catalogue.objects.get(pavilion=pavilion)
    saved.published_at = None  # as the admin's form would save it
    saved.save()
    assert client.get(list_url(pavilion)).status_code == 404
