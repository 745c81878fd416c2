"""The scans of an outcome report's MOUs, served to the exhibitor's members and to staff who
may see MOUs."""

from django.utils.text import slugify

from exhibitors.companies.documents import company_member
from exhibitors.outcomes.models import Mou
from portal.private_files import file_suffix, serve_private_file


def scan_response(mou: Mou):
    partner = slugify(mou.partner) or "partner"
    return serve_private_file(mou.scan, f"mou-{mou.pk}-{partner}{file_suffix(mou.scan) or '.pdf'}")


def scan_for(user, pk: int, field: str):
    """The scan as a download for the exhibitor's members and the entitled staff, else None."""
    mou = Mou.objects.select_related("report__exhibitor").filter(pk=pk).first()
    if mou is None:
        return None
    if company_member(user, mou.report.exhibitor.company_id) or user.has_perm(
        "exhibitors.view_mou"
    ):
        return scan_response(mou)
    return None
