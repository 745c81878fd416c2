"""Company spreadsheets: Korean Excel encodings, all-or-nothing imports, row-level errors."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from exhibitors.models import Company, OrganisationKind
from exhibitors.resources import CompanyResource
from portal.spreadsheets import KoreanCSV, import_problems
from tests.factories import CompanyFactory

pytestmark = pytest.mark.django_db

HEADER = (
    "registration_number,name_ko,name_en,representative,founded,employees,website,email,phone,kind"
)
GOOD_ROWS = [
    "123-45-67891,누리모빌리티,Nuri Mobility,김도윤,2017,34,https://nuri.example,a@nuri.example,"
    "02-123-4567,company",
    "2208112341,그린셀에너지,Greencell Energy,이서연,2015,58,,,,",
    "101-83-00010,강남구,Gangnam-gu,,,,,,,district",
]
BAD_NUMBER_ROW = "101-81-00010,다온데이터,Daon Data,최하은,2019,22,,,,company"


def csv_bytes(rows, encoding="utf-8"):
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode(encoding)


def import_bytes(data, dry_run=False):
    resource = CompanyResource()
    result = resource.import_data(KoreanCSV().create_dataset(data), dry_run=dry_run)
    return result, import_problems(result, resource)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_korean_excel_encodings_import(encoding):
    result, problems = import_bytes(csv_bytes(GOOD_ROWS, encoding))
    assert problems == []
    assert Company.objects.count() == 3
    nuri = Company.objects.get(registration_number="1234567891")
    assert (nuri.name_ko, nuri.employees, nuri.kind) == ("누리모빌리티", 34, "company")
    assert Company.objects.get(name_en="Gangnam-gu").kind == OrganisationKind.DISTRICT


def test_one_bad_number_is_reported_and_nothing_is_written():
    result, problems = import_bytes(csv_bytes([*GOOD_ROWS[:2], BAD_NUMBER_ROW, GOOD_ROWS[2]]))
    assert Company.objects.count() == 0
    assert [(p.row, p.column) for p in problems] == [(4, "registration_number")]
    assert "check digit" in problems[0].message
    assert str(problems[0]).startswith("Row 4, column registration_number:")


def test_every_bad_row_is_reported_with_its_column():
    rows = [
        GOOD_ROWS[0],
        "2208112341,그린셀에너지,Greencell Energy,이서연,twenty,58,,,,",
        "3333333333,,No Korean name,,2015,,not-a-url,,,company",
        ",무번호,No number,,,,,,,company",
        "1018100028,로보,Robo,,2015,,,,,factory",
    ]
    result, problems = import_bytes(csv_bytes(rows))
    assert Company.objects.count() == 0
    found = {(p.row, p.column) for p in problems}
    assert (3, "founded") in found
    assert {(4, "registration_number"), (4, "name_ko"), (4, "website")} <= found
    assert (5, "registration_number") in found
    assert (6, "kind") in found


def test_the_same_file_again_updates_instead_of_duplicating():
    import_bytes(csv_bytes(GOOD_ROWS))
    changed = GOOD_ROWS[0].replace(",34,", ",40,")
    result, problems = import_bytes(csv_bytes([changed, *GOOD_ROWS[1:]]))
    assert problems == []
    assert Company.objects.count() == 3
    assert Company.objects.get(registration_number="1234567891").employees == 40


def test_a_file_without_the_key_column_is_refused_whole():
    data = "name_ko,name_en\n누리,Nuri\n".encode()
    result, problems = import_bytes(data)
    assert Company.objects.count() == 0
    assert problems and problems[0].row is None
    assert "registration_number" in problems[0].message


def test_a_file_that_is_not_text_is_refused():
    with pytest.raises(ValueError):
        KoreanCSV().create_dataset(b"\xff\xfe\x00\x00\x81\x81\xff")


def test_export_round_trips_through_import():
    CompanyFactory(registration_number="1234567891", name_ko="누리", name_en="Nuri")
    exported = CompanyResource().export().csv
    assert "123-45-67891,누리,Nuri" in exported
    Company.objects.all().delete()
    result, problems = import_bytes(exported.encode("utf-8"))
    assert problems == []
    assert Company.objects.get().name_ko == "누리"


def test_manage_py_import_reads_cp949_and_reports_rows(tmp_path):
    good = tmp_path / "companies.csv"
    good.write_bytes(csv_bytes(GOOD_ROWS, "cp949"))
    bad = tmp_path / "bad.csv"
    bad.write_bytes(csv_bytes([GOOD_ROWS[0], BAD_NUMBER_ROW], "cp949"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import", "exhibitors.resources.CompanyResource", str(bad), "--no-input", stderr=err
        )
    assert "Row 3, column registration_number" in err.getvalue()
    assert Company.objects.count() == 0
    out = io.StringIO()
    call_command(
        "import", "exhibitors.resources.CompanyResource", str(good), "--no-input", stdout=out
    )
    assert "3 new" in out.getvalue()
    assert Company.objects.count() == 3


def _xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    for row in rows:
        sheet.append([cell or None for cell in row.split(",")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_admin_import_of_a_cp949_csv_previews_then_confirms(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:exhibitors_company_import")
    upload = SimpleUploadedFile("companies.csv", csv_bytes(GOOD_ROWS, "cp949"), "text/csv")
    response = staff_client.post(
        url, {"resource": 0, "format": 0, "import_file": upload}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert Company.objects.count() == 0  # a preview writes nothing
    confirm = response.context["confirm_form"]
    response = staff_client.post(
        reverse("admin:exhibitors_company_process_import"),
        {**confirm.initial, "resource": 0},
    )
    assert response.status_code == 302
    assert Company.objects.count() == 3


def test_admin_import_of_an_xlsx_with_a_bad_row_shows_it_and_offers_no_confirm(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("companies.xlsx", _xlsx([GOOD_ROWS[0], BAD_NUMBER_ROW]))
    response = staff_client.post(
        reverse("admin:exhibitors_company_import"),
        {"resource": 0, "format": 1, "import_file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert "confirm_form" not in response.context or response.context["confirm_form"] is None
    assert "check digit" in response.content.decode()
    assert Company.objects.count() == 0


def test_admin_export_is_excel_friendly_csv(staff_client):
    CompanyFactory(registration_number="1234567891", name_ko="누리", name_en="Nuri")
    response = staff_client.post(
        reverse("admin:exhibitors_company_export"),
        {
            "resource": 0,
            "format": 1,
            "export_items": list(Company.objects.values_list("pk", flat=True)),
            **{f"companyresource_{f}": True for f in ["registration_number", "name_ko", "name_en"]},
        },
    )
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    assert "123-45-67891" in response.content.decode("utf-8-sig")
