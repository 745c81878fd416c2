"""The pavilion's public catalogue: staff publish and withdraw it, each exhibiting company
agrees to (and words) its own entry, and the public pages read the agreed entries.

Writes (services): :func:`catalogue_publish`, :func:`catalogue_unpublish` (staff, recorded in
the audit trail) and :func:`catalogue_entry_save` (the company). Each of them replaces the
public cache's version token (``events.public.changed``), so that no page shows a catalogue
as it was before.

Reads (selectors): :func:`published_catalogue` (the pavilion's catalogue if it is out),
:func:`catalogue_entries` (the list with its filters and search box, in one query),
:func:`catalogue_exhibitor` (one exhibitor's entry), :func:`catalogue_floor_plan` (the floor
with that booth highlighted and the names of the companies that did not agree left out),
:func:`booth_cards` (staff's printable cards) and :func:`own_catalogue_entry`.

An exhibitor is in the public catalogue when the catalogue is published and its company
agreed to its entry (``CatalogueEntry.agreed_at``); its logo and website only when it said so.
"""

import dataclasses
import datetime

from django.core.cache import cache
from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils import timezone
from django.utils.translation import gettext as _

from events import public
from events.models import Pavilion, SideEvent, Theme
from exhibitors.applications.models import Application
from exhibitors.buyers.models import Catalogue, CatalogueEntry
from exhibitors.companies.models import Exhibitor
from exhibitors.floor.drawing import floor_plan
from exhibitors.floor.drawing_shapes import FloorPlan
from exhibitors.floor.drawing_text import fit_labels
from exhibitors.floor.models import HOLDER_ROLE_BY_KIND, Booth
from exhibitors.outcomes.models import BuyerType
from portal import pagecache
from portal.refusals import Refused

#: Booth kinds an exhibitor holds: a company's stand, a district's.
_HOLDER_KINDS = tuple(HOLDER_ROLE_BY_KIND)


class CatalogueRefused(Refused):
    """The catalogue or an entry cannot be changed this way."""


# --- Services -----------------------------------------------------------------------------


def catalogue_publish_refusals(pavilion: Pavilion) -> list[str]:
    """Why the pavilion's catalogue cannot be published now (empty: it can)."""
    if not Exhibitor.objects.filter(pavilion=pavilion).exists():
        return [_("The pavilion has no confirmed exhibitor yet.")]
    return []


@transaction.atomic
def catalogue_publish(
    *, pavilion: Pavilion, user, now: datetime.datetime | None = None
) -> Catalogue:
    """Publish ``pavilion``'s catalogue (from ``now``): the agreed entries become public.
    Publishing a published catalogue changes nothing."""
    problems = catalogue_publish_refusals(pavilion)
    if problems:
        raise CatalogueRefused(" ".join(problems))
    catalogue = Catalogue.objects.select_for_update().filter(pavilion=pavilion).first()
    if catalogue is not None and catalogue.published_at is not None:
        return catalogue
    if catalogue is None:
        catalogue = Catalogue(pavilion=pavilion)
    catalogue.published_at = now or timezone.now()
    catalogue.published_by = user
    catalogue.save()
    public.changed()
    return catalogue


@transaction.atomic
def catalogue_unpublish(*, pavilion: Pavilion, user) -> Catalogue | None:
    """Withdraw ``pavilion``'s catalogue from the public; None if it never had one."""
    catalogue = Catalogue.objects.select_for_update().filter(pavilion=pavilion).first()
    if catalogue is None or catalogue.published_at is None:
        return catalogue
    catalogue.published_at = None
    catalogue.published_by = user
    catalogue.save(update_fields=["published_at", "published_by"])
    public.changed()
    return catalogue


def catalogue_entry_refusals(*, agree: bool, product_ko: str, product_en: str) -> dict[str, str]:
    """What an entry the company agrees to publish lacks, by field."""
    errors = {}
    if agree:
        if not product_ko.strip():
            errors["product_ko"] = _("Name your product in Korean to publish the entry.")
        if not product_en.strip():
            errors["product_en"] = _("Name your product in English to publish the entry.")
    return errors


@transaction.atomic
def catalogue_entry_save(
    *,
    exhibitor: Exhibitor,
    user,
    product_ko: str,
    product_en: str,
    summary_ko: str,
    summary_en: str,
    target_markets: list[str],
    partner_types: list[str],
    show_logo: bool,
    show_website: bool,
    agree: bool,
    now: datetime.datetime | None = None,
) -> CatalogueEntry:
    """Save what ``exhibitor``'s company shows in the catalogue. ``agree``: the company agrees
    to publish it (kept from the first agreement on); without it the entry stays out of the
    public catalogue. Refused (nothing saved) when an agreed entry lacks its product."""
    errors = catalogue_entry_refusals(agree=agree, product_ko=product_ko, product_en=product_en)
    if errors:
        raise CatalogueRefused(_("The entry was not saved."), errors)
    unknown = set(partner_types) - set(BuyerType.values)
    if unknown:
        raise CatalogueRefused(
            _("The entry was not saved."), {"partner_types": _("Choose among the partner types.")}
        )
    entry, _created = CatalogueEntry.objects.select_for_update().get_or_create(exhibitor=exhibitor)
    entry.product_ko = product_ko.strip()
    entry.product_en = product_en.strip()
    entry.summary_ko = summary_ko.strip()
    entry.summary_en = summary_en.strip()
    entry.target_markets = list(target_markets)
    entry.partner_types = [value for value in BuyerType.values if value in partner_types]
    entry.show_logo = show_logo
    entry.show_website = show_website
    if agree and entry.agreed_at is None:
        entry.agreed_at = now or timezone.now()
        entry.agreed_by = user
    elif not agree:
        entry.agreed_at = None
        entry.agreed_by = None
    entry.save()
    public.changed()
    return entry


# --- Selectors ----------------------------------------------------------------------------


def pavilion_catalogue(pavilion: Pavilion) -> Catalogue | None:
    """The pavilion's catalogue, published (maybe from a later time on) or not, or None. Read
    through the cache under the public token, which every save or delete of a catalogue
    replaces (``exhibitors.apps``): no query on the catalogue's pages once read."""
    found = pagecache.cached(
        f"buyers:catalogue-row:{pavilion.pk}",
        [public.VERSION],
        lambda: (Catalogue.objects.filter(pavilion=pavilion).first(),),
    )
    return found[0]


def published_catalogue(
    pavilion: Pavilion, now: datetime.datetime | None = None
) -> Catalogue | None:
    """The pavilion's catalogue if staff published it (for ``now`` or earlier), else None."""
    catalogue = pavilion_catalogue(pavilion)
    if catalogue is None or not catalogue.is_published(now):
        return None
    return catalogue


def _with_booth_and_theme(entries: QuerySet) -> QuerySet:
    """Entries with their exhibitor and company, the theme id of the company's application to
    the pavilion and the code of the booth it holds, in the same query."""
    applications = Application.objects.filter(
        pavilion_id=OuterRef("exhibitor__pavilion_id"), company_id=OuterRef("exhibitor__company_id")
    )
    booths = Booth.objects.filter(holder_id=OuterRef("exhibitor_id"), kind__in=_HOLDER_KINDS)
    return entries.select_related("exhibitor__company").annotate(
        theme_pk=Subquery(applications.values("theme_id")[:1]),
        booth_code=Subquery(booths.order_by("code").values("code")[:1]),
    )


def _public_entries(pavilion: Pavilion) -> QuerySet:
    return _with_booth_and_theme(
        CatalogueEntry.objects.filter(exhibitor__pavilion=pavilion, agreed_at__isnull=False)
    ).order_by("exhibitor__company__name_en", "exhibitor_id")


@dataclasses.dataclass
class CataloguePage:
    """What the public list shows: the entries (each with ``theme`` and ``booth_code``), the
    event's themes, the markets any entry names (for the filter) and the side events."""

    entries: list
    themes: list
    markets: list
    side_events: list


def _attach_themes(entries, themes_by_pk):
    for entry in entries:
        entry.theme = themes_by_pk.get(entry.theme_pk)
    return entries


def catalogue_entries(
    pavilion: Pavilion, *, theme: int | None = None, market: str = "", search: str = ""
) -> list[CatalogueEntry]:
    """The agreed entries of ``pavilion``, filtered by theme (its id), target market (a
    country code) and words found in the company's name, the product or the summary, in
    either language. One query (the themes are attached by :func:`catalogue_page`)."""
    entries = _public_entries(pavilion)
    if theme:
        entries = entries.filter(theme_pk=theme)
    if market:
        # Stored as "DE,ES": two-letter codes between commas.
        code = market.upper()
        entries = entries.filter(
            Q(target_markets=code)
            | Q(target_markets__startswith=f"{code},")
            | Q(target_markets__endswith=f",{code}")
            | Q(target_markets__contains=f",{code},")
        )
    for word in search.split()[:8]:
        entries = entries.filter(
            Q(exhibitor__company__name_ko__icontains=word)
            | Q(exhibitor__company__name_en__icontains=word)
            | Q(product_ko__icontains=word)
            | Q(product_en__icontains=word)
            | Q(summary_ko__icontains=word)
            | Q(summary_en__icontains=word)
        )
    return list(entries)


def _cache_key(pavilion: Pavilion) -> str:
    return f"buyers:catalogue:{public.version()}:{pavilion.pk}"


def catalogue_page(
    pavilion: Pavilion,
    *,
    themes: list[Theme],
    side_events: list[SideEvent],
    theme: int | None = None,
    market: str = "",
    search: str = "",
) -> CataloguePage:
    """The public list page's data; ``themes`` and ``side_events`` are the event's and the
    pavilion's as the (cached) pavilion page read them. Unfiltered, the entries come from the
    public cache (under the version token that every publication and entry save replaces); a
    filtered or searched list is read afresh, in one query."""
    seconds = public.max_age()
    filtered = bool(theme or market or search.strip())
    key = _cache_key(pavilion)
    found = cache.get(key) if seconds else None
    if found is None:
        all_entries = catalogue_entries(pavilion)
        markets = sorted(
            {country.code for entry in all_entries for country in entry.target_markets}
        )
        found = (all_entries, markets)
        if seconds:
            cache.set(key, found, seconds)
    all_entries, markets = found
    entries = (
        catalogue_entries(pavilion, theme=theme, market=market, search=search)
        if filtered
        else all_entries
    )
    themes_by_pk = {item.pk: item for item in themes}
    return CataloguePage(_attach_themes(entries, themes_by_pk), themes, markets, side_events)


def catalogue_exhibitor(pavilion: Pavilion, exhibitor_id: int) -> CatalogueEntry | None:
    """One agreed entry of ``pavilion`` (with ``theme`` and ``booth_code``), or None."""
    entry = _public_entries(pavilion).filter(exhibitor_id=exhibitor_id).first()
    if entry is None:
        return None
    entry.theme = Theme.objects.filter(pk=entry.theme_pk).first() if entry.theme_pk else None
    return entry


def catalogue_floor_plan(pavilion: Pavilion, exhibitor_id: int) -> FloorPlan:
    """The pavilion's floor as the public sees it: the booth of ``exhibitor_id`` outlined, the
    names of exhibitors that did not agree to the catalogue left out, no offer's company."""
    plan = floor_plan(pavilion)
    unit = max(float(pavilion.floor_width_m), float(pavilion.floor_depth_m)) / 50
    agreed = set(
        CatalogueEntry.objects.filter(
            exhibitor__pavilion=pavilion, agreed_at__isnull=False
        ).values_list("exhibitor_id", flat=True)
    )
    for shape in plan.booths:
        holder = shape.booth.holder_id
        shape.own = holder is not None and holder == exhibitor_id
        shape.offered_to_you = False  # (an offer's company is never named to the public)
        if holder is not None and holder not in agreed:
            shape.holder_name = ""
            shape.theme = None
            shape.lines = fit_labels(
                shape.x,
                shape.y,
                shape.width,
                shape.depth,
                shape.code,
                shape.kind_label,
                unit=unit,
                muted=False,
            )
        shape.title = " · ".join(
            str(part)
            for part in (shape.code, shape.kind_label, shape.size_text, shape.holder_name)
            if part
        )
    return plan


@dataclasses.dataclass
class BoothCard:
    booth_code: str
    company_name_ko: str
    company_name_en: str
    exhibitor_id: int
    in_catalogue: bool


def booth_cards(pavilion: Pavilion) -> list[BoothCard]:
    """A card for every held booth of the pavilion, in booth order (one query)."""
    rows = (
        Booth.objects.filter(pavilion=pavilion, kind__in=_HOLDER_KINDS, holder__isnull=False)
        .order_by("code")
        .values_list(
            "code",
            "holder__company__name_ko",
            "holder__company__name_en",
            "holder_id",
            "holder__catalogue_entry__agreed_at",
        )
    )
    return [
        BoothCard(code, name_ko, name_en, holder_id, agreed_at is not None)
        for code, name_ko, name_en, holder_id, agreed_at in rows
    ]


def own_catalogue_entry(exhibitor: Exhibitor) -> CatalogueEntry | None:
    """The exhibitor's entry as saved (agreed or not), or None before the first save."""
    return CatalogueEntry.objects.filter(exhibitor=exhibitor).first()


def exhibitor_booth_code(exhibitor: Exhibitor) -> str:
    """The code of the booth the exhibitor holds, or ""."""
    booth = Booth.objects.filter(holder=exhibitor, kind__in=_HOLDER_KINDS).order_by("code").first()
    return booth.code if booth else ""
