"""The booth layout as a spreadsheet: Korean Excel encodings and XLSX, the floor and holder
rules row by row (also between two rows of one file), all or nothing, and the round trip."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth, BoothKind
from exhibitors.floor.resources import BoothResource
from portal.spreadsheets import KoreanCSV, import_problems
from tests.exhibitors.floor import booth, district, exhibitor, floor
from tests.factories import PavilionFactory

pytestmark = pytest.mark.django_db

HEADER = ["event", "pavilion", "code", "kind", "x", "y", "width", "depth", "holder"]


@pytest.fixture
def pavilion():
    return floor()


@pytest.fixture
def holders(pavilion):
    """A company exhibitor and a district (named in the file by its Korean name)."""
    return exhibitor(pavilion, name_en="Nuri Mobility"), district(pavilion)


def good_rows(pavilion, holders):
    company, gangnam = holders
    event = pavilion.event.slug
    return [
        [event, "seoul", "ST", "stage", "12", "8", "6", "4", ""],
        [
            event,
            "seoul",
            "A1",
            "company",
            "0",
            "0",
            "3",
            "3",
            company.company.registration_number_display,
        ],
        [event, "seoul", "A2", "", "3", "0", "3", "3", ""],  # kind: company by default
        [event, "", "D1", "district booth", "0", "8", "3", "3", "서울특별시 강남구"],
    ]


def csv_bytes(rows, encoding="utf-8", header=HEADER):
    lines = [",".join(header), *(",".join(row) for row in rows)]
    return ("\r\n".join(lines) + "\r\n").encode(encoding)


def xlsx_bytes(rows, header=HEADER):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(header)
    for row in rows:
        sheet.append([float(c) if c.replace(".", "").isdigit() else (c or None) for c in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def import_dataset(dataset, dry_run=False):
    resource = BoothResource()
    result = resource.import_data(dataset, dry_run=dry_run)
    return result, import_problems(result, resource)


def import_csv(data, **kwargs):
    return import_dataset(KoreanCSV().create_dataset(data), **kwargs)


def layout(pavilion):
    return {
        b.code: (b.kind, b.x, b.y, b.width, b.depth, b.holder_id, b.placed_by_hand)
        for b in Booth.objects.filter(pavilion=pavilion)
    }


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_a_good_csv_file_imports_in_korean_excel_encodings(pavilion, holders, encoding):
    company, gangnam = holders
    result, problems = import_csv(csv_bytes(good_rows(pavilion, holders), encoding))
    assert problems == []
    placed = layout(pavilion)
    assert set(placed) == {"ST", "A1", "A2", "D1"}
    assert placed["ST"][:5] == (BoothKind.STAGE, 12, 8, 6, 4)
    assert placed["A1"][5:] == (company.pk, True)  # imported holders count as by hand
    assert placed["A2"][0] == BoothKind.COMPANY and placed["A2"][5] is None
    assert placed["D1"][0] == BoothKind.DISTRICT and placed["D1"][5] == gangnam.pk


def test_a_good_xlsx_file_imports(pavilion, holders):
    rows = good_rows(pavilion, holders)
    rows[3][8] = "Gangnam-gu, Seoul"  # a district by its English name
    dataset = openpyxl_dataset(xlsx_bytes(rows))
    result, problems = import_dataset(dataset)
    assert problems == []
    assert set(layout(pavilion)) == {"ST", "A1", "A2", "D1"}
    assert Booth.objects.get(code="D1").holder == holders[1]


def openpyxl_dataset(data):
    from import_export.formats.base_formats import XLSX

    return XLSX().create_dataset(data)


def test_one_overlapping_row_writes_nothing_and_is_reported_with_its_number(pavilion, holders):
    rows = good_rows(pavilion, holders)
    event = pavilion.event.slug
    # row 4 of the file (the header is row 1) overlaps A1, written two rows before it
    rows.insert(2, [event, "seoul", "A9", "company", "1", "1", "3", "3", ""])
    result, problems = import_csv(csv_bytes(rows))
    assert not Booth.objects.exists()
    assert [(p.row, p.column) for p in problems] == [(4, "y")]
    assert problems[0].message == "Booth A9 overlaps booth A1."
    assert str(problems[0]) == "Row 4, column y: Booth A9 overlaps booth A1."


def test_an_overlap_with_a_booth_already_on_the_floor_is_reported(pavilion, holders):
    booth(pavilion, "OLD", 4, 1, 2, 2)
    result, problems = import_csv(csv_bytes(good_rows(pavilion, holders)))
    assert [(p.row, p.column, p.message) for p in problems] == [
        (4, "y", "Booth A2 overlaps booth OLD.")
    ]
    assert set(layout(pavilion)) == {"OLD"}


def test_every_bad_row_is_reported_with_its_column_and_reason(pavilion, holders):
    company, gangnam = holders
    stranger = exhibitor(floor(), name_en="Greencell Energy")  # exhibits elsewhere
    event = pavilion.event.slug
    number = company.company.registration_number_display
    rows = [
        [event, "seoul", "A1", "company", "0", "0", "3", "3", number],
        [event, "seoul", "A2", "company", "21", "0", "3", "3", ""],  # beyond the floor
        [event, "seoul", "A3", "company", "6", "0", "0", "3", ""],  # no width
        [event, "seoul", "A4", "company", "9", "0", "3", "3", number],  # a second booth
        [event, "seoul", "A5", "company", "12", "0", "3", "3", "강남구청"],  # nobody
        [event, "seoul", "A6", "company", "15", "0", "3", "3", "서울특별시 강남구"],  # a district
        [
            event,
            "seoul",
            "A7",
            "company",
            "18",
            "0",
            "3",
            "3",
            stranger.company.registration_number_display,
        ],
        [event, "seoul", "A8", "banner", "0", "3", "three", "3", ""],
        ["no-such-expo", "seoul", "A9", "company", "0", "6", "3", "3", ""],
        [event, "hall-b", "B1", "company", "3", "6", "3", "3", ""],
    ]
    result, problems = import_csv(csv_bytes(rows))
    assert not Booth.objects.exists()
    found = {(p.row, p.column): p.message for p in problems}
    assert found[(3, "x")] == "Booth A2 must lie inside the 23 m × 12 m floor."
    assert found[(4, "width")] == "Booth A3 needs a positive width and depth."
    assert found[(5, "holder")] == (
        "Booth A4: Nuri Mobility already has a company booth; one company booth per exhibitor."
    )
    assert found[(6, "holder")].startswith("“강남구청” is neither the registration number")
    assert found[(7, "holder")] == (
        "Booth A6 is a company booth; Gangnam-gu, Seoul cannot stand in it."
    )
    assert found[(8, "holder")] == (f"Greencell Energy is not a confirmed exhibitor of {pavilion}.")
    assert found[(9, "kind")].startswith("“banner” is not one of: company, district")
    assert found[(9, "width")] == "“three” is not a number."
    assert found[(10, "event")] == "There is no event “no-such-expo”."
    assert found[(11, "event")].startswith(f"The event “{event}” has no pavilion “hall-b”")
    assert 2 not in {p.row for p in problems}


def test_two_rows_of_one_file_cannot_give_one_exhibitor_two_company_booths(pavilion, holders):
    number = holders[0].company.registration_number_display
    event = pavilion.event.slug
    rows = [
        [event, "seoul", "A1", "company", "0", "0", "3", "3", number],
        [event, "seoul", "A2", "company", "3", "0", "3", "3", number],
    ]
    result, problems = import_csv(csv_bytes(rows))
    assert [(p.row, p.column) for p in problems] == [(3, "holder")]
    assert not Booth.objects.exists()


def test_a_file_over_the_floor_area_is_refused():
    pavilion = floor(floor_area_m2="20.00")
    event = pavilion.event.slug
    rows = [[event, "", f"A{n}", "", str(3 * n), "0", "3", "3", ""] for n in range(3)]
    result, problems = import_csv(csv_bytes(rows))
    assert [(p.row, p.column) for p in problems] == [(4, "depth")]
    assert "more than the floor's 20 m²" in problems[0].message
    assert not Booth.objects.exists()


def test_a_file_without_the_event_column_is_refused_whole(pavilion):
    data = csv_bytes([["A1", "0", "0", "3", "3"]], header=["code", "x", "y", "width", "depth"])
    result, problems = import_csv(data)
    assert problems and problems[0].row is None
    assert "event" in problems[0].message
    assert not Booth.objects.exists()


def test_the_pavilion_column_chooses_among_the_events_pavilions(pavilion):
    hall_b = PavilionFactory(event=pavilion.event, slug="hall-b")
    event = pavilion.event.slug
    rows = [
        [event, "", "A1", "", "0", "0", "3", "3", ""],  # the event's "seoul" pavilion
        [event, "hall-b", "A1", "", "0", "0", "3", "3", ""],
    ]
    result, problems = import_csv(csv_bytes(rows))
    assert problems == []
    assert Booth.objects.get(pavilion=pavilion).code == "A1"
    assert Booth.objects.get(pavilion=hall_b).code == "A1"


def test_a_file_without_the_pavilion_column_uses_the_events_only_pavilion(pavilion):
    header = ["event", "code", "x", "y", "width", "depth"]
    data = csv_bytes([[pavilion.event.slug, "A1", "0", "0", "3", "3"]], header=header)
    result, problems = import_csv(data)
    assert problems == []
    assert Booth.objects.get().pavilion == pavilion


def test_a_file_moves_booths_and_changes_holders(pavilion, holders):
    company, _gangnam = holders
    a1 = booth(pavilion, "A1", 0, 0)
    booths.booth_allocate(booth=a1, exhibitor=company, by_hand=False)
    event = pavilion.event.slug
    rows = [
        [event, "seoul", "A2", "", "0", "3", "3", "3", company.company.registration_number_display],
        [event, "seoul", "A1", "", "20", "0", "3", "3", ""],
    ]
    # A1 still holds the company when row 2 gives it A2: one company booth each
    result, problems = import_csv(csv_bytes(rows))
    assert [(p.row, p.column) for p in problems] == [(2, "holder")]
    result, problems = import_csv(csv_bytes(rows[::-1]))
    assert problems == []
    placed = layout(pavilion)
    assert placed["A1"][1:] == (20, 0, 3, 3, None, False)
    assert placed["A2"][5:] == (company.pk, True)
    assert Booth.objects.count() == 2


def test_export_then_import_changes_nothing(pavilion, holders):
    company, gangnam = holders
    import_csv(csv_bytes(good_rows(pavilion, holders)))
    booths.booth_release(booth=Booth.objects.get(code="A1"))
    booths.booth_allocate(booth=Booth.objects.get(code="A2"), exhibitor=company, by_hand=False)
    before = layout(pavilion)
    exported = BoothResource().export()
    assert exported.headers == HEADER
    text = exported.csv
    assert (
        f"{pavilion.event.slug},seoul,A2,company,3.00,0.00,3.00,3.00,{company.company.registration_number_display}"
        in text
    )
    assert f"{pavilion.event.slug},seoul,D1,district,0.00,8.00,3.00,3.00,서울특별시 강남구" in text
    result, problems = import_csv(text.encode("utf-8"))
    assert problems == []
    assert layout(pavilion) == before  # the automatic allocation stays automatic
    assert Booth.objects.count() == 4
    # the XLSX export reads back the same
    result, problems = import_dataset(openpyxl_dataset(BoothResource().export().xlsx))
    assert problems == []
    assert layout(pavilion) == before


def test_a_dry_run_writes_nothing(pavilion, holders):
    result, problems = import_csv(csv_bytes(good_rows(pavilion, holders)), dry_run=True)
    assert problems == []
    assert not Booth.objects.exists()


def test_manage_py_import_reports_the_bad_row(tmp_path, pavilion, holders):
    rows = good_rows(pavilion, holders)
    rows.append([pavilion.event.slug, "seoul", "A3", "", "4", "1", "3", "3", ""])
    bad = tmp_path / "booths.csv"
    bad.write_bytes(csv_bytes(rows, "cp949"))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import", "exhibitors.floor.resources.BoothResource", str(bad), "--no-input", stderr=err
        )
    assert "Row 6, column y: Booth A3 overlaps booth A2." in err.getvalue()
    assert not Booth.objects.exists()
    good = tmp_path / "good.csv"
    good.write_bytes(csv_bytes(good_rows(pavilion, holders), "cp949"))
    out = io.StringIO()
    call_command(
        "import", "exhibitors.floor.resources.BoothResource", str(good), "--no-input", stdout=out
    )
    assert "4 new" in out.getvalue()


def test_admin_import_previews_a_cp949_file_then_confirms(staff_client, pavilion, holders):
    upload = SimpleUploadedFile(
        "booths.csv", csv_bytes(good_rows(pavilion, holders), "cp949"), "text/csv"
    )
    response = staff_client.post(
        reverse("admin:exhibitors_booth_import"),
        {"resource": 0, "format": 0, "import_file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert not Booth.objects.exists()  # a preview writes nothing
    confirm = response.context["confirm_form"]
    response = staff_client.post(
        reverse("admin:exhibitors_booth_process_import"), {**confirm.initial, "resource": 0}
    )
    assert response.status_code == 302
    assert Booth.objects.count() == 4


def test_admin_import_shows_the_bad_row_and_offers_no_confirm(staff_client, pavilion, holders):
    rows = good_rows(pavilion, holders)
    rows.append([pavilion.event.slug, "seoul", "A3", "", "4", "1", "3", "3", ""])
    upload = SimpleUploadedFile("booths.xlsx", xlsx_bytes(rows))
    response = staff_client.post(
        reverse("admin:exhibitors_booth_import"),
        {"resource": 0, "format": 1, "import_file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    assert "Booth A3 overlaps booth A2." in response.content.decode()
    assert not Booth.objects.exists()
