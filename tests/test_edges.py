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

from exhibitors.companies.models import Company
from exhibitors.floor.models import Booth
from exhibitors.outcomes.models import Consultation
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
            "import", "exhibitors.companies.resources.CompanyResource", str(path), interactive=False
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
    from exhibitors.applications.models import Application
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


# HTML, script and formulas in every free-text field ----------------------------------------

PAYLOAD = '=1+1<script>alert("x")</script><img src=x onerror=alert(1)>'
RAW = ('<script>alert("x")</script>', "<img src=x onerror")
ESCAPED = "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"


@pytest.fixture
def hostile(world):
    """The world with the payload in every free-text field a user can fill, and the owner's
    booth allocated (so that the company's name is drawn on the floor plan)."""
    from exhibitors.applications.models import Application, Review
    from exhibitors.floor import services as booths

    company = world["exhibitor"].company
    company.name_en = company.name_ko = company.representative = PAYLOAD
    company.description_en = company.description_ko = PAYLOAD
    company.save()
    Application.objects.filter(pk=world["application"].pk).update(
        product_name_en=PAYLOAD,
        product_name_ko=PAYLOAD,
        product_description_en=PAYLOAD,
        product_description_ko=PAYLOAD,
        goals=PAYLOAD,
        booth_notes=PAYLOAD,
        withdrawal_reason=PAYLOAD,
    )
    world["application"].status_changes.update(note=PAYLOAD)  # decision notes and reasons
    theme = world["pavilion"].event.themes.first()
    theme.name_en = theme.name_ko = PAYLOAD
    theme.save()
    report = world["exhibitor"].report
    report.__class__.objects.filter(pk=report.pk).update(
        staff_comment=PAYLOAD, survey_comment=PAYLOAD
    )
    report.consultations.update(buyer_organisation=PAYLOAD, product=PAYLOAD, note=PAYLOAD)
    report.mous.update(partner=PAYLOAD, scope=PAYLOAD)
    report.contracts.update(partner=PAYLOAD)
    Review.objects.filter(pk=world["review"].pk).update(comment=PAYLOAD, conflict_note=PAYLOAD)
    booths.booth_offer_accept(booth=world["booth"], exhibitor=world["exhibitor"])
    return world


OWNER_PAGES = [
    "exhibitors:application",
    "exhibitors:applications",
    "exhibitors:report",
    "exhibitors:company",
]
STAFF_PAGES = [
    "admin:exhibitors_company_changelist",
    "admin:exhibitors_company_change",
    "admin:exhibitors_application_changelist",
    "admin:exhibitors_application_change",
    "admin:exhibitors_rankedapplication_changelist",
    "admin:exhibitors_consultation_changelist",
    "admin:exhibitors_outcomereport_change",
    "admin:exhibitors_review_changelist",
    "admin:exhibitors_review_score",
    "admin:exhibitors_booth_changelist",
    "admin:exhibitors_statuschange_changelist",
    "admin:events_pavilion_floor_plan",
    "admin:events_pavilion_dashboard",
]


@pytest.mark.parametrize(
    ("person", "name"),
    [(OWNER, name) for name in OWNER_PAGES] + [(SUPERUSER, name) for name in STAFF_PAGES],
)
def test_html_in_free_text_is_escaped_where_it_is_shown(hostile, person, name):
    response = signed_in(hostile, person).get(url_for(name, hostile))
    assert response.status_code == 200
    page = response.content.decode()
    for raw in RAW:
        assert raw not in page
    assert ESCAPED in page  # the text is shown, escaped


def test_the_floor_plan_svg_escapes_the_names(hostile):
    page = (
        signed_in(hostile, SUPERUSER)
        .get(url_for("admin:events_pavilion_floor_plan", hostile))
        .content.decode()
    )
    start = page.index('class="floorplan-svg"')
    svg = page[start : page.index("</svg>", start)]
    assert "&lt;script" in svg or "&lt;scr" in svg  # a name drawn on the plan, escaped
    assert "<script" not in svg and "<img" not in svg


def test_e_mails_escape_the_html_part_and_keep_the_text_part_plain():
    from django.core import mail
    from django.test import TestCase

    from exhibitors.applications import services as applications
    from tests.factories import ApplicationFactory, MembershipFactory

    membership = MembershipFactory(company__name_en=PAYLOAD, company__name_ko=PAYLOAD)
    application = ApplicationFactory(company=membership.company)
    during_call = application.pavilion.applications_open_at
    applications.application_submit(
        application=application, user=None, now=during_call, notify=False
    )
    with TestCase.captureOnCommitCallbacks(execute=True):
        applications.application_accept(application=application, user=None, now=during_call)
    message = mail.outbox[-1]
    assert PAYLOAD in message.body  # plain text: as typed
    html = {kind: content for content, kind in message.alternatives}["text/html"]
    assert ESCAPED in html
    for raw in RAW:
        assert raw not in html


def test_a_subject_line_is_plain_text():
    from django.core import mail
    from django.test import TestCase

    from tests.factories import MembershipFactory

    membership = MembershipFactory(company__name_en="A&B <Co>", company__name_ko="A&B <Co>")
    client = Client(headers={"accept-language": "en"})
    client.force_login(membership.user)
    with TestCase.captureOnCommitCallbacks(execute=True):
        client.post(reverse("exhibitors:company_invite"), {"email": "new@example.com"})
    assert "A&B <Co>" in mail.outbox[-1].subject
    assert "A&B <Co>" in mail.outbox[-1].body


# Spreadsheet exports: no cell runs as a formula ----------------------------------------------

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def xlsx_text_cells(data):
    book = openpyxl.load_workbook(io.BytesIO(data))
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            yield from (v for v in row if isinstance(v, str))


def csv_text_cells(data):
    import csv

    for row in csv.reader(io.StringIO(data.decode("utf-8-sig"))):
        yield from row


def assert_no_formula(cells):
    cells = list(cells)
    assert any(PAYLOAD in cell for cell in cells)  # the payload is exported...
    bad = [cell for cell in cells if cell.startswith(FORMULA_STARTS)]
    assert not bad  # ...never as a formula


@pytest.mark.parametrize(
    ("name", "file_format", "reader"),
    [
        ("admin:exhibitors_company_export", 0, xlsx_text_cells),
        ("admin:exhibitors_company_export", 1, csv_text_cells),
        ("admin:exhibitors_rankedapplication_export", 0, xlsx_text_cells),
    ],
)
def test_admin_exports_neutralise_formulas(hostile, name, file_format, reader):
    from django.forms import BooleanField

    client = signed_in(hostile, SUPERUSER)
    url = url_for(name, hostile)
    form = client.get(url).context["form"]
    data = {"format": file_format, "resource": 0}
    data.update(
        {key: True for key, field in form.fields.items() if isinstance(field, BooleanField)}
    )
    response = client.post(url, data)
    assert "attachment" in response["Content-Disposition"]
    assert_no_formula(reader(response.content))


def assert_xlsx_text_never_formula(data):
    """The outcome workbooks (the dashboard's, ``pavilion_report``) write text as typed in text
    cells, never formulas: what a spreadsheet would run as one is marked with the cell's quote
    prefix (the apostrophe is not written into the value)."""
    book = openpyxl.load_workbook(io.BytesIO(data))
    cells = [
        cell
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value is not None and cell.data_type != "n"
    ]
    assert any(PAYLOAD in cell.value for cell in cells)  # the payload is exported...
    assert all(cell.data_type == "s" for cell in cells)  # ...never as a formula
    assert all(cell.quotePrefix for cell in cells if cell.value.startswith(FORMULA_STARTS))


def test_the_dashboard_workbook_neutralises_formulas(hostile):
    from exhibitors.outcomes.models import ReportStatus

    hostile["exhibitor"].report.__class__.objects.filter(pk=hostile["exhibitor"].report.pk).update(
        status=ReportStatus.APPROVED
    )
    response = signed_in(hostile, SUPERUSER).get(
        url_for("admin:events_pavilion_dashboard_xlsx", hostile)
    )
    assert_xlsx_text_never_formula(response.content)


def test_pavilion_report_xlsx_neutralises_formulas(hostile, tmp_path):
    from django.core.management import call_command

    from exhibitors.outcomes.models import ReportStatus

    hostile["exhibitor"].report.__class__.objects.filter(pk=hostile["exhibitor"].report.pk).update(
        status=ReportStatus.APPROVED
    )
    target = tmp_path / "report.xlsx"
    call_command(
        "pavilion_report", hostile["pavilion"].event.slug, format="xlsx", output=str(target)
    )
    assert_xlsx_text_never_formula(target.read_bytes())


def test_an_exported_company_imports_back_as_typed():
    """The apostrophe that keeps "=cmd" from running in Excel is not imported with it."""
    from exhibitors.companies.resources import CompanyResource
    from tests.factories import CompanyFactory

    company = CompanyFactory(name_en="=SUM(A1)", representative="@home")
    data = CompanyResource().export().xlsx
    company.name_en = company.representative = "changed"
    company.save()
    dataset = spreadsheets.SafeXLSX().create_dataset(data)
    assert dataset["name_en"][0] == "'=SUM(A1)"  # neutralised in the file
    result = CompanyResource().import_data(dataset)
    assert not spreadsheets.import_problems(result, CompanyResource())
    company.refresh_from_db()
    assert (company.name_en, company.representative) == ("=SUM(A1)", "@home")


def test_a_report_post_claiming_huge_tables_is_refused_as_a_form_error(world):
    """TOTAL_FORMS is the client's word: a POST claiming 100,000 rows a table gets the
    formset's error (after at most each table's cap of rows is built: 20 new consultations,
    30 MOUs or contracts), not minutes of work, and nothing is written."""
    from exhibitors.outcomes.forms import MAX_CONTRACTS, MAX_EXTRA_ROWS, MAX_MOUS

    exhibitor = world["exhibitor"]
    data = {"save": "1"}
    for prefix in ["consultations", "mous", "contracts", "follow_ups"]:
        data[f"{prefix}-TOTAL_FORMS"] = "100000"
        data[f"{prefix}-INITIAL_FORMS"] = "0"
    before = Consultation.objects.count()
    response = signed_in(world, OWNER).post(reverse("exhibitors:report", args=[exhibitor.pk]), data)
    assert response.status_code == 200
    assert "Please submit at most" in response.content.decode()
    formsets = response.context["formsets"]
    assert all(
        len(formset.forms) <= max(MAX_EXTRA_ROWS, MAX_MOUS, MAX_CONTRACTS) for formset in formsets
    )
    assert Consultation.objects.count() == before


# The error pages -----------------------------------------------------------------------------


@pytest.mark.parametrize("language", ["en", "ko"])
def test_a_missing_page_gets_the_portal_404_in_the_visitor_language(client, language):
    response = client.get("/no-such-page/", headers={"accept-language": language})
    assert response.status_code == 404
    page = response.content.decode()
    assert f'<html lang="{language}">' in page
    assert "vendor/bootstrap/css/bootstrap.min.css" in page  # the portal's look
    assert "<script" not in page  # nothing inline, nothing at all
    if language == "en":
        assert "There is no such page" in page


def test_the_500_page_stands_alone():
    """The server-error page renders without a request context (no user, no navbar)."""
    from django.test import RequestFactory
    from django.views.defaults import server_error

    response = server_error(RequestFactory().get("/"))
    assert response.status_code == 500
    page = response.content.decode()
    assert "Something went wrong on our side" in page and "<script" not in page


def test_a_refused_admin_page_gets_the_403_page(world):
    response = signed_in(world, "reviewer").get(reverse("admin:exhibitors_company_changelist"))
    assert response.status_code == 403
    assert "You may not open this page" in response.content.decode()
