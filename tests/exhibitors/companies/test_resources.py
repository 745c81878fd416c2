"""Company spreadsheets: Korean Excel encodings, all-or-nothing imports, row-level errors."""

import io

import openpyxl
import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from exhibitors.companies.models import Company, OrganisationKind
from exhibitors.companies.resources import CompanyResource
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
            "import",
            "exhibitors.companies.resources.CompanyResource",
            str(bad),
            "--no-input",
            stderr=err,
        )
    assert "Row 3, column registration_number" in err.getvalue()
    assert Company.objects.count() == 0
    out = io.StringIO()
    call_command(
        "import",
        "exhibitors.companies.resources.CompanyResource",
        str(good),
        "--no-input",
        stdout=out,
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


# Issue 8: checked over the file, written in bulk with the audit trail ---------------------------


def test_a_number_twice_in_the_file_is_reported_on_the_second_row_however_typed():
    again = "1234567891,누리 둘,Nuri Two,,,,,,,company"  # GOOD_ROWS[0]'s number without dashes
    result, problems = import_bytes(csv_bytes([*GOOD_ROWS, again]))
    assert Company.objects.count() == 0
    assert [(p.row, p.column) for p in problems] == [(5, "registration_number")]
    assert problems[0].message == (
        "“123-45-67891” is already on row 2 of this file: each value of this column may appear "
        "only once."
    )


def test_a_number_twice_in_the_file_is_reported_also_when_the_company_exists():
    CompanyFactory(registration_number="1234567891", name_ko="누리", name_en="Nuri")
    _result, problems = import_bytes(csv_bytes([GOOD_ROWS[1], GOOD_ROWS[0], GOOD_ROWS[0]]))
    assert [(p.row, p.column) for p in problems] == [(4, "registration_number")]
    assert "row 3 of this file" in problems[0].message
    assert Company.objects.get().name_ko == "누리"
    assert Company.objects.count() == 1


def test_the_only_unique_column_of_a_company_is_its_registration_number():
    """The import checks unique columns over the file instead of full_clean's query per row
    (``unique_over_file``). It knows single unique fields; a field made unique later is
    checked by it too, but a unique constraint over several fields would not be: this fails
    until it is handled."""
    from django.db.models import UniqueConstraint

    unique = {f.name for f in Company._meta.concrete_fields if f.unique and not f.primary_key}
    assert unique == {"registration_number"}
    assert Company._meta.unique_together == ()
    assert not [c for c in Company._meta.constraints if isinstance(c, UniqueConstraint)]
    assert [f.attribute for f in CompanyResource().unique_fields()] == ["registration_number"]


def test_an_import_takes_the_same_number_of_queries_however_many_rows():
    """No query per row (the unique check, the key, the writes); 40 rows still fit one INSERT
    on SQLite, whose statements take at most 999 values."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def rows(start, count):
        from exhibitors.companies import registration

        return [
            f"{registration.complete(str(730_000_000 + n))},회사 {n},Company {n},,2015,3,"
            f"https://c{n}.example,i{n}@c.example,,company"
            for n in range(start, start + count)
        ]

    counts = []
    for start, count in ((0, 5), (100, 40)):
        CompanyFactory(registration_number=rows(start, 1)[0].split(",")[0])  # one update each
        with CaptureQueriesContext(connection) as queries:
            _result, problems = import_bytes(csv_bytes(rows(start, count)))
        assert problems == []
        counts.append(len(queries))
    assert Company.objects.count() == 45
    assert counts[0] == counts[1], counts


def test_created_and_updated_companies_keep_their_audit_trail(tmp_path):
    import datetime

    from django.utils import timezone

    existing = CompanyFactory(registration_number="1234567891", name_ko="누리", employees=3)
    before = timezone.now() - datetime.timedelta(days=1)
    Company.objects.filter(pk=existing.pk).update(updated_at=before)
    path = tmp_path / "companies.csv"
    path.write_bytes(csv_bytes(GOOD_ROWS))
    call_command(
        "import",
        "exhibitors.companies.resources.CompanyResource",
        str(path),
        "--no-input",
        stdout=io.StringIO(),
    )
    reason = f"manage.py import exhibitors.companies.resources.CompanyResource {path}"[:100]
    nuri = Company.objects.get(pk=existing.pk)
    assert (nuri.name_ko, nuri.employees) == ("누리모빌리티", 34)
    assert nuri.updated_at > before
    changed = nuri.history.latest()
    assert (changed.history_type, changed.history_change_reason) == ("~", reason)
    assert (changed.name_ko, changed.employees) == ("누리모빌리티", 34)
    for number in ("2208112341", "1018300010"):
        (created,) = Company.objects.get(registration_number=number).history.all()
        assert (created.history_type, created.history_change_reason) == ("+", reason)


def test_an_admin_import_attributes_created_and_updated_companies_to_the_user(
    staff_client, staff_user
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    existing = CompanyFactory(registration_number="1234567891", name_ko="누리")
    upload = SimpleUploadedFile("companies.csv", csv_bytes(GOOD_ROWS), "text/csv")
    response = staff_client.post(
        reverse("admin:exhibitors_company_import"),
        {"resource": 0, "format": 0, "import_file": upload},
    )
    page = response.content.decode()
    # The preview shows each row's type and values (the diff is drawn in the dry run).
    assert page.count('class="new"') == 2 and page.count('class="update"') == 1
    assert "Greencell Energy" in page and '<ins style="background:#e6ffe6;">모빌리티</ins>' in page
    confirm = response.context["confirm_form"]
    response = staff_client.post(
        reverse("admin:exhibitors_company_process_import"), {**confirm.initial, "resource": 0}
    )
    assert response.status_code == 302
    versions = [
        (v.history_type, v.history_user)
        for c in Company.objects.order_by("registration_number")
        for v in c.history.all()
    ]
    assert sorted(versions, key=str) == sorted(
        [("+", staff_user), ("+", staff_user), ("~", staff_user), ("+", None)], key=str
    )
    assert existing.history.latest().history_user == staff_user


def test_a_failed_batch_rolls_back_the_batches_written_before_it(monkeypatch):
    from exhibitors.companies import resources

    calls = []

    def failing(model, pks, **kwargs):
        calls.append(len(pks))
        if len(calls) == 2:
            raise RuntimeError("the database went away")
        return write_history(model, pks, **kwargs)

    write_history = resources.bulk_write_history
    monkeypatch.setattr(resources, "bulk_write_history", failing)
    monkeypatch.setattr(CompanyResource._meta, "batch_size", 2)
    result, problems = import_bytes(csv_bytes(GOOD_ROWS))
    assert calls == [2, 1]
    assert [(p.row, p.message) for p in problems] == [(None, "the database went away")]
    assert Company.objects.count() == 0
    assert Company.history.count() == 0


def test_the_import_that_writes_draws_no_diff_the_dry_run_does():
    result, _problems = import_bytes(csv_bytes(GOOD_ROWS), dry_run=True)
    assert all(row.diff for row in result.valid_rows())
    result, _problems = import_bytes(csv_bytes(GOOD_ROWS))
    assert not any(row.diff for row in result.valid_rows())
    assert Company.objects.count() == 3


def test_each_row_still_names_its_company_for_the_admins_log():
    result, _problems = import_bytes(csv_bytes(GOOD_ROWS))
    nuri = Company.objects.get(registration_number="1234567891")
    first = result.valid_rows()[0]
    assert (first.object_id, first.object_repr) == (nuri.pk, str(nuri))
