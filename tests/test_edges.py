"""Bad input at the edges: bodies and files over their limits, spreadsheet bombs, malformed
multipart bodies, undecodable query strings. Each gets a clear refusal (a 400 page or a form
error), never a server error, and nothing is written."""

import io
import zipfile

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from exhibitors.models import Booth, Company, Consultation
from portal import spreadsheets
from tests.authz_urls import url_for
from tests.authz_world import OWNER, SUPERUSER, build_world
from tests.test_authorization_matrix import PUBLIC_BY_DESIGN, matrix

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    return build_world()


def signed_in(world, person):
    client = Client(headers={"accept-language": "en"})
    client.force_login(world["users"][person])
    return client


# Spreadsheet bombs ----------------------------------------------------------------------------

WIDE_ROW = ("a," * 1_000_000).encode()  # one row with a million columns: 2 MB
EMPTY_ROWS = b"name_ko,name_en\n" + b"\n" * 1_000_000  # a million empty rows: 1 MB


def xlsx_bytes(build):
    book = openpyxl.Workbook()
    build(book.active)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def far_cell_xlsx():
    """A header row and one cell a million rows down: opened naively, a million empty rows."""

    def build(sheet):
        sheet.append(["a", "b"])
        sheet.cell(row=1_000_000, column=1, value="x")

    return xlsx_bytes(build)


def wide_xlsx():
    def build(sheet):
        sheet.append(["a", "b"])
        sheet.cell(row=2, column=16_000, value="x")

    return xlsx_bytes(build)


def zip_bomb_xlsx():
    """A small archive that unpacks to 60 MB of one worksheet."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/worksheets/sheet1.xml", b" " * (60 * 1024 * 1024))
    return buffer.getvalue()


BOMBS = {
    "csv-wide": ("bomb.csv", WIDE_ROW, "columns"),
    "csv-rows": ("bomb.csv", EMPTY_ROWS, "rows"),
    "csv-big": ("big.csv", b"a\n" + b"x" * (spreadsheets.MAX_BYTES + 1), "the limit is"),
    "xlsx-rows": ("bomb.xlsx", None, "rows"),
    "xlsx-wide": ("bomb.xlsx", None, "columns"),
    "xlsx-zip": ("bomb.xlsx", None, "unpacks to more than"),
    "xlsx-fake": ("fake.xlsx", b"PK\x03\x04 not a zip", "not what its name says"),
}


def bomb(kind):
    name, data, message = BOMBS[kind]
    if data is None:
        data = {"xlsx-rows": far_cell_xlsx, "xlsx-wide": wide_xlsx, "xlsx-zip": zip_bomb_xlsx}[
            kind
        ]()
    return name, data, message


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_the_shared_reader_refuses_every_bomb_with_its_reason(kind):
    name, data, message = bomb(kind)
    input_format = spreadsheets.guess_format(name)
    with pytest.raises((spreadsheets.SpreadsheetTooLarge, spreadsheets.UnreadableSpreadsheet)) as e:
        input_format.create_dataset(data)
    assert message in str(e.value)


@pytest.mark.parametrize("kind", sorted(BOMBS))
@pytest.mark.parametrize(
    ("url_name", "model", "who"),
    [
        ("admin:exhibitors_company_import", Company, SUPERUSER),
        ("admin:exhibitors_booth_import", Booth, SUPERUSER),
    ],
)
def test_admin_imports_refuse_a_bomb_and_write_nothing(world, kind, url_name, model, who):
    name, data, message = bomb(kind)
    before = model.objects.count()
    client = signed_in(world, who)
    file_format = 1 if name.endswith(".xlsx") else 0
    response = client.post(
        reverse(url_name),
        {"resource": 0, "format": file_format, "import_file": SimpleUploadedFile(name, data)},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert response.context.get("confirm_form") is None
    assert model.objects.count() == before


@pytest.mark.parametrize("kind", sorted(BOMBS))
def test_the_report_upload_refuses_a_bomb_and_writes_nothing(world, kind):
    name, data, message = bomb(kind)
    exhibitor = world["exhibitor"]
    before = Consultation.objects.count()
    response = signed_in(world, OWNER).post(
        reverse("exhibitors:report_upload", args=[exhibitor.pk]),
        {"log": SimpleUploadedFile(name, data), "replace": "on"},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Consultation.objects.count() == before


def test_the_import_command_refuses_a_bomb(tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "bomb.csv"
    path.write_bytes(WIDE_ROW)
    with pytest.raises(CommandError, match="columns"):
        call_command(
            "import", "exhibitors.resources.CompanyResource", str(path), interactive=False
        )
    assert not Company.objects.exists()


def test_a_file_at_the_limits_still_imports():
    """The limits leave room for a real file: the most rows, each as wide as allowed."""
    header = ",".join(f"c{n}" for n in range(spreadsheets.MAX_COLUMNS))
    rows = "\n".join([header] + ["1"] * spreadsheets.MAX_ROWS) + "\n"
    dataset = spreadsheets.KoreanCSV().create_dataset(rows.encode())
    assert len(dataset) == spreadsheets.MAX_ROWS
    assert len(dataset.headers) == spreadsheets.MAX_COLUMNS


def test_a_csv_row_wider_than_its_header_is_refused_with_its_number():
    data = "name_ko,name_en\n회사,Company\n회사, Acme, Inc.\n".encode()
    with pytest.raises(spreadsheets.UnreadableSpreadsheet, match="Row 3"):
        spreadsheets.KoreanCSV().create_dataset(data)


# Request bodies over the limits -------------------------------------------------------------


def test_a_body_over_the_limit_gets_the_translated_400_page(world):
    client = signed_in(world, OWNER)
    body = "x=" + "a" * (settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 1)
    response = client.post(
        reverse("exhibitors:company"),
        body,
        content_type="application/x-www-form-urlencoded",
        HTTP_ACCEPT_LANGUAGE="ko",
    )
    assert response.status_code == 400
    page = response.content.decode()
    assert "요청을 읽을 수 없습니다" in page or "The request could not be read" in page
    assert "<script" not in page


def test_too_many_fields_get_a_400(world):
    client = signed_in(world, OWNER)
    body = "&".join(f"f{n}=1" for n in range(settings.DATA_UPLOAD_MAX_NUMBER_FIELDS + 1))
    response = client.post(
        reverse("exhibitors:company"), body, content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert "The request could not be read" in response.content.decode()


def test_an_application_document_over_its_limit_is_a_form_error():
    from exhibitors.models import Application
    from tests.factories import ApplicationFactory, MembershipFactory

    field = Application._meta.get_field("introduction_pdf")
    limit = next(v.limit for v in field.validators if hasattr(v, "limit"))
    membership = MembershipFactory()
    application = ApplicationFactory(company=membership.company, introduction_pdf=None)
    client = Client(headers={"accept-language": "en"})
    client.force_login(membership.user)
    big = SimpleUploadedFile("intro.pdf", b"%PDF-1.4\n" + b"0" * limit, "application/pdf")
    response = client.post(
        reverse("exhibitors:application_edit", args=[application.pk]),
        {"product_name_en": "x", "introduction_pdf": big, "save_draft": "1"},
    )
    assert response.status_code == 200
    assert "the limit is" in response.content.decode()
    application.refresh_from_db()
    assert not application.introduction_pdf


# Malformed multipart bodies ------------------------------------------------------------------

MULTIPART_BODIES = {
    "no boundary": ("multipart/form-data", b"--x\r\n"),
    "bad boundary": ("multipart/form-data; boundary=", b"--x\r\n"),
    "foreign boundary": (
        "multipart/form-data; boundary=abc",
        b'--xyz\r\nContent-Disposition: form-data; name="a"\r\n\r\n1\r\n--xyz--\r\n',
    ),
    "truncated": (
        "multipart/form-data; boundary=abc",
        b'--abc\r\nContent-Disposition: form-data; name="log"; filename="a.csv"\r\n'
        b"Content-Type: text/csv\r\n\r\nname,",
    ),
    "no headers": ("multipart/form-data; boundary=abc", b"--abc\r\n\r\n\r\n--abc--\r\n"),
    "undecodable name": (
        "multipart/form-data; boundary=abc",
        b'--abc\r\nContent-Disposition: form-data; name="\xff\xfe"\r\n\r\n1\r\n--abc--\r\n',
    ),
}


@pytest.mark.parametrize("case", sorted(MULTIPART_BODIES))
@pytest.mark.parametrize(
    "url_name", ["exhibitors:report_upload", "exhibitors:company", "admin:exhibitors_booth_import"]
)
def test_a_malformed_multipart_body_is_not_a_server_error(world, case, url_name):
    content_type, body = MULTIPART_BODIES[case]
    client = signed_in(world, SUPERUSER if url_name.startswith("admin:") else OWNER)
    url = url_for(url_name, world)
    before = Consultation.objects.count(), Booth.objects.count()
    response = client.generic("POST", url, body, content_type=content_type)
    assert response.status_code < 500, response.content[:300]
    assert (Consultation.objects.count(), Booth.objects.count()) == before


# Undecodable query strings -------------------------------------------------------------------

JUNK_QUERIES = [
    # search boxes, ?next=, paging and ordering
    "q=%ff%fe&next=%c0%af%c0%af%ff&page=%ff&p=-1&o=999.x&e=%ff&all=&_changelist_filters=%ff",
    # the admin's and the pages' filters, with values that are not ids
    "pavilion=%ff&theme=1x&status=%ff&decision=%ff&pavilion__id__exact=%ff&kind=%ff&state=%ff",
    # a very long undecodable value
    "q=" + "%ff" * 2000 + "&next=" + "%e2%82" * 500,
]


@pytest.mark.parametrize("person", [SUPERUSER, OWNER])
def test_junk_in_the_query_string_of_every_page_is_not_a_server_error(world, person):
    client = signed_in(world, person)
    failures = []
    for name in sorted(set(matrix()) - PUBLIC_BY_DESIGN):
        url = url_for(name, world).split("?")[0]
        for query in JUNK_QUERIES:
            response = client.get(url, QUERY_STRING=query.encode("latin-1").decode("latin-1"))
            if response.status_code >= 500:
                failures.append(f"{name} ?{query[:40]}: {response.status_code}")
    assert not failures, failures


def test_raw_non_utf8_bytes_in_the_query_string(world):
    """A client that sends raw bytes, not percent-encoded: WSGI hands them over as latin-1."""
    client = signed_in(world, OWNER)
    for name in ["events:home", "exhibitors:applications", "exhibitors:reports"]:
        response = client.get(reverse(name), QUERY_STRING="q=\xff\xfe&next=\xc0")
        assert response.status_code == 200
