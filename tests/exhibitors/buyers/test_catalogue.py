"""The catalogue's services and selectors: publishing, the company's entry, what the public
list holds and finds, the floor plan the public sees, the booth cards."""

import pytest

from exhibitors.buyers import catalogue
from exhibitors.buyers.models import Catalogue
from tests.exhibitors.buyers.catalogue_factories import (
    booth_for,
    entry_for,
    exhibitor_with_theme,
    publish,
)
from tests.exhibitors.exhibiting import confirmed_exhibitor, started_pavilion
from tests.factories import CompanyFactory, PavilionFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_publishing_needs_a_confirmed_exhibitor():
    pavilion = PavilionFactory()
    with pytest.raises(catalogue.CatalogueRefused, match="no confirmed exhibitor"):
        catalogue.catalogue_publish(pavilion=pavilion, user=None)
    assert not Catalogue.objects.exists()


def test_publish_then_unpublish_records_who():
    pavilion = started_pavilion()
    confirmed_exhibitor(pavilion)
    staff = UserFactory(is_staff=True)
    published = catalogue.catalogue_publish(pavilion=pavilion, user=staff)
    assert published.published_by == staff
    assert catalogue.published_catalogue(pavilion) == published
    catalogue.catalogue_unpublish(pavilion=pavilion, user=staff)
    assert catalogue.published_catalogue(pavilion) is None
    # the audit trail has both moves, with who made them
    moves = published.history.order_by("history_id")
    assert [(m.published_at is not None, m.published_by_id) for m in moves] == [
        (True, staff.pk),
        (False, staff.pk),
    ]


def test_agreeing_needs_the_product_in_both_languages():
    exhibitor = confirmed_exhibitor(started_pavilion())
    with pytest.raises(catalogue.CatalogueRefused) as refusal:
        entry_for(exhibitor, product_ko="", product_en=" ")
    assert set(refusal.value.errors) == {"product_ko", "product_en"}
    assert catalogue.own_catalogue_entry(exhibitor) is None
    # without the agreement it is saved, privately
    entry = entry_for(exhibitor, agree=False, product_ko="", product_en="")
    assert entry.agreed_at is None


def test_the_first_agreement_is_kept_and_unticking_takes_the_entry_down():
    exhibitor = confirmed_exhibitor(started_pavilion())
    user = UserFactory()
    first = entry_for(exhibitor, user=user).agreed_at
    assert entry_for(exhibitor, summary_en="Changed").agreed_at == first
    assert entry_for(exhibitor, agree=False).agreed_at is None


def test_unknown_partner_types_are_refused():
    exhibitor = confirmed_exhibitor(started_pavilion())
    with pytest.raises(catalogue.CatalogueRefused) as refusal:
        entry_for(exhibitor, partner_types=["pirate"])
    assert "partner_types" in refusal.value.errors


def test_the_list_holds_only_agreed_entries():
    pavilion = started_pavilion()
    agreed, unagreed, silent = (confirmed_exhibitor(pavilion) for _ in range(3))
    entry_for(agreed)
    entry_for(unagreed, agree=False)
    listed = catalogue.catalogue_entries(pavilion)
    assert [entry.exhibitor_id for entry in listed] == [agreed.pk]
    assert silent.pk not in [entry.exhibitor_id for entry in listed]


def test_filters_by_theme_market_and_search_words():
    pavilion = started_pavilion()
    mobility = exhibitor_with_theme(pavilion, "Mobility", CompanyFactory(name_en="Rail Ltd"))
    energy = exhibitor_with_theme(pavilion, "Energy", CompanyFactory(name_en="Sun Co"))
    entry_for(mobility, target_markets=["ES", "DE"], product_en="Tram sensor")
    entry_for(energy, target_markets=["PL"], product_ko="태양광 패널", product_en="Solar panel")
    energy_theme = pavilion.event.themes.get(name_en="Energy")

    def found(**filters):
        return [entry.exhibitor_id for entry in catalogue.catalogue_entries(pavilion, **filters)]

    assert found(theme=energy_theme.pk) == [energy.pk]
    assert found(market="DE") == [mobility.pk]
    assert found(market="es") == [mobility.pk]
    assert found(market="E") == []
    assert found(search="tram") == [mobility.pk]
    assert found(search="태양광") == [energy.pk]
    assert found(search="sun panel") == [energy.pk]
    assert found(search="sun tram") == []


def page_of(pavilion):
    return catalogue.catalogue_page(
        pavilion,
        themes=list(pavilion.event.themes.all()),
        side_events=list(pavilion.side_events.all()),
    )


def test_the_list_carries_booth_code_and_theme():
    pavilion = started_pavilion()
    exhibitor = exhibitor_with_theme(pavilion, "Mobility")
    booth_for(exhibitor, "B7", 0)
    entry_for(exhibitor)
    publish(pavilion)
    page = page_of(pavilion)
    (entry,) = page.entries
    assert entry.booth_code == "B7"
    assert entry.theme.name_en == "Mobility"
    assert page.markets == ["ES"]


def test_the_cached_list_is_replaced_when_an_entry_is_saved(settings):
    """Remove ``public.changed()`` from catalogue_entry_save and this fails."""
    settings.PUBLIC_CACHE_SECONDS = 300
    pavilion = started_pavilion()
    exhibitor = confirmed_exhibitor(pavilion)
    entry_for(exhibitor, product_en="Old name")
    publish(pavilion)
    assert [e.product_en for e in page_of(pavilion).entries] == ["Old name"]
    entry_for(exhibitor, product_en="New name")
    assert [e.product_en for e in page_of(pavilion).entries] == ["New name"]
    entry_for(exhibitor, agree=False)
    assert page_of(pavilion).entries == []


def test_the_public_floor_plan_outlines_the_booth_and_names_only_agreed_companies():
    pavilion = started_pavilion()
    shown = confirmed_exhibitor(pavilion, CompanyFactory(name_en="Shown Ltd"))
    hidden = confirmed_exhibitor(pavilion, CompanyFactory(name_en="Hidden Ltd"))
    booth_for(shown, "A1", 0)
    booth_for(hidden, "A2", 3)
    entry_for(shown)
    plan = catalogue.catalogue_floor_plan(pavilion, shown.pk)
    by_code = {shape.code: shape for shape in plan.booths}
    assert by_code["A1"].own and by_code["A1"].highlight
    assert not by_code["A2"].own
    assert "Shown Ltd" in by_code["A1"].title
    texts = " ".join(line.text for line in by_code["A2"].lines) + by_code["A2"].title
    assert "Hidden" not in texts


def test_booth_cards_cover_every_held_booth():
    pavilion = started_pavilion()
    first = confirmed_exhibitor(pavilion, CompanyFactory(name_en="First"))
    second = confirmed_exhibitor(pavilion, CompanyFactory(name_en="Second"))
    booth_for(second, "A2", 3)
    booth_for(first, "A1", 0)
    entry_for(first)
    cards = catalogue.booth_cards(pavilion)
    assert [(card.booth_code, card.company_name_en, card.in_catalogue) for card in cards] == [
        ("A1", "First", True),
        ("A2", "Second", False),
    ]
