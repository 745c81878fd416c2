"""Factories for the tests: valid objects by default, overridable field by field."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import factory
from django.contrib.auth import get_user_model

from events.models import Event, Pavilion, Series, SideEvent, SideEventKind, Theme
from exhibitors.companies import registration
from exhibitors.companies.models import Company, Exhibitor, Membership, OrganisationKind

SEOUL = ZoneInfo("Asia/Seoul")


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ["username"]

    username = factory.Sequence(lambda n: f"user{n}@example.com")
    email = factory.SelfAttribute("username")
    password = factory.django.Password("secret-pass-123")


class SeriesFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Series
        django_get_or_create = ["slug"]

    slug = factory.Sequence(lambda n: f"series-{n}")
    short_name = factory.Sequence(lambda n: f"S{n}")
    name_en = factory.Sequence(lambda n: f"Series {n}")
    name_ko = factory.Sequence(lambda n: f"시리즈 {n}")


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event

    series = factory.SubFactory(SeriesFactory)
    slug = factory.Sequence(lambda n: f"event-{n}")
    name_en = factory.Sequence(lambda n: f"Expo {n}")
    name_ko = factory.Sequence(lambda n: f"엑스포 {n}")
    city_en = "Barcelona"
    city_ko = "바르셀로나"
    country = "ES"
    starts_on = datetime.date(2030, 11, 5)
    ends_on = factory.LazyAttribute(lambda o: o.starts_on + datetime.timedelta(days=2))
    usd_krw_rate = Decimal("1397.00")


class ThemeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Theme

    event = factory.SubFactory(EventFactory)
    name_en = factory.Sequence(lambda n: f"Theme {n}")
    name_ko = factory.Sequence(lambda n: f"주제 {n}")


def _at(date, days, hour=18):
    return datetime.datetime.combine(
        date + datetime.timedelta(days=days), datetime.time(hour), SEOUL
    )


class PavilionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pavilion

    event = factory.SubFactory(EventFactory)
    slug = "seoul"
    name_en = "Seoul Pavilion"
    name_ko = "서울관"
    organiser_en = "Seoul Digital Foundation"
    organiser_ko = "서울디지털재단"
    floor_width_m = Decimal("23.00")
    floor_depth_m = Decimal("12.00")
    floor_area_m2 = Decimal("276.00")
    capacity = 15
    applications_open_at = factory.LazyAttribute(lambda o: _at(o.event.starts_on, -180, 10))
    applications_close_at = factory.LazyAttribute(lambda o: _at(o.event.starts_on, -120))
    confirmation_deadline = factory.LazyAttribute(lambda o: _at(o.event.starts_on, -100))
    report_deadline = factory.LazyAttribute(lambda o: _at(o.event.ends_on, 30))


class SideEventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SideEvent

    pavilion = factory.SubFactory(PavilionFactory)
    kind = SideEventKind.FORUM
    name_en = factory.Sequence(lambda n: f"Forum {n}")
    name_ko = factory.Sequence(lambda n: f"포럼 {n}")
    starts_at = factory.LazyAttribute(lambda o: _at(o.pavilion.event.starts_on, 0, 15))


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    kind = OrganisationKind.COMPANY
    name_ko = factory.Sequence(lambda n: f"회사 {n}")
    name_en = factory.Sequence(lambda n: f"Company {n}")
    registration_number = factory.Sequence(lambda n: registration.complete(f"{500000000 + n}"))
    representative = "홍길동"
    founded = 2018
    employees = 20


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    company = factory.SubFactory(CompanyFactory)


class ExhibitorFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Exhibitor

    pavilion = factory.SubFactory(PavilionFactory)
    company = factory.SubFactory(CompanyFactory)


def open_pavilion(**kwargs):
    """A pavilion whose call is open now, with one theme."""
    import django.utils.timezone as tz

    now = tz.now()
    event = EventFactory(starts_on=(now + datetime.timedelta(days=200)).date())
    ThemeFactory(event=event, name_en="Mobility", name_ko="모빌리티")
    defaults = {
        "applications_open_at": now - datetime.timedelta(days=10),
        "applications_close_at": now + datetime.timedelta(days=30),
        "confirmation_deadline": now + datetime.timedelta(days=60),
    }
    return PavilionFactory(event=event, **{**defaults, **kwargs})


PDF_BYTES = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"


class ApplicationFactory(factory.django.DjangoModelFactory):
    """A complete draft: everything a submission needs is filled in."""

    class Meta:
        model = "exhibitors.Application"

    pavilion = factory.LazyFunction(open_pavilion)
    company = factory.SubFactory(CompanyFactory)
    product_name_ko = "스마트 횡단보도"
    product_name_en = "Smart crosswalk"
    product_description_ko = "보행자 안전을 지키는 횡단보도"
    product_description_en = "A crosswalk that keeps pedestrians safe"
    theme = factory.LazyAttribute(lambda o: o.pavilion.event.themes.first())
    target_markets = ["ES", "PL"]
    goals = "Meet European distributors"
    booth_preference = "standard"
    introduction_pdf = factory.django.FileField(filename="intro.pdf", data=PDF_BYTES)
