import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from exhibitors.companies.models import Company, OrganisationKind
from tests.factories import CompanyFactory, ExhibitorFactory, PavilionFactory

pytestmark = pytest.mark.django_db


def test_the_number_is_stored_as_digits_and_found_as_typed():
    company = CompanyFactory.build(registration_number="123-45-67891")
    company.full_clean()
    company.save()
    assert Company.objects.get(pk=company.pk).registration_number == "1234567891"
    assert Company.objects.get(registration_number="123-45-67891") == company
    assert company.registration_number_display == "123-45-67891"


def test_a_bad_check_digit_is_refused_by_full_clean():
    company = CompanyFactory.build(registration_number="123-45-67890")
    with pytest.raises(ValidationError) as caught:
        company.full_clean()
    assert "registration_number" in caught.value.message_dict


def test_a_company_cannot_be_saved_without_a_number():
    company = CompanyFactory.build(registration_number=None)
    with pytest.raises(ValidationError) as caught:
        company.full_clean()
    assert "registration_number" in caught.value.message_dict
    with pytest.raises(IntegrityError), transaction.atomic():
        company.save()


def test_districts_may_have_no_number_and_several_coexist():
    for name in ["강남구", "서초구"]:
        district = Company(kind=OrganisationKind.DISTRICT, name_ko=name, name_en=name)
        district.full_clean()
        district.save()
    assert Company.objects.filter(registration_number__isnull=True).count() == 2


def test_two_companies_cannot_share_a_number():
    CompanyFactory(registration_number="1234567891")
    duplicate = CompanyFactory.build(registration_number="123-45-67891")
    with pytest.raises(ValidationError) as caught:
        duplicate.full_clean()
    assert "registration_number" in caught.value.message_dict


def test_founding_year_cannot_be_in_the_future():
    company = CompanyFactory.build(founded=datetime.date.today().year + 1)
    with pytest.raises(ValidationError) as caught:
        company.full_clean()
    assert "founded" in caught.value.message_dict


def test_names_follow_the_active_language(settings):
    from django.utils import translation

    company = CompanyFactory.build(name_ko="누리모빌리티", name_en="Nuri Mobility")
    with translation.override("ko"):
        assert str(company) == "누리모빌리티"
    with translation.override("en"):
        assert str(company) == "Nuri Mobility"
    company.name_en = ""
    with translation.override("en"):
        assert str(company) == "누리모빌리티"


def test_an_organisation_exhibits_once_per_pavilion():
    pavilion = PavilionFactory()
    exhibitor = ExhibitorFactory(pavilion=pavilion)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExhibitorFactory(pavilion=pavilion, company=exhibitor.company)
