"""One cell at a time: a cell as text, and text that a spreadsheet program would run as a
formula made plain."""

import re


def cell_text(value: object) -> str:
    """A cell as text: Excel's 12.0 as "12", None as ""."""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


#: What a spreadsheet program reads as the start of a formula (OWASP's CSV injection list).
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def neutralise_formula(value):
    """A text cell that Excel or LibreOffice would run as a formula, made plain text with a
    leading apostrophe; everything else (numbers, dates, ordinary text) unchanged.

    ``IMPORT_EXPORT_ESCAPE_FORMULAE_ON_EXPORT`` is not enough on its own: it strips only the
    first "=" (so "==1+1" still becomes a formula) and leaves "+", "-" and "@" alone, which
    Excel also runs when it opens a CSV file."""
    if (
        isinstance(value, str)
        and value.startswith(FORMULA_PREFIXES)
        and not _PLAIN_NUMBER.fullmatch(value)
    ):
        return "'" + value
    return value
