"""The companies' private files: application documents, logos and MOU scans. Who may fetch
which file is decided by each domain package (``applications.documents``,
``companies.documents``, ``outcomes.documents``); ``portal.private_files.serve_private_file``
then hands it out as a download, never rendered inline, never from a public address.

Every stored file's ``.url`` (see ``portal.private_files.PrivateFileField``) is
``document_view``: the members of the owning company and the staff entitled to the object get
the file, anyone else a 404 (an anonymous visitor the login page).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.views.decorators.http import require_safe

from exhibitors.applications.documents import document_for
from exhibitors.companies.documents import logo_for
from exhibitors.outcomes.documents import scan_for

#: (model name, field name) → the function that checks the user and serves the file.
PRIVATE_FILES = {
    ("application", "introduction_pdf"): document_for,
    ("application", "product_image"): document_for,
    ("company", "logo"): logo_for,
    ("mou", "scan"): scan_for,
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
