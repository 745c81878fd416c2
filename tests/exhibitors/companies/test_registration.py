import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse

from exhibitors.companies import registration
from exhibitors.companies.forms import CompanyForm
from exhibitors.companies.models import Company
from exhibitors.companies.resources import CompanyResource
from portal.spreadsheets import KoreanCSV, import_problems
from tests.factories import CompanyFactory, UserFactory


@pytest.mark.parametrize("number", ["1234567891", "123-45-67891", " 123 45 67891 ", "2208112341"])
def test_valid_numbers_pass_whatever_the_separators(number):
    registration.validate_registration_number(number)
    assert registration.is_valid(number)


def test_a_wrong_check_digit_is_refused_and_named():
    with pytest.raises(ValidationError) as caught:
        registration.validate_registration_number("123-45-67890")
    assert caught.value.code == "check_digit"
    assert "123-45-67890" in caught.value.messages[0]


@pytest.mark.parametrize("number", ["", "123456789", "12345678901", "12345-6789a", "abc"])
def test_anything_but_ten_digits_is_refused(number):
    with pytest.raises(ValidationError) as caught:
        registration.validate_registration_number(number)
    assert caught.value.code == "format"


def test_check_digit_follows_the_national_tax_service_weights():
    # 1*1+2*3+3*7+4*1+5*3+6*7+7*1+8*3+9*5 = 165, plus (9*5)//10 = 4 -> 169 -> (10-9)%10 = 1
    assert registration.check_digit("123456789") == 1
    # Every last digit but one is refused: exactly one of ten candidates is valid.
    assert sum(registration.is_valid(f"220811234{d}") for d in range(10)) == 1


def test_display_groups_the_digits():
    assert registration.display("1234567891") == "123-45-67891"
    assert registration.display("") == ""


# The number as people write it ------------------------------------------------------------

WRITTEN = re.compile(r"(?<![\d-])\d{3}-\d{2}-\d{5}(?![\d-])")
ROOT = Path(settings.BASE_DIR)


def _shown_files():
    yield ROOT / "README.md"
    yield ROOT / "locale" / "ko" / "LC_MESSAGES" / "django.po"
    for folder in ("templates", "exhibitors", "events", "portal", "static/js"):
        for path in (ROOT / folder).rglob("*"):
            if path.suffix in {".html", ".py", ".txt", ".js"} and "migrations" not in path.parts:
                yield path


def test_every_example_number_the_portal_shows_passes_the_check_digit():
    assert registration.is_valid(registration.EXAMPLE)
    found = {}
    for path in _shown_files():
        for number in WRITTEN.findall(path.read_text(encoding="utf-8")):
            found.setdefault(number, path.relative_to(ROOT))
    assert registration.EXAMPLE in found
    bad = {number: str(path) for number, path in found.items() if not registration.is_valid(number)}
    assert bad == {}
    help_text = str(Company._meta.get_field("registration_number").help_text)
    assert all(registration.is_valid(n) for n in WRITTEN.findall(help_text))


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("220-81-345689", "“2208134568" + "9” has 11 digits"),
        ("220-81-3456", "has 9 digits"),
        ("1", "has 1 digit."),
        ("220-81-3456a", "has other characters"),
        ("220-81-34567", "does not match the first nine"),
    ],
)
def test_the_message_says_what_is_wrong(typed, message):
    with pytest.raises(ValidationError) as caught:
        registration.validate_registration_number(registration.normalize(typed))
    assert len(caught.value.messages) == 1
    assert message in caught.value.messages[0]
    if "digit" in message:  # not 10 digits: the message shows a valid number
        assert registration.EXAMPLE in caught.value.messages[0]


def test_a_search_term_finds_the_digits_stored():
    assert registration.search_term("220-81-34568") == "2208134568"
    assert registration.search_term("Hanbit 220 81 34568") == "Hanbit 2208134568"
    assert registration.search_term("220–81–34568") == "2208134568"  # dashes from a word processor
    assert registration.search_term("02-123-4567") == "02-123-4567"  # a phone number stays


def _company_data(number):
    return {
        "name_ko": "한빛",
        "name_en": "Hanbit",
        "registration_number": number,
        "representative": "유하준",
        "email": "a@hanbit.example",
        "preferred_language": "ko",
    }


def test_the_form_box_takes_the_number_with_its_hyphens_and_shows_a_valid_example():
    field = CompanyForm()["registration_number"]
    html = str(field)
    length = int(re.search(r'maxlength="(\d+)"', html)[1])
    assert length >= len("220-81-34568 ")  # the browser does not cut the number short
    assert f'placeholder="{registration.EXAMPLE}"' in html
    assert registration.EXAMPLE in str(field.help_text)


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["220-81-34568", "220 81 34568", "2208134568", " 220-81-34568 "])
def test_the_form_stores_ten_digits_and_shows_them_grouped(typed):
    form = CompanyForm(_company_data(typed))
    assert form.is_valid(), form.errors
    company = form.save()
    assert Company.objects.get().registration_number == "2208134568"
    assert 'value="220-81-34568"' in str(CompanyForm(instance=company)["registration_number"])


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("220-81-34567", "does not match the first nine"),
        ("220-81-345689", "has 11 digits"),
        ("2208-1345-6899-9999-9999", "has 20 digits"),
    ],
)
def test_the_form_gives_one_message_saying_what_is_wrong(typed, message):
    form = CompanyForm(_company_data(typed))
    assert not form.is_valid()
    assert len(form.errors["registration_number"]) == 1
    assert message in form.errors["registration_number"][0]
    assert not Company.objects.exists()


@pytest.mark.django_db
def test_the_company_page_accepts_the_number_with_hyphens(client):
    client.force_login(UserFactory())
    response = client.post(reverse("exhibitors:company_create"), _company_data("220-81-34568"))
    assert response.status_code == 302
    assert Company.objects.get().registration_number == "2208134568"


@pytest.mark.django_db
@pytest.mark.parametrize("typed", ["220-81-34568", "220 81 34568", "2208134568"])
def test_the_admin_finds_a_company_by_its_number_as_written(staff_client, typed):
    CompanyFactory(registration_number="2208134568", name_en="Hanbit Smart Lab")
    CompanyFactory(name_en="Someone Else")
    for url in (
        reverse("admin:exhibitors_company_changelist"),
        reverse("admin:exhibitors_exhibitor_changelist"),
        reverse("admin:exhibitors_application_changelist"),
    ):
        response = staff_client.get(url, {"q": typed})
        assert response.status_code == 200
        if "company" in url:
            page = response.content.decode()
            assert "Hanbit Smart Lab" in page and "Someone Else" not in page


@pytest.mark.django_db
def test_the_admin_form_takes_the_number_with_hyphens(staff_client):
    url = reverse("admin:exhibitors_company_add")
    page = staff_client.get(url).content.decode()
    box = re.search(r'<input[^>]*name="registration_number"[^>]*>', page)[0]
    assert int(re.search(r'maxlength="(\d+)"', box)[1]) >= 12


@pytest.mark.django_db
def test_the_company_import_reads_the_number_as_written_and_says_what_is_wrong():
    header = "registration_number,name_ko,name_en,kind"
    rows = ["220-81-34568,한빛,Hanbit,company", "220 81 34569 ,다온,Daon,company"]
    data = ("\r\n".join([header, *rows]) + "\r\n").encode()
    resource = CompanyResource()
    problems = import_problems(resource.import_data(KoreanCSV().create_dataset(data)), resource)
    assert [(p.row, p.column) for p in problems] == [(3, "registration_number")]
    assert "does not match the first nine" in problems[0].message
    rows[1] = "220-81-345689,다온,Daon,company"
    data = ("\r\n".join([header, *rows]) + "\r\n").encode()
    problems = import_problems(resource.import_data(KoreanCSV().create_dataset(data)), resource)
    assert [(p.row, p.column, "has 11 digits" in p.message) for p in problems] == [
        (3, "registration_number", True)
    ]
    rows[1] = "101-83-00010,다온,Daon,company"
    data = ("\r\n".join([header, *rows]) + "\r\n").encode()
    problems = import_problems(resource.import_data(KoreanCSV().create_dataset(data)), resource)
    assert problems == []
    assert Company.objects.get(name_en="Hanbit").registration_number == "2208134568"
