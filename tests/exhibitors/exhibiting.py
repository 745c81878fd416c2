"""Exhibitors for the tests of the exhibitor's outcome report, made the way the portal makes
them: a company applies, is accepted and confirms (``exhibitors.applications.services``), which makes
it an exhibitor; a district is added as a co-exhibitor, as staff do in the admin."""

import datetime

from django.utils import timezone

from exhibitors.applications import services
from exhibitors.companies.models import Exhibitor, ExhibitorRole, OrganisationKind
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    EventFactory,
    ExhibitorFactory,
    MembershipFactory,
    PavilionFactory,
    ThemeFactory,
)


def started_pavilion(*, days_ago=5, slug=None, **kwargs):
    """A pavilion whose expo started ``days_ago`` days ago (so that its reports are open)."""
    event_kwargs = {"slug": slug} if slug else {}
    event = EventFactory(
        starts_on=timezone.localdate() - datetime.timedelta(days=days_ago), **event_kwargs
    )
    ThemeFactory(event=event, name_en="Mobility", name_ko="모빌리티")
    return PavilionFactory(event=event, **kwargs)


def confirmed_exhibitor(pavilion, company=None):
    """``company`` applied to ``pavilion`` during its call, was accepted and confirmed."""
    company = company or CompanyFactory()
    during_call = pavilion.applications_open_at + datetime.timedelta(days=1)
    application = ApplicationFactory(pavilion=pavilion, company=company)
    services.application_submit(application=application, user=None, now=during_call, notify=False)
    services.application_accept(application=application, user=None, now=during_call, notify=False)
    services.application_confirm(application=application, user=None, now=during_call)
    return Exhibitor.objects.select_related("pavilion__event", "company").get(
        pavilion=pavilion, company=company
    )


def district_exhibitor(pavilion, *, name_ko="강남구", name_en="Gangnam-gu"):
    """A district government co-exhibiting in ``pavilion`` (no registration number)."""
    district = CompanyFactory(
        kind=OrganisationKind.DISTRICT,
        registration_number=None,
        name_ko=name_ko,
        name_en=name_en,
    )
    return ExhibitorFactory(pavilion=pavilion, company=district, role=ExhibitorRole.CO_EXHIBITOR)


def member_of(company):
    return MembershipFactory(company=company).user
