"""Private documents (application documents, logos, MOU scans) on the default storage: who
may fetch each one, that every page links to them through the permission-checked view and
never through the storage, and that replaced or deleted files leave the storage.

The company-facing views of the documents are in the matrices of tests/test_authorization.py,
the reviewers' in tests/exhibitors/applications/test_reviews.py; the object-storage path in
tests/test_object_storage.py."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import Resolver404, resolve, reverse
from PIL import Image

from exhibitors import roles
from exhibitors.companies.models import Company
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import Mou
from tests.exhibitors.exhibiting import confirmed_exhibitor, member_of, started_pavilion
from tests.exhibitors.reporting import staff
from tests.factories import PDF_BYTES, ApplicationFactory, MembershipFactory

pytestmark = pytest.mark.django_db


def png_bytes(colour="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), colour).save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture
def files():
    """One company with an application document, a logo and an MOU scan."""
    exhibitor = confirmed_exhibitor(started_pavilion())
    company = exhibitor.company
    company.logo.save("logo.png", ContentFile(png_bytes()))
    mou = Mou.objects.create(
        report=outcomes.report_get_or_create(exhibitor),
        partner="Secret partner",
        country="PL",
        signed_on=exhibitor.pavilion.event.starts_on,
        scan=SimpleUploadedFile("mou.pdf", PDF_BYTES),
    )
    application = company.applications.get()
    return {
        "introduction": application.introduction_pdf,
        "logo": company.logo,
        "scan": mou.scan,
        "owner": member_of(company),
        "company": company,
        "mou": mou,
    }


# Who gets which file: the entitled staff role, and a staff role without the right to it.
# (document, role that may, role that may not)
STAFF = [
    ("introduction", roles.PROGRAMME_MANAGER, roles.REVIEWER),  # an unassigned reviewer
    ("logo", roles.FLOOR_MANAGER, roles.REVIEWER),
    ("logo", roles.REPORTING, roles.REVIEWER),
    ("scan", roles.REPORTING, roles.FLOOR_MANAGER),
    ("scan", roles.PROGRAMME_MANAGER, roles.REVIEWER),
]


@pytest.mark.parametrize(("document", "entitled", "not_entitled"), STAFF)
def test_each_document_for_its_company_and_entitled_staff_only(
    client, files, document, entitled, not_entitled
):
    file = files[document]
    url = file.url
    assert url.startswith("/documents/") and file.name not in url

    response = client.get(url)
    assert response.status_code == 302 and response.url.startswith("/accounts/login/?next=")

    for user in (files["owner"], staff(entitled), staff()):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["Content-Disposition"].startswith("attachment;")
        assert response["X-Content-Type-Options"] == "nosniff"
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content) == default_storage.open(file.name).read()

    for user in (MembershipFactory().user, staff(not_entitled)):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 404
        assert not response.has_header("Content-Disposition")


def test_unknown_documents_and_fields_are_404(client, files):
    client.force_login(staff())
    company = files["company"]
    for model, pk, field in [
        ("company", company.pk + 1000, "logo"),
        ("company", company.pk, "description_en"),  # not a file
        ("user", files["owner"].pk, "password"),
        ("mou", files["mou"].pk, "logo"),
    ]:
        assert (
            client.get(reverse("exhibitors:document", args=[model, pk, field])).status_code == 404
        )
    Company.objects.filter(pk=company.pk).update(logo="")
    assert client.get(files["logo"].url).status_code == 404  # no logo (any more)


def test_uploaded_files_have_no_public_address():
    with pytest.raises(Resolver404):
        resolve("/media/logos/2026/logo.png")


def test_pages_link_to_the_view_never_to_the_storage(client, files):
    logo, scan = files["logo"], files["scan"]
    application = files["company"].applications.get()
    draft = ApplicationFactory(company=files["company"])

    client.force_login(files["owner"])
    for url, file in [
        (reverse("exhibitors:company"), logo),
        (reverse("exhibitors:application_edit", args=[draft.pk]), draft.introduction_pdf),
    ]:
        page = client.get(url).content.decode()
        assert f'href="{file.url}"' in page
        assert "/media/" not in page

    # The back office, for staff who may change and for staff who may only view.
    client.force_login(staff())
    admin_pages = [
        (reverse("admin:exhibitors_company_change", args=[files["company"].pk]), logo),
        (
            reverse("admin:exhibitors_application_change", args=[application.pk]),
            files["introduction"],
        ),
        (reverse("admin:exhibitors_mou_change", args=[files["mou"].pk]), scan),
        (reverse("admin:exhibitors_outcomereport_change", args=[files["mou"].report_id]), scan),
    ]
    for url, file in admin_pages:
        page = client.get(url).content.decode()
        assert f'href="{file.url}"' in page, url
        assert "/media/" not in page
    client.force_login(staff(roles.REPORTING))  # view-only on companies and MOUs
    for url, file in [admin_pages[0], admin_pages[2]]:
        page = client.get(url).content.decode()
        assert f'href="{file.url}"' in page, url
        assert "/media/" not in page


def _company_post(company, **files):
    return {
        "name_ko": company.name_ko,
        "name_en": company.name_en,
        "registration_number": company.registration_number,
        "representative": company.representative,
        "email": "team@example.com",
        "preferred_language": "ko",
        **files,
    }


def test_a_replaced_or_cleared_logo_leaves_the_storage(
    client, files, django_capture_on_commit_callbacks
):
    company, first = files["company"], files["logo"].name
    client.force_login(files["owner"])
    url = reverse("exhibitors:company")

    new_logo = SimpleUploadedFile("new.png", png_bytes("blue"), "image/png")
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, _company_post(company, logo=new_logo)).status_code == 302
    company.refresh_from_db()
    assert company.logo.name != first
    assert not default_storage.exists(first) and default_storage.exists(company.logo.name)

    second = company.logo.name
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, _company_post(company, **{"logo-clear": "on"}))
    assert response.status_code == 302
    company.refresh_from_db()
    assert not company.logo and not default_storage.exists(second)


def test_a_form_that_fails_keeps_the_stored_file(client, files, django_capture_on_commit_callbacks):
    company, first = files["company"], files["logo"].name
    client.force_login(files["owner"])
    bad = SimpleUploadedFile("new.png", b"not an image", "image/png")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("exhibitors:company"), _company_post(company, logo=bad))
    assert response.status_code == 200
    company.refresh_from_db()
    assert company.logo.name == first and default_storage.exists(first)


def test_deleting_a_row_deletes_its_files(files, django_capture_on_commit_callbacks):
    draft = ApplicationFactory(company=files["company"])
    other = MembershipFactory().company
    other.logo.save("logo.png", ContentFile(png_bytes()))
    names = [files["scan"].name, draft.introduction_pdf.name, other.logo.name]
    assert all(default_storage.exists(name) for name in names)
    with django_capture_on_commit_callbacks(execute=True):
        files["mou"].delete()
        draft.delete()
        other.delete()
    assert not any(default_storage.exists(name) for name in names)
    assert default_storage.exists(files["introduction"].name)  # the others stay


def test_a_rolled_back_change_keeps_the_old_file(files, django_capture_on_commit_callbacks):
    from django.db import transaction

    application = ApplicationFactory(company=files["company"])
    first = application.introduction_pdf.name
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                application.introduction_pdf = SimpleUploadedFile("new.pdf", PDF_BYTES)
                application.save()
                raise RuntimeError("rolled back")
        except RuntimeError:
            pass
    assert callbacks == [] and default_storage.exists(first)


def test_the_storage_is_chosen_by_the_environment():
    from django.core.exceptions import ImproperlyConfigured

    from portal.settings.base import private_storage

    assert private_storage({})["BACKEND"] == "django.core.files.storage.FileSystemStorage"
    s3 = private_storage({"STORAGE_BACKEND": "S3", "AWS_STORAGE_BUCKET_NAME": "documents"})
    assert s3["BACKEND"] == "storages.backends.s3.S3Storage"
    with pytest.raises(ImproperlyConfigured, match="AWS_STORAGE_BUCKET_NAME"):
        private_storage({"STORAGE_BACKEND": "s3"})
    with pytest.raises(ImproperlyConfigured, match="local or s3"):
        private_storage({"STORAGE_BACKEND": "ftp"})
