"""Catalogues and entries for the tests, made the way the portal makes them: the company
saves and agrees to its entry, staff publish (``exhibitors.buyers.catalogue``), the floor
manager allocates the booth (``exhibitors.floor.services``)."""

from decimal import Decimal

from events.models import Theme
from exhibitors.buyers import catalogue
from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth
from tests.exhibitors.exhibiting import confirmed_exhibitor


def entry_for(exhibitor, *, agree=True, user=None, **fields):
    values = {
        "product_ko": "스마트 횡단보도",
        "product_en": "Smart crosswalk",
        "summary_ko": "보행자 안전",
        "summary_en": "Pedestrian safety",
        "target_markets": ["ES"],
        "partner_types": ["distributor"],
        "show_logo": True,
        "show_website": True,
        **fields,
    }
    return catalogue.catalogue_entry_save(exhibitor=exhibitor, user=user, agree=agree, **values)


def booth_for(exhibitor, code, x):
    booth = booths.booth_save(
        booth=Booth(pavilion=exhibitor.pavilion, code=code, x=Decimal(x), y=0, width=3, depth=3)
    )
    return booths.booth_allocate(booth=booth, exhibitor=exhibitor)


def exhibitor_with_theme(pavilion, theme_name, company=None):
    """A confirmed exhibitor whose application chose the event's theme ``theme_name``."""
    exhibitor = confirmed_exhibitor(pavilion, company)
    theme, _ = Theme.objects.get_or_create(
        event=pavilion.event, name_en=theme_name, defaults={"name_ko": theme_name}
    )
    exhibitor.company.applications.filter(pavilion=pavilion).update(theme=theme)
    return exhibitor


def publish(pavilion):
    return catalogue.catalogue_publish(pavilion=pavilion, user=None)


def unpublish(pavilion):
    return catalogue.catalogue_unpublish(pavilion=pavilion, user=None)
