"""Hostile uploads (issue 14): each file is made here, in the test, and sent through the pages
that take it (the application form, the company profile, an MOU scan on the outcome report).
Images are judged by the format Pillow reads, against the allowed ones and the file's name,
with a pixel cap and nothing appended after the image's end; PDFs by ``%PDF-`` at byte 0, no
web page markup before the first object and ``%%EOF`` at the end. Every refusal is a
translated form error, the page comes back with what was typed, and nothing is stored."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from exhibitors.applications.models import Application, ApplicationStatus
from exhibitors.outcomes.models import Mou
from portal.validators import validate_image, validate_pdf
from tests.exhibitors.applications.test_views import complete_post
from tests.exhibitors.exhibiting import confirmed_exhibitor, member_of, started_pavilion
from tests.exhibitors.outcomes.test_views import mou, report_post
from tests.factories import PDF_BYTES, ApplicationFactory, MembershipFactory
from tests.test_private_documents import _company_post

pytestmark = pytest.mark.django_db

HTML = b"<html><body><script>alert(document.cookie)</script></body></html>"


def image_bytes(kind, size=(8, 8), mode="RGB"):
    buffer = io.BytesIO()
    Image.new(mode, size, "red").save(buffer, kind)
    return buffer.getvalue()


def _chunk(kind, data):
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def huge_png(width=12000, height=12000):
    """A valid 1-bit greyscale PNG of width × height pixels (144 megapixels by default) in a
    few kilobytes: every row is a filter byte and zeros, which deflate squeezes to nothing."""
    row = b"\x00" * (1 + (width + 7) // 8)
    body = zlib.compressobj(9)
    idat = b"".join(body.compress(row) for _ in range(height)) + body.flush()
    return (
        b"\x89PNG\r\n\x1a\n"
        + _chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 1, 0, 0, 0, 0))
        + _chunk(b"IDAT", idat)
        + _chunk(b"IEND", b"")
    )


POLYGLOT_PDF = (
    b"%PDF-1.4\n%<!DOCTYPE html><html><script>alert(document.cookie)</script></html>\n"
    b"1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
)

HOSTILE_IMAGES = {
    "gif named .png": (
        lambda: SimpleUploadedFile("photo.png", image_bytes("GIF")),
        "The file is a GIF image; the portal accepts PNG, JPEG or WebP.",
    ),
    "bmp named .jpg": (
        lambda: SimpleUploadedFile("photo.jpg", image_bytes("BMP")),
        "The file is a BMP image; the portal accepts PNG, JPEG or WebP.",
    ),
    "png with html appended": (
        lambda: SimpleUploadedFile("photo.png", image_bytes("PNG") + HTML),
        "The image has other data appended after its end.",
    ),
    "jpeg with html appended": (
        lambda: SimpleUploadedFile("photo.jpg", image_bytes("JPEG") + HTML),
        "The image has other data appended after its end.",
    ),
    "webp with html appended": (
        lambda: SimpleUploadedFile("photo.webp", image_bytes("WEBP") + HTML),
        "The image has other data appended after its end.",
    ),
    "144-megapixel png": (
        lambda: SimpleUploadedFile("photo.png", huge_png()),
        "The image has more than 40 megapixels (width × height).",
    ),
    "png named .jpg": (
        lambda: SimpleUploadedFile("photo.jpg", image_bytes("PNG")),
        "The file&#x27;s name ends in .jpg but it is a PNG image.",
    ),
}

HOSTILE_PDFS = {
    "pdf/html polyglot": (
        POLYGLOT_PDF,
        "The PDF contains web page code (HTML) before its content.",
    ),
    "whitespace then %PDF-": (b"\n \t" + PDF_BYTES, "The file is not a PDF document."),
    "no %%EOF at the end": (
        PDF_BYTES.replace(b"%%EOF", b"") + b"%" * 2000,
        "The PDF is incomplete: its end marker is missing.",
    ),
}


@pytest.fixture
def applicant(client):
    member = MembershipFactory()
    client.force_login(member.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    application = ApplicationFactory(company=member.company, introduction_pdf=None)
    return client, application


def _edit(client, application, **files):
    url = reverse("exhibitors:application_edit", args=[application.pk])
    return client.post(url, complete_post(application, product_name_en="Kept", submit="1", **files))


@pytest.mark.parametrize("case", HOSTILE_IMAGES)
def test_a_hostile_product_image_is_refused_and_what_was_typed_stays(applicant, case):
    client, application = applicant
    make, message = HOSTILE_IMAGES[case]
    response = _edit(client, application, product_image=make())
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Kept"' in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and not application.product_image


@pytest.mark.parametrize("case", HOSTILE_PDFS)
def test_a_hostile_introduction_pdf_is_refused_and_what_was_typed_stays(applicant, case):
    client, application = applicant
    content, message = HOSTILE_PDFS[case]
    upload = SimpleUploadedFile("intro.pdf", content, "application/pdf")
    response = _edit(client, application, introduction_pdf=upload)
    page = response.content.decode()
    assert response.status_code == 200
    assert message in page
    assert 'value="Kept"' in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT and not application.introduction_pdf


@pytest.mark.parametrize("kind, name", [("PNG", "p.png"), ("JPEG", "p.jpeg"), ("WEBP", "p.WebP")])
def test_real_images_are_still_accepted(applicant, kind, name):
    client, application = applicant
    upload = SimpleUploadedFile(name, image_bytes(kind, size=(640, 480)))
    response = _edit(client, application, product_image=upload)
    assert response.status_code == 302
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED and application.product_image


def test_the_refusals_are_in_korean(applicant):
    client, application = applicant
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "ko"
    response = _edit(
        client,
        application,
        product_image=SimpleUploadedFile("photo.png", huge_png()),
        introduction_pdf=SimpleUploadedFile("intro.pdf", POLYGLOT_PDF),
    )
    page = response.content.decode()
    assert "이미지 크기가 40메가픽셀(가로 × 세로)을 넘습니다." in page
    assert "PDF 내용 앞에 웹 페이지 코드(HTML)가 들어 있습니다." in page


def test_a_polyglot_mou_scan_is_refused(client):
    exhibitor = confirmed_exhibitor(started_pavilion())
    client.force_login(member_of(exhibitor.company))
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    scan = SimpleUploadedFile("mou.pdf", POLYGLOT_PDF, "application/pdf")
    response = client.post(
        reverse("exhibitors:report", args=[exhibitor.pk]),
        report_post(mous=[{**mou(exhibitor), "scan": scan}], save_draft="1"),
    )
    assert "The PDF contains web page code (HTML) before its content." in response.content.decode()
    assert 'value="Polish Logistics Association"' in response.content.decode()
    assert not Mou.objects.exists()


def test_a_gif_logo_is_refused_on_the_company_page(client):
    member = MembershipFactory()
    client.force_login(member.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    company = member.company
    data = _company_post(company, logo=SimpleUploadedFile("logo.png", image_bytes("GIF")))
    response = client.post(reverse("exhibitors:company"), data)
    assert "The file is a GIF image" in response.content.decode()
    company.refresh_from_db()
    assert not company.logo


# The validators themselves -------------------------------------------------------------------


def test_a_decompression_bomb_past_twice_the_limit_is_a_refusal_not_an_error():
    """Past 2 × MAX_IMAGE_PIXELS Pillow raises its own error; below it only warns. Both are
    the same translated refusal."""
    for width, height in [(9000, 5000), (20000, 20000)]:
        upload = SimpleUploadedFile("bomb.png", huge_png(width, height))
        with pytest.raises(ValidationError) as refused:
            validate_image(upload)
        assert refused.value.code == "too_many_pixels"


def test_appended_nul_padding_and_an_exif_thumbnail_are_not_trailing_data():
    thumbnail = image_bytes("JPEG", size=(4, 4))
    exif = Image.Exif()
    exif[0x010E] = "a product"
    buffer = io.BytesIO()
    Image.new("RGB", (32, 32), "blue").save(buffer, "JPEG", exif=exif.tobytes())
    with_exif = buffer.getvalue()
    # a JPEG with another JPEG (a thumbnail, with its own EOI) inside an APP segment
    app = b"\xff\xe1" + struct.pack(">H", len(thumbnail) + 2) + thumbnail
    nested = with_exif[:2] + app + with_exif[2:]
    for content in (with_exif + b"\x00" * 16, nested):
        validate_image(SimpleUploadedFile("p.jpg", content))
    with pytest.raises(ValidationError):
        validate_image(SimpleUploadedFile("p.jpg", nested + HTML))


def test_a_phone_photo_of_several_pictures_is_an_image_but_not_with_html_after_it():
    """Some phones save a photo as several JPEG pictures in one file (Multi-Picture, "MPO");
    it is a JPEG the portal accepts, while a web page after its last picture is refused."""
    buffer = io.BytesIO()
    first, second = Image.new("RGB", (64, 48), "green"), Image.new("RGB", (32, 24), "gray")
    first.save(buffer, "MPO", save_all=True, append_images=[second])
    photo = buffer.getvalue()
    with Image.open(io.BytesIO(photo)) as opened:
        assert opened.format == "MPO" and opened.n_frames == 2
    validate_image(SimpleUploadedFile("photo.jpg", photo))
    with pytest.raises(ValidationError) as refused:
        validate_image(SimpleUploadedFile("photo.jpg", photo + HTML))
    assert refused.value.code == "image_trailing_data"
    with pytest.raises(ValidationError) as refused:  # a "picture" that is not one
        validate_image(SimpleUploadedFile("photo.jpg", photo + b"\xff\xd8" + HTML))
    assert refused.value.code == "image_trailing_data"


def test_a_stored_image_is_not_read_again():
    application = ApplicationFactory()
    application.product_image.save("p.png", io.BytesIO(image_bytes("PNG")), save=False)
    assert application.product_image._committed
    validate_image(application.product_image)  # no reading of the storage, no error
    assert Application.objects.filter(pk=application.pk).exists()


def test_a_real_pdf_passes():
    validate_pdf(SimpleUploadedFile("a.pdf", PDF_BYTES))
    big = PDF_BYTES.replace(b"%%EOF", b"") + b"% comment\n" * 20_000 + b"%%EOF\n"
    validate_pdf(SimpleUploadedFile("a.pdf", big))
