"""The demo's organisations: the invented companies and the three district governments, and
their places as exhibitors of a pavilion."""

from exhibitors.companies import registration
from exhibitors.companies.models import Company, Exhibitor, OrganisationKind


def company(demo):
    company, _ = Company.objects.update_or_create(
        registration_number=demo.registration_number,
        defaults={
            "kind": OrganisationKind.COMPANY,
            "name_ko": demo.name_ko,
            "name_en": demo.name_en,
            "sector": demo.sector,
            "representative": demo.representative,
            "founded": demo.founded,
            "employees": demo.employees,
            "email": f"contact@{demo.name_en.lower().replace(' ', '')}.example",
            "website": f"https://www.{demo.name_en.lower().replace(' ', '')}.example/",
        },
    )
    return company


def district(serial, name_ko, name_en):
    district, _ = Company.objects.update_or_create(
        registration_number=registration.complete(serial),
        defaults={
            "kind": OrganisationKind.DISTRICT,
            "name_ko": f"서울특별시 {name_ko}",
            "name_en": f"{name_en}, Seoul",
            "sector": "District government",
        },
    )
    return district


def exhibitor(pavilion, company, role):
    Exhibitor.objects.update_or_create(pavilion=pavilion, company=company, defaults={"role": role})
