"""Private documents on S3-compatible object storage, for real: a local S3 server (moto's server
mode on loopback) with a private bucket, the storage built by the settings' own
``private_storage`` from environment variables, documents uploaded through the application
form, fetched over HTTP the way a browser would."""

import urllib.error
import urllib.request
import uuid
from urllib.parse import parse_qs, urlsplit

import boto3
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from exhibitors.applications.models import Application
from portal.settings.base import private_storage
from tests.exhibitors.applications.test_views import complete_post
from tests.factories import PDF_BYTES, ApplicationFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

REGION = "eu-central-1"
KEYS = {"AWS_ACCESS_KEY_ID": "portal-test-key", "AWS_SECRET_ACCESS_KEY": "portal-test-secret"}


@pytest.fixture(scope="session")
def s3_endpoint():
    """A local S3-compatible server for the whole run, on a free port of the loopback."""
    from moto.server import ThreadedMotoServer

    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    yield f"http://{host}:{port}"
    server.stop()


@pytest.fixture
def bucket(s3_endpoint, settings, monkeypatch):
    """A new private bucket, and the portal's storage pointed at it through the environment."""
    name = f"documents-{uuid.uuid4().hex[:12]}"
    environ = {
        "STORAGE_BACKEND": "s3",
        "AWS_STORAGE_BUCKET_NAME": name,
        "AWS_S3_ENDPOINT_URL": s3_endpoint,
        "AWS_S3_REGION_NAME": REGION,
        **KEYS,
    }
    for variable, value in KEYS.items():  # credentials: from the environment only
        monkeypatch.setenv(variable, value)
    client = boto3.client(
        "s3",
        endpoint_url=s3_endpoint,
        region_name=REGION,
        aws_access_key_id=KEYS["AWS_ACCESS_KEY_ID"],
        aws_secret_access_key=KEYS["AWS_SECRET_ACCESS_KEY"],
    )
    client.create_bucket(Bucket=name, CreateBucketConfiguration={"LocationConstraint": REGION})
    client.put_public_access_block(
        Bucket=name,
        PublicAccessBlockConfiguration={
            "BlockPublicAcls": True,
            "IgnorePublicAcls": True,
            "BlockPublicPolicy": True,
            "RestrictPublicBuckets": True,
        },
    )
    settings.STORAGES = {**settings.STORAGES, "default": private_storage(environ)}
    assert "access_key" not in settings.STORAGES["default"]["OPTIONS"]
    return client, name


def _keys(client, name):
    return [item["Key"] for item in client.list_objects_v2(Bucket=name).get("Contents", [])]


def _fetch(url):
    """A plain HTTP GET, as a browser without any credentials would make it."""
    try:
        with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 (loopback)
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


@pytest.fixture
def owner():
    return MembershipFactory()


def test_a_document_uploaded_with_the_form_is_private_in_the_bucket(client, bucket, owner):
    s3, name = bucket
    assert default_storage.bucket_name == name
    application = ApplicationFactory(company=owner.company, introduction_pdf=None)
    client.force_login(owner.user)
    response = client.post(
        reverse("exhibitors:application_edit", args=[application.pk]),
        complete_post(application, save_draft="1"),
    )
    assert response.status_code == 302
    application.refresh_from_db()
    key = application.introduction_pdf.name
    assert _keys(s3, name) == [key]
    assert s3.get_object(Bucket=name, Key=key)["Body"].read() == PDF_BYTES
    grants = s3.get_object_acl(Bucket=name, Key=key)["Grants"]
    assert not [grant for grant in grants if "AllUsers" in grant["Grantee"].get("URI", "")]

    # The object's plain address, without a signature, is refused by the server.
    status, _headers, body = _fetch(f"{s3.meta.endpoint_url}/{name}/{key}")
    assert status == 403 and PDF_BYTES not in body

    # The owner's download: a redirect to a signed address that expires within a minute.
    url = reverse("exhibitors:application_document", args=[application.pk, "introduction"])
    response = client.get(url)
    assert response.status_code == 302
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    signed = response.url
    assert signed.startswith(f"{s3.meta.endpoint_url}/{name}/{key}?")
    query = parse_qs(urlsplit(signed).query)
    assert query["X-Amz-Expires"] == ["60"] and "X-Amz-Signature" in query
    assert query["response-content-disposition"][0].startswith("attachment;")

    # Fetched, the signed address gives the file as a download.
    status, headers, body = _fetch(signed)
    assert status == 200 and body == PDF_BYTES
    assert headers["Content-Disposition"].startswith("attachment;")
    assert f"-{application.pk}-introduction.pdf" in headers["Content-Disposition"]

    # The address the pages show is the portal's view, never the bucket's.
    page = client.get(reverse("exhibitors:application_edit", args=[application.pk])).content
    assert application.introduction_pdf.url.encode() in page
    assert s3.meta.endpoint_url.encode() not in page and b"X-Amz-Signature" not in page


def test_another_company_gets_a_404_and_no_address(client, bucket, owner):
    application = ApplicationFactory(company=owner.company)
    other = MembershipFactory().user
    staff_without_role = UserFactory(is_staff=True)
    document = application.introduction_pdf.url
    portal = reverse("exhibitors:application_document", args=[application.pk, "introduction"])
    admin = reverse("admin:exhibitors_review_document", args=[application.pk, "introduction"])
    # (user, address, status, where a redirect goes)
    expected = [
        (other, document, 404, None),
        (other, portal, 404, None),
        (other, admin, 302, "/admin/login/"),
        (staff_without_role, document, 404, None),
        (staff_without_role, portal, 302, reverse("exhibitors:company_create")),
        (staff_without_role, admin, 404, None),
        (None, document, 302, "/accounts/login/"),
    ]
    for user, url, status, redirect in expected:
        client.logout()
        if user is not None:
            client.force_login(user)
        response = client.get(url)
        assert response.status_code == status, (user, url)
        if redirect:
            assert response.url.startswith(redirect)
            assert bucket[1] not in response.url and "Signature" not in response.url


def test_a_replaced_or_deleted_document_leaves_the_bucket(
    client, bucket, owner, django_capture_on_commit_callbacks
):
    s3, name = bucket
    application = ApplicationFactory(company=owner.company)
    first = application.introduction_pdf.name
    assert _keys(s3, name) == [first]
    client.force_login(owner.user)
    url = reverse("exhibitors:application_edit", args=[application.pk])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, complete_post(application, save_draft="1"))
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.introduction_pdf.name != first
    assert _keys(s3, name) == [application.introduction_pdf.name]

    with django_capture_on_commit_callbacks(execute=True):
        Application.objects.get(pk=application.pk).delete()
    assert _keys(s3, name) == []


S3_ENV = {
    "STORAGE_BACKEND": "s3",
    "AWS_STORAGE_BUCKET_NAME": "pavilion-documents",
    "AWS_S3_REGION_NAME": REGION,
}


def test_production_settings_keep_documents_in_the_bucket_and_static_files_in_whitenoise():
    from tests.test_production import manage

    result = manage("check", "--deploy", "--fail-level", "WARNING", **S3_ENV)
    assert result.returncode == 0, result.stdout + result.stderr
    script = (
        "from django.core.files.storage import storages; import json;"
        "d = storages['default'];"
        "print(json.dumps([type(d).__name__, d.bucket_name, d.querystring_expire,"
        " type(storages['staticfiles']).__name__]))"
    )
    result = manage("shell", "-c", script, **S3_ENV)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        '["S3Storage", "pavilion-documents", 60, "CompressedManifestStaticFilesStorage"]'
    )

    result = manage("check", **{**S3_ENV, "AWS_STORAGE_BUCKET_NAME": None})
    assert result.returncode != 0 and "AWS_STORAGE_BUCKET_NAME" in result.stderr
