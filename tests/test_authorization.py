"""Who may open which company-facing page: anonymous, a member of another company, the owner.

A company sees and edits only its own profile and applications; another company's object is
a 404, never its data; an anonymous visitor is sent to the login page.
"""

import pytest
from django.urls import reverse

from exhibitors.models import Application
from tests.factories import ApplicationFactory, MembershipFactory

pytestmark = pytest.mark.django_db

LOGIN = "/accounts/login/"

# (url name, kwargs builder, anonymous, other company, owner)
MATRIX = [
    ("exhibitors:application", "pk", LOGIN, 404, 200),
    ("exhibitors:application_edit", "pk", LOGIN, 404, 200),
    ("exhibitors:application_withdraw", "pk", LOGIN, 404, 200),
    ("exhibitors:application_respond", "pk", LOGIN, 404, 302),
    ("exhibitors:application_document", "document", LOGIN, 404, 200),
    ("exhibitors:applications", None, LOGIN, 200, 200),
    ("exhibitors:company", None, LOGIN, 200, 200),
    ("exhibitors:company_create", None, LOGIN, 302, 302),
]


@pytest.fixture
def world():
    owner = MembershipFactory()
    other = MembershipFactory()
    application = ApplicationFactory(company=owner.company, product_name_en="Secret product")
    return {"owner": owner.user, "other": other.user, "application": application}


def _url(name, args, application):
    if args == "pk":
        return reverse(name, args=[application.pk])
    if args == "document":
        return reverse(name, args=[application.pk, "introduction"])
    return reverse(name)


@pytest.mark.parametrize(("name", "args", "anonymous", "other", "owner"), MATRIX)
def test_matrix(client, world, name, args, anonymous, other, owner):
    url = _url(name, args, world["application"])

    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith(LOGIN + "?next=")

    client.force_login(world["other"])
    response = client.get(url)
    assert response.status_code == other
    assert b"Secret product" not in b"".join(
        response.streaming_content if response.streaming else [response.content]
    )

    client.force_login(world["owner"])
    assert client.get(url).status_code == owner


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

    from exhibitors import booths
    from exhibitors.models import Booth, Exhibitor

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


# Outcome reports: (url name, arguments, method, owner's status) ---------------------------------

REPORT_MATRIX = [
    ("exhibitors:reports", None, "get", 200),
    ("exhibitors:report", "exhibitor", "get", 200),
    ("exhibitors:report_upload", "exhibitor", "post", 200),
    ("exhibitors:report_template", "exhibitor", "get", 200),
    ("exhibitors:report_scan", "scan", "get", 200),
    ("exhibitors:application_report", "application", "get", 302),
]


@pytest.fixture
def exhibition():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from exhibitors import outcomes
    from exhibitors.models import Mou
    from tests.exhibitors.exhibiting import confirmed_exhibitor, member_of, started_pavilion
    from tests.factories import PDF_BYTES

    exhibitor = confirmed_exhibitor(started_pavilion())
    scan = Mou.objects.create(
        report=outcomes.report_for(exhibitor),
        partner="Secret partner",
        country="PL",
        signed_on=exhibitor.pavilion.event.starts_on,
        scan=SimpleUploadedFile("mou.pdf", PDF_BYTES),
    )
    return {
        "exhibitor": exhibitor,
        "scan": scan,
        "owner": member_of(exhibitor.company),
        "other": MembershipFactory().user,
    }


@pytest.mark.parametrize(("name", "args", "method", "owner"), REPORT_MATRIX)
def test_report_matrix(client, exhibition, name, args, method, owner):
    exhibitor = exhibition["exhibitor"]
    arguments = {
        None: [],
        "exhibitor": [exhibitor.pk],
        "scan": [exhibitor.pk, exhibition["scan"].pk],
        "application": [exhibitor.company.applications.get().pk],
    }[args]
    url = reverse(name, args=arguments)
    send = getattr(client, method)

    response = send(url)
    assert response.status_code == 302 and response.url.startswith(LOGIN + "?next=")

    client.force_login(exhibition["other"])
    response = send(url)
    assert response.status_code == (200 if args is None else 404)
    assert b"Secret partner" not in b"".join(
        response.streaming_content if response.streaming else [response.content]
    )

    client.force_login(exhibition["owner"])
    assert send(url).status_code == owner
