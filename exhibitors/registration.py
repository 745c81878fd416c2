"""Korean business registration numbers (사업자등록번호): 10 digits written 123-45-67890,
the last digit a check digit over the first nine."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_SEPARATORS = re.compile(r"[\s\-.]")


def check_digit(first_nine):
    """The check digit for the first nine digits (a string of nine digits)."""
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True))
    total += (digits[8] * 5) // 10
    return (10 - total % 10) % 10


def normalize(value):
    """Strip the separators people type: "123-45-67890" -> "1234567890"."""
    if value is None:
        return ""
    return _SEPARATORS.sub("", str(value).strip())


def is_valid(value):
    number = normalize(value)
    return bool(re.fullmatch(r"\d{10}", number)) and check_digit(number[:9]) == int(number[9])


def validate_registration_number(value):
    number = normalize(value)
    if not re.fullmatch(r"\d{10}", number):
        raise ValidationError(
            _("A business registration number has 10 digits, written 123-45-67890."),
            code="format",
        )
    if check_digit(number[:9]) != int(number[9]):
        raise ValidationError(
            _("%(number)s is not a valid business registration number (check digit)."),
            code="check_digit",
            params={"number": display(number)},
        )


def display(value):
    """ "1234567890" -> "123-45-67890"; anything else is returned as it is."""
    number = normalize(value)
    if re.fullmatch(r"\d{10}", number):
        return f"{number[:3]}-{number[3:5]}-{number[5:]}"
    return value or ""


def complete(first_nine):
    """A valid number from nine digits (used by the demo data and the tests)."""
    return f"{first_nine}{check_digit(first_nine)}"
