import pytest
from django.core.exceptions import ValidationError

from exhibitors import registration


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
