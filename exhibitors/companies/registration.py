"""Korean business registration numbers (사업자등록번호): 10 digits written 220-81-34568,
the last digit a check digit over the first nine. People type them with or without hyphens
or spaces; the portal stores the 10 digits and shows them grouped."""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

_WEIGHTS = (1, 3, 7, 1, 3, 7, 1, 3, 5)
_SEPARATOR = r"[\s\-.\u2010-\u2015\u2212\uff0d]"  # spaces, dots, hyphens, dashes, minus signs
_SEPARATORS = re.compile(_SEPARATOR)

#: The number every help text, placeholder and template shows: it passes the check digit
#: (tests/exhibitors/companies/test_registration.py keeps every example the portal shows
#: valid).
EXAMPLE = "220-81-34568"
#: How many characters a form lets people type: the 10 digits with hyphens or spaces.
TYPED_MAX_LENGTH = 20


def check_digit(first_nine: str) -> int:
    """The check digit for the first nine digits (a string of nine digits)."""
    digits = [int(c) for c in first_nine]
    total = sum(d * w for d, w in zip(digits, _WEIGHTS, strict=True))
    total += (digits[8] * 5) // 10
    return (10 - total % 10) % 10


def normalize(value: object) -> str:
    """Strip the separators people type: "220-81-34568" -> "2208134568"."""
    if value is None:
        return ""
    return _SEPARATORS.sub("", str(value).strip())


def is_valid(value: object) -> bool:
    number = normalize(value)
    return bool(re.fullmatch(r"\d{10}", number)) and check_digit(number[:9]) == int(number[9])


def validate_registration_number(value: object) -> None:
    """One message saying what is wrong: not 10 digits (how many were typed), or a check
    digit that does not match the first nine."""
    number = normalize(value)
    if not number.isdigit():
        raise ValidationError(
            _(
                "A business registration number is 10 digits, with or without hyphens or "
                "spaces, e.g. %(example)s; “%(value)s” has other characters."
            ),
            code="format",
            params={"example": EXAMPLE, "value": str(value).strip()},
        )
    if len(number) != 10:
        raise ValidationError(
            ngettext_lazy(
                "A business registration number is 10 digits, e.g. %(example)s; "
                "“%(value)s” has %(count)s digit.",
                "A business registration number is 10 digits, e.g. %(example)s; "
                "“%(value)s” has %(count)s digits.",
                "count",
            ),
            code="format",
            params={"example": EXAMPLE, "value": str(value).strip(), "count": len(number)},
        )
    if check_digit(number[:9]) != int(number[9]):
        raise ValidationError(
            _(
                "%(number)s is not a valid business registration number: its last digit (the "
                "check digit) does not match the first nine. Please check it for a typing "
                "error."
            ),
            code="check_digit",
            params={"number": display(number)},
        )


def display(value: str | None) -> str:
    """ "2208134568" -> "220-81-34568"; anything else is returned as it is."""
    number = normalize(value)
    if re.fullmatch(r"\d{10}", number):
        return f"{number[:3]}-{number[3:5]}-{number[5:]}"
    return value or ""


def complete(first_nine: str) -> str:
    """A valid number from nine digits (used by the demo data and the tests)."""
    return f"{first_nine}{check_digit(first_nine)}"


_TYPED_NUMBER = re.compile(rf"(?<!\d)\d{{3}}{_SEPARATOR}*\d{{2}}{_SEPARATOR}*\d{{5}}(?!\d)")


def search_term(term: str | None) -> str:
    """An admin search as typed, with every registration number in it (220-81-34568,
    220 81 34568, 220.81.34568) turned into the 10 digits stored, so that it finds the
    company."""
    return _TYPED_NUMBER.sub(lambda match: normalize(match[0]), term or "")
