"""The consultation log by spreadsheet: Korean Excel files, all or nothing, row-level errors."""

import datetime
import io

import openpyxl
import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from exhibitors import outcomes
from exhibitors.models import Consultation
from exhibitors.resources import ConsultationResource
from portal.spreadsheets import KoreanCSV, import_problems
from tests.factories import EventFactory, ExhibitorFactory, MembershipFactory, PavilionFactory

pytestmark = pytest.mark.django_db
HEADER = ",".join(ConsultationResource.COLUMNS)


@pytest.fixture
def exhibitor():
    event = EventFactory(slug="expo-2030", starts_on=datetime.date.today() - datetime.timedelta(5))
    return ExhibitorFactory(pavilion=PavilionFactory(event=event))


def _line(exhibitor, **overrides):
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
    values.update(overrides)
    return ",".join(values[c] for c in ConsultationResource.COLUMNS)


def _import(lines, encoding="utf-8", **kwargs):
    data = ("\r\n".join([HEADER, *lines]) + "\r\n").encode(encoding)
    resource = ConsultationResource(**kwargs)
    result = resource.import_data(KoreanCSV().create_dataset(data))
    return import_problems(result, resource)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "cp949"])
def test_a_korean_excel_file_imports(exhibitor, encoding):
    problems = _import(
        [
            _line(exhibitor),
            _line(exhibitor, buyer_country="스페인", buyer_organisation="마드리드 시청"),
        ],
        encoding,
    )
    assert problems == []
    assert sorted(Consultation.objects.values_list("buyer_country", flat=True)) == ["DE", "ES"]
    assert exhibitor.report.consultations.count() == 2


def test_one_bad_row_among_a_thousand_writes_nothing(exhibitor):
    lines = [_line(exhibitor) for _ in range(1000)]
    lines[636] = _line(exhibitor, amount_usd="-5")
    problems = _import(lines)
    assert Consultation.objects.count() == 0
    assert [(p.row, p.column) for p in problems] == [(638, "amount_usd")]


@pytest.mark.parametrize(
    ("overrides", "column"),
    [
        ({"buyer_country": "Atlantis"}, "buyer_country"),
        ({"amount_usd": "lots"}, "amount_usd"),
        ({"met_on": "2001-01-01"}, "met_on"),
        ({"registration_number": "123-45-67891"}, "registration_number"),
        ({"stage": "maybe"}, "stage"),
    ],
)
def test_bad_values_are_named_by_row_and_column(exhibitor, overrides, column):
    problems = _import([_line(exhibitor), _line(exhibitor, **overrides)])
    assert Consultation.objects.count() == 0
    assert (3, column) in [(p.row, p.column) for p in problems]


def test_an_approved_report_takes_no_rows(exhibitor):
    report = outcomes.report_for(exhibitor)
    Consultation.objects.create(
        report=report,
        met_on=exhibitor.pavilion.event.starts_on,
        buyer_organisation="A",
        buyer_country="ES",
        amount_usd=1,
    )
    outcomes.report_submit(report=report, user=None)
    outcomes.report_approve(report=report, user=None)
    problems = _import([_line(exhibitor)])
    assert problems and problems[0].column == "registration_number"
    assert Consultation.objects.count() == 1


def test_manage_py_import_reads_the_log(exhibitor, tmp_path):
    path = tmp_path / "log.csv"
    path.write_bytes(("\n".join([HEADER, _line(exhibitor)]) + "\n").encode("cp949"))
    call_command(
        "import",
        "exhibitors.resources.ConsultationResource",
        str(path),
        "--no-input",
        stdout=io.StringIO(),
    )
    assert Consultation.objects.count() == 1
    bad = tmp_path / "bad.csv"
    bad.write_text("\n".join([HEADER, _line(exhibitor, buyer_country="??")]) + "\n")
    with pytest.raises(CommandError):
        call_command(
            "import",
            "exhibitors.resources.ConsultationResource",
            str(bad),
            "--no-input",
            stdout=io.StringIO(),
            stderr=io.StringIO(),
        )
    assert Consultation.objects.count() == 1


def test_the_upload_on_the_report_page(client, exhibitor):
    member = MembershipFactory(company=exhibitor.company)
    other = ExhibitorFactory(pavilion=exhibitor.pavilion)
    client.force_login(member.user)
    url = reverse("exhibitors:report_upload", args=[exhibitor.pk])
    content = "\n".join([HEADER, _line(exhibitor), _line(other)]) + "\n"
    response = client.post(
        url, {"log": SimpleUploadedFile("log.csv", content.encode())}, HTTP_ACCEPT_LANGUAGE="en"
    )
    texts = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("not your company" in t for t in texts)
    assert Consultation.objects.count() == 0
    content = "\n".join([HEADER, _line(exhibitor), _line(exhibitor)]) + "\n"
    client.post(url, {"log": SimpleUploadedFile("log.csv", content.encode())})
    client.post(url, {"log": SimpleUploadedFile("log.csv", content.encode()), "replace": "1"})
    assert exhibitor.report.consultations.count() == 2
    other_member = MembershipFactory(company=other.company)
    client.force_login(other_member.user)
    assert (
        client.post(url, {"log": SimpleUploadedFile("log.csv", content.encode())}).status_code
        == 404
    )


def test_the_template_downloads(client, exhibitor):
    client.force_login(MembershipFactory(company=exhibitor.company).user)
    response = client.get(reverse("exhibitors:report_template"))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == ConsultationResource.COLUMNS
