"""The companies' private files: application documents, logos and MOU scans. Who may fetch
which file is decided here; ``portal.private_files.serve_private_file`` then hands it out as a
download, never rendered inline, never from a public address.

Every stored file's ``.url`` (see ``portal.private_files.PrivateFileField``) is
``document_view``: the members of the owning company and the staff entitled to the object get
the file, anyone else a 404 (an anonymous visitor the login page).
"""

from pathlib import PurePath

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.utils.text import slugify
from django.views.decorators.http import require_safe

from exhibitors.applications import reviews
from exhibitors.applications.models import Application
from exhibitors.companies.models import Company, Membership
from exhibitors.outcomes.models import Mou
from portal.private_files import serve_private_file

#: The documents of an application, by the name used in addresses.
DOCUMENT_FIELDS = {"introduction": "introduction_pdf", "image": "product_image"}


def _suffix(file):
    return PurePath(file.name).suffix.lower()


def _is_member(user, company_id):
    return Membership.objects.filter(user_id=user.pk, company_id=company_id).exists()


def document_response(application, kind):
    """The ``kind`` document of ``application`` as an attachment; 404 when there is none."""
    field = DOCUMENT_FIELDS.get(kind)
    document = getattr(application, field) if field else None
    if not document:
        raise Http404
    name = slugify(application.company.name_en) or "application"
    return serve_private_file(document, f"{name}-{application.pk}-{kind}{_suffix(document)}")


def logo_response(company):
    name = slugify(company.name_en) or "company"
    return serve_private_file(company.logo, f"{name}-logo{_suffix(company.logo)}")


def scan_response(mou):
    partner = slugify(mou.partner) or "partner"
    return serve_private_file(mou.scan, f"mou-{mou.pk}-{partner}{_suffix(mou.scan) or '.pdf'}")


# Who may fetch what: (the object, or None) and whether the user may have its file ------------


def _application(user, pk, field):
    application = Application.objects.select_related("company").filter(pk=pk).first()
    if application is None:
        return None
    if _is_member(user, application.company_id) or reviews.can_see_application(
        user=user, application=application
    ):
        kind = {value: key for key, value in DOCUMENT_FIELDS.items()}[field]
        return document_response(application, kind)
    return None


def _company(user, pk, field):
    company = Company.objects.filter(pk=pk).first()
    if company is None:
        return None
    if _is_member(user, company.pk) or user.has_perm("exhibitors.view_company"):
        return logo_response(company)
    return None


def _mou(user, pk, field):
    mou = Mou.objects.select_related("report__exhibitor").filter(pk=pk).first()
    if mou is None:
        return None
    if _is_member(user, mou.report.exhibitor.company_id) or user.has_perm("exhibitors.view_mou"):
        return scan_response(mou)
    return None


#: (model name, field name) → the function that checks the user and serves the file.
PRIVATE_FILES = {
    ("application", "introduction_pdf"): _application,
    ("application", "product_image"): _application,
    ("company", "logo"): _company,
    ("mou", "scan"): _mou,
}


@require_safe
@login_required
def document_view(request, model, pk, field):
    """Any private file, for the members of its company and the entitled staff; else 404."""
    serve = PRIVATE_FILES.get((model, field))
    response = serve(request.user, pk, field) if serve else None
    if response is None:
        raise Http404
    return response
