"""A company's logo, served to its members and to staff who may see companies."""

from django.contrib.auth.base_user import AbstractBaseUser
from django.http import HttpResponseBase
from django.utils.text import slugify

from exhibitors.companies.models import Company, Membership
from portal.private_files import file_suffix, serve_private_file


def company_member(user: AbstractBaseUser, company_id: int) -> bool:
    return Membership.objects.filter(user_id=user.pk, company_id=company_id).exists()


def logo_response(company: Company) -> HttpResponseBase:
    name = slugify(company.name_en) or "company"
    return serve_private_file(company.logo, f"{name}-logo{file_suffix(company.logo)}")


def logo_for(user: AbstractBaseUser, pk: int, field: str) -> HttpResponseBase | None:
    """The logo as a download for its company's members and the entitled staff, else None."""
    company = Company.objects.filter(pk=pk).first()
    if company is None:
        return None
    if company_member(user, company.pk) or user.has_perm("exhibitors.view_company"):
        return logo_response(company)
    return None
