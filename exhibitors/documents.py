"""Serving an application's documents. Every view that serves one checks who asks first,
then hands over here: the file goes out as a download, never rendered inline."""

from pathlib import PurePath

from django.http import FileResponse, Http404
from django.utils.text import slugify

#: The documents of an application, by the name used in addresses.
DOCUMENT_FIELDS = {"introduction": "introduction_pdf", "image": "product_image"}


def document_response(application, kind):
    """The ``kind`` document of ``application`` as an attachment; 404 when there is none."""
    field = DOCUMENT_FIELDS.get(kind)
    document = getattr(application, field) if field else None
    if not document:
        raise Http404
    suffix = PurePath(document.name).suffix.lower()
    name = slugify(application.company.name_en) or "application"
    response = FileResponse(
        document.open("rb"), as_attachment=True, filename=f"{name}-{application.pk}-{kind}{suffix}"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response
