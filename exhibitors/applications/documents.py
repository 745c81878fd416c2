"""An application's documents (the introduction PDF and the product image), served to the
company's members and to the staff entitled to the application."""

from django.http import Http404
from django.utils.text import slugify

from exhibitors.applications import reviews
from exhibitors.applications.models import Application
from exhibitors.companies.documents import company_member
from portal.private_files import file_suffix, serve_private_file

#: The documents of an application, by the name used in addresses.
DOCUMENT_FIELDS = {"introduction": "introduction_pdf", "image": "product_image"}


def document_response(application: Application, kind: str):
    """The ``kind`` document of ``application`` as an attachment; 404 when there is none."""
    field = DOCUMENT_FIELDS.get(kind)
    document = getattr(application, field) if field else None
    if not document:
        raise Http404
    name = slugify(application.company.name_en) or "application"
    return serve_private_file(document, f"{name}-{application.pk}-{kind}{file_suffix(document)}")


def document_for(user, pk: int, field: str):
    """The document as a download for the company's members and the entitled staff, else None."""
    application = Application.objects.select_related("company").filter(pk=pk).first()
    if application is None:
        return None
    if company_member(user, application.company_id) or reviews.can_see_application(
        user=user, application=application
    ):
        kind = {value: key for key, value in DOCUMENT_FIELDS.items()}[field]
        return document_response(application, kind)
    return None
