"""Staff's list of buyers: imported all or nothing, errors by row and column (translated), the
imported buyers approved with a user that sets its password through the reset page."""

import io

import openpyxl
import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import translation

from exhibitors.buyers.models import Buyer, BuyerStatus
from exhibitors.buyers.resources import BuyerResource
from portal.spreadsheets import KoreanCSV, import_problems
from tests.exhibitors.buyers.accounts_factories import make_buyer
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

HEADER = "email,organisation,country,buyer_type,contact_name,phone,interests,preferred_language"
GOOD_ROWS = [
    "ana@movilidad.example,Movilidad Urbana SL,ES,distributor,Ana García,+34 93 1,Parking,en",
    "jan@krakow.example,Miasto Kraków,Poland,public_body,Jan Nowak,,Smart lighting,",
    "yuki@tokyo.example,Tokyo Smart Co.,JP,투자자,Yuki Sato,,,ko",
]


def csv_bytes(rows, encoding="utf-8"):
    return ("\r\n".join([HEADER, *rows]) + "\r\n").encode(encoding)


def import_bytes(data, dry_run=False, user=None):
    resource = BuyerResource()
    result = resource.import_data(KoreanCSV().create_dataset(data), dry_run=dry_run, user=user)
    return result, import_problems(result, resource)


def test_a_good_file_makes_approved_buyers_with_users_and_mails_them(
    django_capture_on_commit_callbacks,
):
    staff = UserFactory(username="programme@example.com", is_staff=True)
    with django_capture_on_commit_callbacks(execute=True):
        _result, problems = import_bytes(csv_bytes(GOOD_ROWS, "utf-8-sig"), user=staff)
    assert problems == []
    assert Buyer.objects.count() == 3
    ana = Buyer.objects.get(user__email="ana@movilidad.example")
    assert (ana.organisation, ana.country.code, ana.buyer_type, ana.status, ana.decided_by) == (
        "Movilidad Urbana SL",
        "ES",
        "distributor",
        BuyerStatus.APPROVED,
        staff,
    )
    jan = Buyer.objects.get(user__email="jan@krakow.example")
    assert (jan.country.code, jan.preferred_language) == ("PL", "en")
    assert Buyer.objects.get(user__email="yuki@tokyo.example").buyer_type == "investor"
    # No password: the mail leads to the page that sets one; the address is the login.
    assert not ana.user.has_usable_password()
    assert EmailAddress.objects.get(user=ana.user).verified
    assert len(mail.outbox) == 3
    english = next(m for m in mail.outbox if m.to == ["ana@movilidad.example"])
    assert "/accounts/password/reset/" in english.body
    korean = next(m for m in mail.outbox if m.to == ["yuki@tokyo.example"])
    assert korean.subject == "바이어 계정이 승인되었습니다"
    assert ana.history.latest().history_user == staff


def test_a_preview_writes_nothing_and_mails_nobody(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        result, problems = import_bytes(csv_bytes(GOOD_ROWS), dry_run=True)
    assert problems == [] and result.totals["new"] == 3
    assert Buyer.objects.count() == 0
    assert get_user_model().objects.count() == 0
    assert mail.outbox == []


def test_every_bad_row_is_reported_with_its_column_and_nothing_is_written(
    django_capture_on_commit_callbacks,
):
    member = MembershipFactory(user__username="member@company.example").user
    rows = [
        GOOD_ROWS[0],
        "not-an-address,Bad Address,ES,,Someone,,,",
        f"{member.email},Company Member,ES,,Someone,,,",
        "x@y.example,Nowhere Ltd,Atlantis,,Someone,,,",
        "z@y.example,Wrong Type,DE,wholesaler,Someone,,,",
        "w@y.example,,DE,,,,,fr",
        "ANA@movilidad.example,Twice,ES,,Ana,,,",
    ]
    with django_capture_on_commit_callbacks(execute=True):
        _result, problems = import_bytes(csv_bytes(rows))
    assert Buyer.objects.count() == 0
    assert not get_user_model().objects.filter(email="ana@movilidad.example").exists()
    assert mail.outbox == []
    found = {(p.row, p.column) for p in problems}
    assert found == {
        (3, "email"),
        (4, "email"),
        (5, "country"),
        (6, "buyer_type"),
        (7, "organisation"),
        (7, "contact_name"),
        (7, "preferred_language"),
        (8, "email"),
    }
    twice = next(p for p in problems if p.row == 8)
    assert "already on row 2 of this file" in twice.message
    assert str(twice).startswith("Row 8, column email:")


def test_errors_are_in_the_staff_users_language():
    with translation.override("ko"):
        _result, problems = import_bytes(csv_bytes(["not-an-address,Bad,ES,,Someone,,,"]))
        assert "이메일 주소가 아닙니다" in str(problems[0])
        assert str(problems[0]).startswith("2행")


def test_a_file_without_the_email_column_is_refused_whole():
    _result, problems = import_bytes(b"organisation,country\nA,ES\n")
    assert Buyer.objects.count() == 0
    assert problems and problems[0].row is None and "email" in problems[0].message


def test_a_row_of_an_existing_buyer_updates_and_approves_it(django_capture_on_commit_callbacks):
    waiting = make_buyer("ana@movilidad.example", organisation="Old name")
    with django_capture_on_commit_callbacks(execute=True):
        _result, problems = import_bytes(csv_bytes([GOOD_ROWS[0]]))
    assert problems == []
    waiting.refresh_from_db()
    assert (waiting.organisation, waiting.status) == ("Movilidad Urbana SL", BuyerStatus.APPROVED)
    assert Buyer.objects.count() == 1
    (message,) = mail.outbox  # they have a password: no set-password link
    assert "/accounts/password/reset/" not in message.body


def test_export_round_trips_through_import():
    make_buyer("ana@movilidad.example", approved=True, organisation="Movilidad Urbana SL")
    exported = BuyerResource().export().csv
    assert "ana@movilidad.example,Movilidad Urbana SL,DE,distributor" in exported
    _result, problems = import_bytes(exported.encode())
    assert problems == []
    assert Buyer.objects.get().organisation == "Movilidad Urbana SL"


def test_manage_py_import_reports_rows_and_writes_nothing(tmp_path):
    bad = tmp_path / "buyers.csv"
    bad.write_bytes(csv_bytes([GOOD_ROWS[0], "x@y.example,Nowhere,Atlantis,,S,,,"]))
    err = io.StringIO()
    with pytest.raises(CommandError, match="nothing was imported"):
        call_command(
            "import",
            "exhibitors.buyers.resources.BuyerResource",
            str(bad),
            "--no-input",
            stderr=err,
        )
    assert "Row 3, column country" in err.getvalue()
    assert Buyer.objects.count() == 0


def _xlsx(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADER.split(","))
    for row in rows:
        sheet.append([cell or None for cell in row.split(",")])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def test_admin_import_previews_then_confirms(staff_client, django_capture_on_commit_callbacks):
    upload = SimpleUploadedFile("buyers.xlsx", _xlsx(GOOD_ROWS))
    response = staff_client.post(
        reverse("admin:exhibitors_buyer_import"),
        {"resource": 0, "format": 1, "import_file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert Buyer.objects.count() == 0  # a preview writes nothing
    confirm = response.context["confirm_form"]
    with django_capture_on_commit_callbacks(execute=True):
        response = staff_client.post(
            reverse("admin:exhibitors_buyer_process_import"), {**confirm.initial, "resource": 0}
        )
    assert response.status_code == 302
    assert Buyer.objects.filter(status=BuyerStatus.APPROVED).count() == 3
    assert len(mail.outbox) == 3


def test_admin_import_with_a_bad_row_shows_it_and_offers_no_confirm(staff_client):
    upload = SimpleUploadedFile(
        "buyers.csv", csv_bytes([GOOD_ROWS[0], "x@y.example,Nowhere,Atlantis,,S,,,"])
    )
    response = staff_client.post(
        reverse("admin:exhibitors_buyer_import"),
        {"resource": 0, "format": 0, "import_file": upload},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert response.context.get("confirm_form") is None
    assert "is not a country" in response.content.decode()
    assert Buyer.objects.count() == 0
