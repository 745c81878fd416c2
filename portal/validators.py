"""Validators shared by the apps.

Uploads are judged by their content, never by their name or the type the browser claims:

- ``validate_pdf``: ``%PDF-`` at byte 0, no web page markup (``<html``, ``<script``,
  ``<!doctype``) before the first object (a PDF/HTML polyglot), and ``%%EOF`` within the last
  kilobyte.
- ``validate_image``: the format Pillow reads must be PNG, JPEG or WebP and the one the name
  says; at most ``MAX_IMAGE_PIXELS`` pixels, read from the header before Pillow decodes
  anything (a decompression bomb gets a message, not a warning in the log or a server error;
  ``PortalConfig.ready`` sets Pillow's own guard to the same number); nothing after the image's
  end (PNG after IEND, JPEG after EOI, WebP after its RIFF length). ``ImageUploadField`` runs it before
  Django's own image check, so the user reads why an image is refused.

Every stored file is still served as an attachment with ``nosniff`` (``portal.private_files``).
"""

import io
import re
import struct

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class MaxFileSizeValidator:
    """Refuse empty files and files over ``limit`` bytes."""

    def __init__(self, limit):
        self.limit = limit

    def __call__(self, file):
        size = getattr(file, "size", None)
        if size is None:
            return
        if size == 0:
            raise ValidationError(_("The file is empty."), code="empty")
        if size > self.limit:
            raise ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                code="too_large",
                params={"size": filesizeformat(size), "limit": filesizeformat(self.limit)},
            )

    def __eq__(self, other):
        return isinstance(other, MaxFileSizeValidator) and other.limit == self.limit


def _read(file, start=0, size=-1):
    """``size`` bytes of ``file`` from ``start``, leaving its position where it was."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(start)
        return file.read(size)
    finally:
        file.seek(position)


def _length(file):
    size = getattr(file, "size", None)
    if size is not None:
        return size
    position = file.tell()
    try:
        return file.seek(0, io.SEEK_END)
    finally:
        file.seek(position)


#: How much of a PDF's beginning is searched for its first object and for web page markup.
PDF_HEAD_BYTES = 64 * 1024
#: ``%%EOF`` must lie within this many bytes of a PDF's end.
PDF_TAIL_BYTES = 1024
_PDF_FIRST_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")
_HTML_MARKERS = re.compile(rb"<\s*(?:html|script|!doctype)", re.IGNORECASE)


def validate_pdf(file):
    """A PDF by its content: ``%PDF-`` at byte 0, no web page markup before its first object,
    and the end-of-file marker within the last kilobyte, whatever the file's name."""
    head = _read(file, 0, PDF_HEAD_BYTES)
    if not head.startswith(b"%PDF-"):
        raise ValidationError(_("The file is not a PDF document."), code="not_pdf")
    first_object = _PDF_FIRST_OBJECT.search(head)
    before = head[: first_object.start()] if first_object else head
    if _HTML_MARKERS.search(before):
        raise ValidationError(
            _(
                "The PDF contains web page code (HTML) before its content. Save the document "
                "again as a PDF and upload that."
            ),
            code="pdf_with_html",
        )
    tail = _read(file, max(0, _length(file) - PDF_TAIL_BYTES))
    if b"%%EOF" not in tail:
        raise ValidationError(
            _(
                "The PDF is incomplete: its end marker is missing. Save the document again as "
                "a PDF and upload that."
            ),
            code="pdf_without_end",
        )


#: The image formats accepted (Pillow's names) and the extensions each may carry.
IMAGE_FORMATS = {"PNG": ("png",), "JPEG": ("jpg", "jpeg"), "WEBP": ("webp",)}
#: The most pixels (width × height) an uploaded image may have: 40 megapixels. Pillow's own
#: guard is set to the same number (``PortalConfig.ready``).
MAX_IMAGE_PIXELS = 40_000_000
#: Images larger than this are refused on their size anyway; their end is not looked for.
_END_CHECK_MAX_BYTES = 64 * 1024 * 1024


def _png_end(data):
    """Where a PNG's IEND chunk ends, or None if the chunks cannot be followed."""
    at = 8
    while at + 8 <= len(data):
        length = int.from_bytes(data[at : at + 4], "big")
        kind = data[at + 4 : at + 8]
        at += 12 + length
        if kind == b"IEND":
            return at
    return None


_JPEG_STANDALONE = {0x01, *range(0xD0, 0xD8)}


def _jpeg_end(data):
    """Where a JPEG's EOI marker ends (following the segments and the scans' entropy-coded
    data, so a thumbnail inside EXIF is skipped whole), or None if it cannot be followed."""
    size, at = len(data), 2
    while at < size:
        if data[at] != 0xFF:
            return None
        while at < size and data[at] == 0xFF:  # fill bytes
            at += 1
        if at >= size:
            return None
        marker = data[at]
        at += 1
        if marker == 0xD9:
            return at
        if marker in _JPEG_STANDALONE:
            continue
        if at + 2 > size:
            return None
        length = int.from_bytes(data[at : at + 2], "big")
        if length < 2:
            return None
        at += length
        if marker == 0xDA:  # the scan: entropy-coded bytes up to the next real marker
            while True:
                ff = data.find(b"\xff", at)
                if ff < 0 or ff + 1 >= size:
                    return None
                following = data[ff + 1]
                if following == 0xFF:
                    at = ff + 1
                elif following == 0x00 or 0xD0 <= following <= 0xD7:
                    at = ff + 2
                else:
                    at = ff
                    break
    return None


def _jpeg_pictures_end(data):
    """Where the last picture of a JPEG file ends. Phones store some photos as several whole
    JPEG pictures one after the other (the Multi-Picture format, Pillow's "MPO": a photo and its
    depth map or a larger preview); each further picture starts with SOI (FF D8) right after
    the previous one's EOI and must itself be followed to its end. Anything else after a
    picture (a web page, a video) is left for the caller to call trailing data."""
    end = _jpeg_end(data)
    while end is not None and data[end : end + 2] == b"\xff\xd8":
        following = _jpeg_end(data[end:])
        if following is None:
            break
        end += following
    return end


def _webp_end(data):
    if data[:4] != b"RIFF" or data[8:12] != b"WEBP":
        return None
    end = 8 + int.from_bytes(data[4:8], "little")
    return end + end % 2


_IMAGE_END = {"PNG": _png_end, "JPEG": _jpeg_pictures_end, "WEBP": _webp_end}


def _image_format(data):
    """The format Pillow recognises from the file's first bytes (its name, e.g. ``GIF``), by the
    readers' own signature checks and without opening the image, or None."""
    from PIL import Image

    Image.init()
    prefix = data[:16]
    for kind in Image.ID:
        accept = Image.OPEN[kind][1]
        if accept is not None and accept(prefix) is True:
            return kind
    return None


def validate_image(file):
    """A PNG, JPEG or WebP image by its content, in the format its name says, of at most
    ``MAX_IMAGE_PIXELS`` pixels and with nothing appended after its end."""
    from PIL import Image

    if getattr(file, "_committed", False) and getattr(file, "name", None):
        return  # a stored file (a FieldFile already saved) was judged when it was uploaded
    if _length(file) > _END_CHECK_MAX_BYTES:
        return  # refused on its size by MaxFileSizeValidator; not read into memory
    data = _read(file, 0)
    kind = _image_format(data)
    if kind is None:
        raise ValidationError(
            _("The file is not an image the portal can read. Upload a PNG, JPEG or WebP image."),
            code="not_image",
        )
    if kind not in IMAGE_FORMATS:
        raise ValidationError(
            _("The file is a %(format)s image; the portal accepts PNG, JPEG or WebP."),
            code="image_format",
            params={"format": kind or "?"},
        )
    extension = (getattr(file, "name", "") or "").rpartition(".")[2].lower()
    if extension not in IMAGE_FORMATS[kind]:
        raise ValidationError(
            _(
                "The file's name ends in .%(extension)s but it is a %(format)s image. Give it "
                "the right extension, or save it again in the format its name says."
            ),
            code="image_extension",
            params={"extension": extension, "format": "WebP" if kind == "WEBP" else kind},
        )
    try:
        # The format's own reader, not Image.open: only the header is read, and Pillow's
        # decompression bomb check (a warning, or an error at twice its limit) is not run
        # before the portal's limit gives its own message.
        with Image.OPEN[kind][0](io.BytesIO(data), getattr(file, "name", "") or "") as image:
            width, height = image.size
    except (OSError, ValueError, SyntaxError, struct.error):
        raise ValidationError(
            _("The file is not an image the portal can read. Upload a PNG, JPEG or WebP image."),
            code="not_image",
        ) from None
    if width * height > MAX_IMAGE_PIXELS:
        raise ValidationError(
            _(
                "The image has more than %(limit)s megapixels (width × height). Make it "
                "smaller and upload it again."
            ),
            code="too_many_pixels",
            params={"limit": MAX_IMAGE_PIXELS // 1_000_000},
        )
    end = _IMAGE_END[kind](data)
    if end is not None and data[end:].strip(b"\x00"):
        raise ValidationError(
            _(
                "The image has other data appended after its end. Save it again as PNG, JPEG "
                "or WebP and upload that."
            ),
            code="image_trailing_data",
        )


class ImageUploadField(forms.ImageField):
    """Django's image field, with ``validate_image`` first: a refused image says why (a GIF
    named .png, a decompression bomb...) instead of "Upload a valid image"."""

    def to_python(self, data):
        if data not in self.empty_values and hasattr(data, "read"):
            validate_image(data)
        return super().to_python(data)
