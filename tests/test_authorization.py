"""Company-facing pages written to with real data: another company's POST changes nothing.

The matrix of every URL against every kind of user is in ``test_authorization_matrix.py``.
"""

import pytest
from django.urls import reverse

from exhibitors.applications.models import Application
from tests.factories import ApplicationFactory, MembershipFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"


@pytest.fixture
def world():
    owner = MembershipFactory()
    other = MembershipFactory()
    application = ApplicationFactory(company=owner.company, product_name_en="Secret product")
    return {"owner": owner.user, "other": other.user, "application": application}


@pytest.mark.parametrize(
    "name",
    [
        "exhibitors:application_edit",
        "exhibitors:application_withdraw",
        "exhibitors:application_respond",
    ],
)
def test_another_company_cannot_write(client, world, name):
    application = world["application"]
    client.force_login(world["other"])
    response = client.post(
        reverse(name, args=[application.pk]),
        {"product_name_en": "Hijacked", "reason": "x", "confirm": "1", "save_draft": "1"},
    )
    assert response.status_code == 404
    application.refresh_from_db()
    assert application.product_name_en == "Secret product"
    assert application.status == "draft"


def test_anonymous_cannot_apply(client, world):
    pavilion = world["application"].pavilion
    response = client.post(
        reverse("exhibitors:application_start", args=[pavilion.event.slug, pavilion.slug])
    )
    assert response.status_code == 302 and response.url.startswith(LOGIN)
    assert Application.objects.count() == 1


def test_forms_are_csrf_protected(world):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(world["owner"])
    url = reverse("exhibitors:application_edit", args=[world["application"].pk])
    assert client.post(url, {"product_name_en": "x", "save_draft": "1"}).status_code == 403


def test_another_company_cannot_accept_a_booth_offered_to_the_owner(client, world):
    import datetime

    from django.utils import timezone

    from exhibitors.companies.models import Exhibitor
    from exhibitors.floor import services as booths
    from exhibitors.floor.models import Booth

    application = world["application"]
    exhibitor = Exhibitor.objects.create(pavilion=application.pavilion, company=application.company)
    booth = booths.booth_save(
        booth=Booth(pavilion=application.pavilion, code="A1", x=0, y=0, width=3, depth=3)
    )
    booths.booth_offer(
        booth=booth, exhibitor=exhibitor, expires_at=timezone.now() + datetime.timedelta(days=1)
    )
    url = reverse("exhibitors:booth_offer_accept", args=[application.pk, booth.pk])
    assert client.post(url).status_code == 302  # anonymous: to the login page
    client.force_login(world["other"])
    assert client.post(url).status_code == 404
    booth.refresh_from_db()
    assert booth.holder is None and booth.held_for == exhibitor
