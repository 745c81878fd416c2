"""The consultation log by spreadsheet (``exhibitors.outcomes.resources.ConsultationResource``): Korean
Excel files, all or nothing, every bad row named with its row and column; on the report page
(the requester's own report only, with its template) and with ``manage.py import``."""

import datetime
import io
import re
from decimal import Decimal

import django_countries
import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.forms import UPLOAD_MAX_ROWS
from exhibitors.outcomes.models import (
    BuyerType,
    Consultation,
    ConsultationStage,
    OutcomeReport,
    ReportStatus,
)
from exhibitors.outcomes.resources import ConsultationResource
from portal.spreadsheets import KoreanCSV, import_problems
from tests.exhibitors.exhibiting import (
    confirmed_exhibitor,
    district_exhibitor,
    member_of,
    started_pavilion,
)

pytestmark = pytest.mark.django_db
COLUMNS = ConsultationResource.COLUMNS
HEADER = ",".join(COLUMNS)
RESOURCE = "exhibitors.outcomes.resources.ConsultationResource"
#: The upload of 1,001 rows with one bad row: 46 queries measured (one of them reads the
#: report's rows from the expo, which a repeated row updates instead of adding one).
QUERIES = 46


@pytest.fixture
def exhibitor():
    return confirmed_exhibitor(started_pavilion(slug="expo-2030"))


@pytest.fixture
def member_client(client, exhibitor):
    client.force_login(member_of(exhibitor.company))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def row(exhibitor, **overrides):
    values = {
        "event": exhibitor.pavilion.event.slug,
        "registration_number": exhibitor.company.registration_number_display,
        "met_on": exhibitor.pavilion.event.starts_on.isoformat(),
        "buyer_organisation": "Rhein Mobility",
        "buyer_country": "DE",
        "buyer_type": "distributor",
        "product": "Sensor",
        "amount_usd": "1000",
        "expected_contract_usd": "200",
        "stage": "consulted",
        "note": "",
    }
    return {**values, **overrides}


def csv_bytes(rows, encoding="utf-8"):
    lines = [HEADER, *(",".join(str(r[c]) for c in COLUMNS) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows, header=COLUMNS, write_only=False):
    book = openpyxl.Workbook(write_only=write_only)
    sheet = book.create_sheet() if write_only else book.active
    sheet.append(header)
    for values in rows:
        sheet.append([values[c] for c in header])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def staff_import(rows, encoding="utf-8", **kwargs):
    """The resource as ``manage.py import`` and the staff use it: every exhibitor's rows."""
    resource = ConsultationResource(**kwargs)
    result = resource.import_data(KoreanCSV().create_dataset(csv_bytes(rows, encoding)))
    return import_problems(result, resource)


def staff_import_bytes(data):
    resource = ConsultationResource()
    result = resource.import_data(KoreanCSV().create_dataset(data))
    return import_problems(result, resource)


def upload(client, exhibitor, content, name="log.csv", **data):
    url = reverse("exhibitors:report_upload", args=[exhibitor.pk])
    return client.post(url, {"log": SimpleUploadedFile(name, content), **data})


def problems_on(response):
    page = response.content.decode()
    start = page.find("data-problems")
    return page[start : page.find("</ul>", start)]


# Korean Excel files ------------------------------------------------------------------------


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_a_korean_excel_csv_is_uploaded(member_client, exhibitor, encoding):
    content = csv_bytes(
        [
            row(exhibitor),
            row(exhibitor, buyer_country="스페인", buyer_organisation="마드리드 시청"),
        ],
        encoding,
    )
    response = upload(member_client, exhibitor, content)
    assert response.status_code == 302
    report = OutcomeReport.objects.get(exhibitor=exhibitor)
    assert sorted(report.consultations.values_list("buyer_country", flat=True)) == ["DE", "ES"]
    assert report.consultations.get(buyer_country="ES").buyer_organisation == "마드리드 시청"
    page = member_client.get(response.url).content.decode()
    assert "2 consultations imported." in page


def test_an_xlsx_workbook_with_excel_dates_and_numbers_is_uploaded(member_client, exhibitor):
    starts_on = exhibitor.pavilion.event.starts_on
    serial = (starts_on - datetime.date(1899, 12, 30)).days  # Excel's day number
    rows = [
        # a real date cell, numbers as numbers, the registration number as a number
        row(
            exhibitor,
            met_on=datetime.datetime.combine(starts_on, datetime.time()),
            amount_usd=1234.5,
            expected_contract_usd=0,
            registration_number=int(exhibitor.company.registration_number),
        ),
        row(exhibitor, met_on=serial, buyer_country="Japan", stage="Negotiating"),
        row(exhibitor, met_on=starts_on.strftime("%Y. %m. %d."), buyer_type="투자자"),
        dict.fromkeys(COLUMNS),  # Excel keeps formatted empty rows
    ]
    assert upload(member_client, exhibitor, xlsx_bytes(rows), "log.xlsx").status_code == 302
    saved = list(Consultation.objects.order_by("pk"))
    assert [c.met_on for c in saved] == [starts_on] * 3
    assert saved[0].amount_usd == Decimal("1234.50")
    assert (saved[1].buyer_country.code, saved[1].stage) == ("JP", "negotiating")
    assert saved[2].buyer_type == "investor"


@pytest.mark.parametrize("name", ["스페인", "Spain", "spain", "ES", "es", "ESP", " Spain "])
def test_a_country_by_code_or_english_or_korean_name(exhibitor, name):
    assert staff_import([row(exhibitor, buyer_country=name)]) == []
    assert Consultation.objects.get().buyer_country == "ES"


# All or nothing ----------------------------------------------------------------------------


def test_one_bad_row_among_a_thousand_writes_nothing_and_is_named(
    member_client, exhibitor, django_assert_max_num_queries
):
    rows = [row(exhibitor, buyer_organisation=f"Buyer {n}") for n in range(1001)]
    rows[636] = row(exhibitor, amount_usd="-5")
    # The file is checked in a fixed number of queries, not one (or more) per row: a count, not
    # a stopwatch, so that a loaded machine cannot fail it.
    with django_assert_max_num_queries(QUERIES):
        response = upload(member_client, exhibitor, csv_bytes(rows))
    assert response.status_code == 200
    assert Consultation.objects.count() == 0
    problems = problems_on(response)
    assert "Row 638, column amount_usd:" in problems and problems.count("<li>") == 1
    assert "Nothing was imported" in response.content.decode()
    rows[636] = row(exhibitor)
    assert upload(member_client, exhibitor, csv_bytes(rows)).status_code == 302
    assert Consultation.objects.count() == 1001


@pytest.mark.parametrize(
    ("overrides", "column", "message"),
    [
        ({"buyer_country": "Atlantis"}, "buyer_country", "“Atlantis” is not a country"),
        ({"amount_usd": "-5"}, "amount_usd", "greater than or equal to 0"),
        ({"expected_contract_usd": "-0.01"}, "expected_contract_usd", "greater than or equal"),
        ({"amount_usd": "lots"}, "amount_usd", "“lots” is not a number."),
        ({"amount_usd": ""}, "amount_usd", "cannot be null"),
        ({"met_on": "2001-01-01"}, "met_on", "The date must lie between"),
        ({"met_on": "next week"}, "met_on", "“next week” is not a date"),
        ({"buyer_organisation": ""}, "buyer_organisation", "cannot be blank"),
        ({"stage": "maybe"}, "stage", "“maybe” is not one of"),
        ({"buyer_type": "friend"}, "buyer_type", "“friend” is not one of"),
        ({"event": "no-such-expo"}, "event", "There is no event “no-such-expo”."),
        ({"registration_number": "123-45-67891"}, "registration_number", "No exhibitor"),
    ],
)
def test_each_bad_value_is_named_by_row_and_column(exhibitor, overrides, column, message):
    problems = staff_import([row(exhibitor), row(exhibitor, **overrides), row(exhibitor)])
    assert Consultation.objects.count() == 0
    assert [(p.row, p.column) for p in problems] == [(3, column)]
    assert message in problems[0].message
    assert str(problems[0]).startswith(f"Row 3, column {column}: ")


def test_every_problem_of_a_row_is_reported_at_once(exhibitor):
    problems = staff_import(
        [row(exhibitor, buyer_country="??", amount_usd="x", met_on="2001-01-01")]
    )
    assert {(p.row, p.column) for p in problems} == {
        (2, "buyer_country"),
        (2, "amount_usd"),
        (2, "met_on"),
    }


def test_a_file_without_a_required_column_is_refused_as_a_whole(member_client, exhibitor):
    header = [c for c in COLUMNS if c != "amount_usd"]
    content = xlsx_bytes([row(exhibitor)] * 50, header=header)
    response = upload(member_client, exhibitor, content, "log.xlsx")
    problems = problems_on(response)
    assert "The file has no column amount_usd" in problems and problems.count("<li>") == 1
    assert Consultation.objects.count() == 0


def test_blank_rows_are_skipped_and_the_row_numbers_still_match(exhibitor):
    data = (
        csv_bytes([row(exhibitor)])
        + b",,,,,,,,,,\r\n"
        + csv_bytes([row(exhibitor)])[len(HEADER) + 2 :]
        .replace(b"Sensor", b"Sensor 2")
        .replace(b",DE,", b",Atlantis,")
    )
    problems = staff_import_bytes(data)
    assert [(p.row, p.column) for p in problems] == [(4, "buyer_country")]
    data = data.replace(b"Atlantis", b"DE")
    assert staff_import_bytes(data) == []
    assert Consultation.objects.count() == 2


def test_column_names_are_read_whatever_their_case_and_spaces(exhibitor):
    data = csv_bytes([row(exhibitor)]).replace(b"amount_usd", b" Amount_USD ", 1)
    resource = ConsultationResource()
    result = resource.import_data(KoreanCSV().create_dataset(data))
    assert import_problems(result, resource) == []
    assert Consultation.objects.get().amount_usd == Decimal("1000")


# Which report ------------------------------------------------------------------------------


def test_rows_go_into_each_exhibitors_report_opened_if_needed(exhibitor):
    other = confirmed_exhibitor(exhibitor.pavilion)
    district = district_exhibitor(exhibitor.pavilion)
    problems = staff_import(
        [
            row(exhibitor),
            row(other, registration_number=other.company.registration_number),  # digits
            row(district, registration_number="강남구"),
            row(district, registration_number="gangnam-gu"),
        ]
    )
    assert problems == []
    assert outcomes.report_get_or_create(exhibitor).consultations.count() == 1
    assert outcomes.report_get_or_create(other).consultations.count() == 1
    assert outcomes.report_get_or_create(district).consultations.count() == 2


def test_an_approved_report_refuses_rows(exhibitor):
    report = outcomes.report_get_or_create(exhibitor)
    staff_import([row(exhibitor)])
    outcomes.report_submit(report=report, user=None)
    outcomes.report_approve(report=report, user=None)
    problems = staff_import([row(exhibitor, buyer_organisation="Late")])
    assert [(p.row, p.column) for p in problems] == [(2, "registration_number")]
    assert "approved and can no longer be changed" in problems[0].message
    assert Consultation.objects.count() == 1


def test_a_report_before_the_expo_refuses_rows():
    exhibitor = confirmed_exhibitor(started_pavilion(days_ago=-20))
    problems = staff_import([row(exhibitor)])
    assert "opens when the expo starts" in problems[0].message
    assert not OutcomeReport.objects.exists()


def test_the_upload_takes_only_the_requesters_own_rows(member_client, exhibitor):
    neighbour = confirmed_exhibitor(exhibitor.pavilion)
    elsewhere = started_pavilion(slug="expo-2031")
    response = upload(
        member_client,
        exhibitor,
        csv_bytes(
            [
                row(exhibitor),
                row(neighbour),
                row(exhibitor, event=elsewhere.event.slug),
                row(neighbour, met_on="2001-01-01"),
            ]
        ),
    )
    problems = problems_on(response)
    assert "Row 3, column registration_number: This row is not your company" in problems
    assert "Row 4, column event: This report is for “expo-2030”" in problems
    assert "Row 5, column met_on: The date must lie between" in problems
    assert problems.count("<li>") == 4
    assert Consultation.objects.count() == 0
    assert not OutcomeReport.objects.filter(exhibitor=neighbour).exists()


def test_replace_deletes_the_reports_consultations_in_the_same_transaction(
    member_client, exhibitor
):
    content = csv_bytes([row(exhibitor), row(exhibitor)])
    upload(member_client, exhibitor, content)
    upload(member_client, exhibitor, content)
    assert Consultation.objects.count() == 4  # a second upload adds its rows again
    bad = csv_bytes([row(exhibitor, amount_usd="-1")])
    assert upload(member_client, exhibitor, bad, replace="on").status_code == 200
    assert Consultation.objects.count() == 4  # the failed replacement deleted nothing
    upload(member_client, exhibitor, content, replace="on")
    assert Consultation.objects.count() == 2


def test_an_approved_report_refuses_the_upload(member_client, exhibitor):
    upload(member_client, exhibitor, csv_bytes([row(exhibitor)]))
    report = OutcomeReport.objects.get(exhibitor=exhibitor)
    outcomes.report_submit(report=report, user=None)
    outcomes.report_approve(report=report, user=None)
    response = upload(member_client, exhibitor, csv_bytes([row(exhibitor)]))
    assert response.status_code == 302
    page = member_client.get(response.url).content.decode()
    assert "This report is approved and can no longer be changed." in page
    assert Consultation.objects.count() == 1


# The file itself ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("log.txt", b"event,met_on\n", "Choose a spreadsheet: an .xlsx or .csv file."),
        ("log.xlsx", b"event,registration_number\n1,2\n", "The file is not what its name says"),
        ("log.csv", b"PK\x03\x04\x00\x00binary", "The file is not what its name says"),
        ("log.csv", HEADER.encode() + b"\r\n", "The file has no rows"),
        ("log.csv", b"x" * (5 * 1024 * 1024 + 1), "the limit is 5.0"),
        ("log.csv", "event,국가\n\udcff".encode("utf-8", "surrogatepass"), "neither UTF-8 nor"),
    ],
)
def test_a_file_that_is_not_a_spreadsheet_is_refused(
    member_client, exhibitor, name, content, message
):
    response = upload(member_client, exhibitor, content, name)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert Consultation.objects.count() == 0


@pytest.mark.parametrize("name", ["log.csv", "log.xlsx"])
def test_a_file_over_the_row_limit_is_refused_before_it_is_read(member_client, exhibitor, name):
    rows = [row(exhibitor)] * (UPLOAD_MAX_ROWS + 1)
    content = csv_bytes(rows) if name.endswith(".csv") else xlsx_bytes(rows, write_only=True)
    response = upload(member_client, exhibitor, content, name)
    assert f"upload at most {UPLOAD_MAX_ROWS} at a time" in response.content.decode()
    assert Consultation.objects.count() == 0


def test_cells_right_of_the_last_column_are_ignored(member_client, exhibitor):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(COLUMNS)
    sheet.append([row(exhibitor)[c] for c in COLUMNS] + [None, "stray"])
    buffer = io.BytesIO()
    book.save(buffer)
    assert upload(member_client, exhibitor, buffer.getvalue(), "log.xlsx").status_code == 302
    assert Consultation.objects.count() == 1


# The template ------------------------------------------------------------------------------


def template_sheets(response):
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    return book, [list(r) for r in book.worksheets[0].iter_rows(values_only=True)]


def test_the_template_uploaded_unchanged_adds_nothing_and_says_it_has_no_rows(
    member_client, exhibitor
):
    upload(member_client, exhibitor, csv_bytes([row(exhibitor)]))
    response = member_client.get(reverse("exhibitors:report_template", args=[exhibitor.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    book, rows = template_sheets(response)
    assert book.active.title == "consultations" and book.sheetnames[0] == "consultations"
    assert rows == [ConsultationResource.UPLOAD_COLUMNS]  # the column names, nothing else
    for replace in ({}, {"replace": "on"}):
        answer = upload(member_client, exhibitor, response.content, "template.xlsx", **replace)
        assert answer.status_code == 200
        assert "The file has no rows of consultations" in answer.content.decode()
        assert Consultation.objects.count() == 1  # nothing added, nothing replaced


def test_the_template_explains_itself_on_a_sheet_that_is_never_imported(member_client, exhibitor):
    url = reverse("exhibitors:report_template", args=[exhibitor.pk])
    book, _rows = template_sheets(member_client.get(url))
    help_rows = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
    cells = {str(c) for r in help_rows for c in r if c is not None}
    assert "Rhein Mobility GmbH" in cells  # the example row lives here
    assert {"negotiating", "Negotiating", "public_body", "Public body", "ES", "Spain"} <= cells
    # Saved with the instructions sheet open, the workbook still imports its first sheet.
    book.active = 1
    book.worksheets[0].append([row(exhibitor)[c] for c in ConsultationResource.UPLOAD_COLUMNS])
    buffer = io.BytesIO()
    book.save(buffer)
    assert upload(member_client, exhibitor, buffer.getvalue(), "log.xlsx").status_code == 302
    assert Consultation.objects.get().buyer_organisation == "Rhein Mobility"
    korean = member_client.get(url, HTTP_ACCEPT_LANGUAGE="ko")
    book, _rows = template_sheets(korean)
    cells = {str(c) for r in book.worksheets[1].iter_rows(values_only=True) for c in r if c}
    assert {"협상 중", "스페인", "공공 기관"} <= cells


def test_a_districts_upload_needs_no_event_or_number_column(client):
    district = district_exhibitor(started_pavilion())
    client.force_login(member_of(district.company))
    response = client.get(reverse("exhibitors:report_template", args=[district.pk]))
    book, rows = template_sheets(response)
    book.worksheets[0].append([row(district)[c] for c in rows[0]])
    buffer = io.BytesIO()
    book.save(buffer)
    assert upload(client, district, buffer.getvalue(), "template.xlsx").status_code == 302
    assert outcomes.report_get_or_create(district).consultations.count() == 1


# manage.py import --------------------------------------------------------------------------


def test_manage_py_import_reads_cp949_and_xlsx(exhibitor, tmp_path):
    csv_path = tmp_path / "log.csv"
    csv_path.write_bytes(csv_bytes([row(exhibitor, buyer_country="독일")], "cp949"))
    xlsx_path = tmp_path / "log.xlsx"
    xlsx_path.write_bytes(xlsx_bytes([row(exhibitor), row(exhibitor)]))
    for path in (csv_path, xlsx_path):
        out = io.StringIO()
        call_command("import", RESOURCE, str(path), "--no-input", stdout=out)
        assert "Imported" in out.getvalue()
    assert Consultation.objects.count() == 3


def test_manage_py_import_refuses_a_file_with_a_bad_row(exhibitor, tmp_path):
    path = tmp_path / "bad.csv"
    path.write_bytes(csv_bytes([row(exhibitor), row(exhibitor, buyer_country="Atlantis")]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command("import", RESOURCE, str(path), "--no-input", stdout=io.StringIO(), stderr=err)
    assert "Row 3, column buyer_country" in err.getvalue()
    assert Consultation.objects.count() == 0


def test_the_export_names_event_and_exhibitor_and_neutralises_formulas(
    exhibitor, django_assert_max_num_queries
):
    staff_import([row(exhibitor, note="=HYPERLINK(1)"), row(exhibitor)])
    with django_assert_max_num_queries(2):
        dataset = ConsultationResource().export()
    assert dataset.headers == COLUMNS
    first = dataset.dict[0]
    assert first["event"] == "expo-2030"
    assert first["registration_number"] == exhibitor.company.registration_number_display
    assert first["note"] == "'=HYPERLINK(1)"
    assert OutcomeReport.objects.get().status == ReportStatus.DRAFT


# Issue 8: the reports a file names are found in a few queries for the whole file --------------


def test_the_reports_are_found_in_the_same_queries_however_many_exhibitors(exhibitor):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    others = [confirmed_exhibitor(exhibitor.pavilion) for _ in range(6)]
    for each in [exhibitor, *others]:
        outcomes.report_get_or_create(
            each
        )  # opened already: an opening is a few queries of its own

    def queries(exhibitors):
        with CaptureQueriesContext(connection) as captured:
            assert staff_import([row(each) for each in exhibitors for _ in range(3)]) == []
        return len(captured)

    assert queries([exhibitor]) == queries([exhibitor, *others])
    assert Consultation.objects.count() == 3 + 21


def test_an_exhibitor_in_several_pavilions_of_the_event_is_sent_to_its_report_page(exhibitor):
    from tests.factories import PavilionFactory

    busan = PavilionFactory(event=exhibitor.pavilion.event, slug="busan")
    confirmed_exhibitor(busan, company=exhibitor.company)
    problems = staff_import([row(exhibitor), row(exhibitor)])
    assert [(p.row, p.column) for p in problems] == [
        (2, "registration_number"),
        (3, "registration_number"),
    ]
    assert "exhibits in several pavilions" in problems[0].message
    assert not OutcomeReport.objects.exists()


def test_a_company_exhibiting_elsewhere_is_no_exhibitor_of_the_event(exhibitor):
    elsewhere = confirmed_exhibitor(started_pavilion(slug="expo-2031"))
    problems = staff_import(
        [row(exhibitor), row(elsewhere, event=exhibitor.pavilion.event.slug), row(elsewhere)]
    )
    assert [(p.row, p.column) for p in problems] == [(3, "registration_number")]
    assert "No exhibitor with the registration number" in problems[0].message


def test_a_district_is_found_by_its_name_however_spaced_and_cased(exhibitor):
    district = district_exhibitor(exhibitor.pavilion, name_en="Gangnam-gu Office")
    problems = staff_import(
        [row(district, registration_number=" gangnam-gu  office "), row(exhibitor)]
    )
    assert problems == []
    assert outcomes.report_get_or_create(district).consultations.count() == 1


def test_the_reports_not_opened_yet_are_opened_together_with_their_audit_trail(exhibitor):
    other = confirmed_exhibitor(exhibitor.pavilion)
    opened = outcomes.report_get_or_create(other)
    assert staff_import([row(exhibitor), row(other), row(exhibitor)]) == []
    report = OutcomeReport.objects.get(exhibitor=exhibitor)
    assert report.status == ReportStatus.DRAFT and report.consultations.count() == 2
    assert [v.history_type for v in report.history.all()] == ["+"]
    assert OutcomeReport.objects.get(exhibitor=other) == opened


def test_a_report_opened_meanwhile_by_someone_else_is_taken_as_it_is(exhibitor, monkeypatch):
    from django.db import IntegrityError

    def raced(*args, **kwargs):
        outcomes.report_get_or_create(exhibitor)  # the other request's report, opened in between
        raise IntegrityError("UNIQUE constraint failed: exhibitors_outcomereport.exhibitor_id")

    from exhibitors.outcomes.services import rules

    monkeypatch.setattr(rules, "bulk_create_with_history", raced)
    assert staff_import([row(exhibitor)]) == []
    assert OutcomeReport.objects.get().consultations.count() == 1


@pytest.mark.parametrize(
    ("amount", "expected"),
    [("1234.50", Decimal("1234.50")), (" 12 ", Decimal("12")), ("1e3", Decimal("1000"))],
)
def test_amounts_read_as_plain_numbers(exhibitor, amount, expected):
    assert staff_import([row(exhibitor, amount_usd=amount)]) == []
    assert Consultation.objects.get().amount_usd == expected


def test_an_amount_with_a_thousands_separator_is_refused_as_before(exhibitor):
    problems = staff_import([row(exhibitor, amount_usd='"1,234.50"')])
    assert [(p.column, p.message) for p in problems] == [
        ("amount_usd", "“1,234.50” is not a number.")
    ]


# The exhibitor's own upload ----------------------------------------------------------------


def upload_csv(rows, columns):
    lines = [",".join(columns), *(",".join(str(r[c]) for c in columns) for r in rows)]
    return ("\r\n".join(lines) + "\r\n").encode()


def test_the_upload_needs_neither_the_event_nor_the_registration_number(member_client, exhibitor):
    for columns in (
        ConsultationResource.UPLOAD_COLUMNS,
        [c for c in COLUMNS if c != "event"],
        [c for c in COLUMNS if c != "registration_number"],
    ):
        response = upload(member_client, exhibitor, upload_csv([row(exhibitor)], columns))
        assert response.status_code == 302, problems_on(response)
    # Cells left empty in those columns are this report's too.
    empty = row(exhibitor, event="", registration_number="")
    assert upload(member_client, exhibitor, csv_bytes([empty])).status_code == 302
    assert outcomes.report_get_or_create(exhibitor).consultations.count() == 4


def test_the_staff_import_still_needs_the_event_and_the_registration_number(exhibitor):
    resource = ConsultationResource()
    data = upload_csv([row(exhibitor)], ConsultationResource.UPLOAD_COLUMNS)
    problems = import_problems(resource.import_data(KoreanCSV().create_dataset(data)), resource)
    assert [str(p) for p in problems] == [
        "The file has no column event, registration_number (the first row must name the columns)."
    ]
    assert Consultation.objects.count() == 0


def test_a_row_naming_another_company_is_refused_with_row_and_column(member_client, exhibitor):
    neighbour = confirmed_exhibitor(exhibitor.pavilion)
    columns = ["registration_number", *ConsultationResource.UPLOAD_COLUMNS]
    response = upload(
        member_client, exhibitor, upload_csv([row(exhibitor), row(neighbour)], columns)
    )
    assert problems_on(response).count("<li>") == 1
    assert "Row 3, column registration_number: This row is not your company" in problems_on(
        response
    )
    assert Consultation.objects.count() == 0


LABELS = [
    (field, code, language)
    for field, choices in (("stage", ConsultationStage), ("buyer_type", BuyerType))
    for code in choices.values
    for language in ("en", "ko")
]


@pytest.mark.parametrize(("column", "code", "language"), LABELS)
def test_stage_and_buyer_type_by_code_or_label_in_either_language(
    member_client, exhibitor, column, code, language
):
    choices = ConsultationStage if column == "stage" else BuyerType
    with translation.override(language):
        label = str(choices(code).label)
    rows = [row(exhibitor, **{column: value}) for value in (code, label, f" {label.upper()} ")]
    response = upload(member_client, exhibitor, csv_bytes(rows))
    assert response.status_code == 302, problems_on(response)
    assert list(Consultation.objects.values_list(column, flat=True)) == [code] * 3


@pytest.mark.parametrize(
    ("language", "labels"),
    [("en", ["Negotiating", "Public body", "Spain"]), ("ko", ["협상 중", "공공 기관", "스페인"])],
)
def test_the_upload_page_lists_every_accepted_value_in_the_users_language(
    member_client, exhibitor, language, labels
):
    url = reverse("exhibitors:report", args=[exhibitor.pk])
    page = member_client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()
    guide = page[page.find("data-log-guide") : page.find("</details>\n</div></section>")]
    for column, choices in (("stage", ConsultationStage), ("buyer_type", BuyerType)):
        listed = guide[guide.find(f'data-accepted="{column}"') :]
        listed = listed[: listed.find("</ul>")]
        with translation.override(language):
            for code, label in choices.choices:
                assert f"<code>{code}</code> {label}" in listed
    countries = guide[guide.find('data-accepted="buyer_country"') :]
    countries = countries[: countries.find("</ul>")]
    assert countries.count("<li") == len(django_countries.countries)
    for label in labels:
        assert label in guide
    for column in ConsultationResource.UPLOAD_COLUMNS:
        assert f"<code>{column}</code>" in guide


def test_a_file_of_empty_rows_says_it_has_no_rows(member_client, exhibitor):
    content = (HEADER + "\r\n" + ",,,,,,,,,,\r\n" * 3).encode()
    response = upload(member_client, exhibitor, content)
    assert "The file has no rows of consultations" in response.content.decode()
    assert Consultation.objects.count() == 0


def test_after_a_failed_upload_the_report_form_posts_to_the_report(member_client, exhibitor):
    from tests.exhibitors.outcomes.test_views import consultation, report_post

    response = upload(member_client, exhibitor, csv_bytes([row(exhibitor, amount_usd="-5")]))
    assert response.status_code == 200
    page = response.content.decode()
    report_url = reverse("exhibitors:report", args=[exhibitor.pk])
    upload_url = reverse("exhibitors:report_upload", args=[exhibitor.pk])
    actions = re.findall(r'<form method="post" action="([^"]+)"', page)
    assert actions[-2:] == [upload_url, report_url]  # after the log-out form of the menu
    data = report_post(consultations=[consultation(exhibitor)], save_draft="1")
    assert member_client.post(actions[-1], data).status_code == 302
    assert outcomes.report_get_or_create(exhibitor).consultations.count() == 1
    # the saved row is in the table, not in the form: the form submits without it
    data = report_post(submit="1")
    assert member_client.post(actions[-1], data).status_code == 302
    assert outcomes.report_get_or_create(exhibitor).status == ReportStatus.SUBMITTED


@pytest.mark.parametrize(
    ("column", "typed", "code"),
    [
        ("stage", "협상중", "negotiating"),
        ("stage", "현장계약", "contracted"),
        ("stage", "contracted on-site", "contracted"),
        ("buyer_type", "end customer", "end_customer"),
        ("buyer_type", "최종고객", "end_customer"),
        ("buyer_type", "Public-body", "public_body"),
    ],
)
def test_a_label_is_read_however_it_is_spaced(member_client, exhibitor, column, typed, code):
    response = upload(member_client, exhibitor, csv_bytes([row(exhibitor, **{column: typed})]))
    assert response.status_code == 302, problems_on(response)
    assert Consultation.objects.get().__dict__[column] == code
