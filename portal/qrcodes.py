"""QR codes as inline SVG (segno): an exhibitor's catalogue page, a booth card, a buyer's badge.

No image file and no network: the SVG goes straight into the page, scales to any print size and
prints sharp."""

import segno
from django.utils.safestring import SafeString, mark_safe


def qr_svg(data: str, *, scale: int = 4, title: str = "") -> SafeString:
    """The QR code of ``data`` as an ``<svg>`` element (no XML declaration), safe to embed.

    Error correction "M" (15 %) survives a creased badge or a glossy booth card; ``title``
    becomes the SVG's accessible name."""
    code = segno.make(data, error="m", micro=False)
    svg = code.svg_inline(
        scale=scale, title=title or None, svgclass="qr-code", lineclass=None, omitsize=True
    )
    return mark_safe(svg)  # noqa: S308 - segno writes the markup; ``title`` is escaped by segno
