"""Numbers as people write them."""

from decimal import ROUND_HALF_UP, Decimal


def plain(value, places=2):
    """A length, area or amount without trailing zeros or exponent: 3, 2.5, 276 (never
    3.00 or 2.7E+2, as ``Decimal.normalize()`` would give), rounded half up to ``places``."""
    quantum = Decimal(1).scaleb(-places)
    text = format(Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP), "f")
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in ("", "-0") else text
