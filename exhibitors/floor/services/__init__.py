"""The pavilion floor: booths, their rules, and who stands where.

This package owns the floor rules, and every write locks the pavilion row first
(``events.locks``), so that two staff placing or allocating at the same
moment are serialised and the rules are checked against what is really there:

- a booth lies inside the floor, has a positive size, and overlaps no other booth (booths
  that only share an edge are fine; PostgreSQL also enforces this with an exclusion
  constraint);
- the booths never add up to more than the pavilion's floor area;
- a booth holds at most one exhibitor, of the kind the booth is for (a company in a
  company booth, a co-exhibiting district in a district booth), and an exhibitor holds at
  most one company booth (a unique constraint backs it);
- only a confirmed exhibitor of the pavilion can be given a booth.

The services live one use case a module (``rules``: the refusals; ``place``: creating and moving
booths; ``allocate``: standing exhibitors in booths, by hand or automatically; ``offers``: holding
a booth for an exhibitor; ``release``: freeing booths; ``layout``: the layout generator),
gathered here so that callers import them from ``exhibitors.floor.services``.
"""

from exhibitors.floor.services.allocate import (
    ALLOCATION_BATCH,
    booth_allocate,
    pavilion_allocate,
    pavilions_allocate,
)
from exhibitors.floor.services.layout import STANDARD, layout_generate
from exhibitors.floor.services.offers import booth_offer, booth_offer_accept, offers_expire
from exhibitors.floor.services.place import UNCHANGED, booth_place, booth_place_refusals, booth_save
from exhibitors.floor.services.release import (
    booth_release,
    booths_release,
    booths_release_for_exhibitor,
)
from exhibitors.floor.services.rules import (
    ZERO,
    BoothRefused,
    booth_kind_refusals,
    booth_refusals,
    floor_refusals,
    holder_refusals,
)

__all__ = [
    "ALLOCATION_BATCH",
    "STANDARD",
    "UNCHANGED",
    "ZERO",
    "BoothRefused",
    "booth_allocate",
    "booth_kind_refusals",
    "booth_offer",
    "booth_offer_accept",
    "booth_place",
    "booth_place_refusals",
    "booth_refusals",
    "booth_release",
    "booth_save",
    "booths_release",
    "booths_release_for_exhibitor",
    "floor_refusals",
    "holder_refusals",
    "layout_generate",
    "offers_expire",
    "pavilion_allocate",
    "pavilions_allocate",
]
