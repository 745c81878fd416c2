"""The floor rules: what a booth may be and who may stand in it, each as refusals
(``{field: message}``) or as :class:`BoothRefused`. The services of the other modules of this
package check through these under the pavilion's lock."""

from datetime import datetime
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from events.locks import pavilion_lock
from events.models import Pavilion
from exhibitors.companies.models import Exhibitor
from exhibitors.floor import selectors
from exhibitors.floor.models import HOLDER_ROLE_BY_KIND, Booth, BoothKind
from portal.numbers import plain
from portal.refusals import Refused

ZERO = Decimal(0)


class BoothRefused(Refused):
    """A floor rule refused a change. ``message`` names the booth and the rule."""


# Placing booths on the floor ------------------------------------------------------------------


def floor_refusals(booth: Booth, pavilion: Pavilion) -> dict[str, str]:
    """Every floor rule ``booth`` breaks, as {field: message}; empty when it fits. Run under
    the pavilion's lock to be sure of the answer."""
    problems = {}
    if booth.width is None or booth.depth is None or booth.width <= 0 or booth.depth <= 0:
        problems["width"] = _("Booth %(code)s needs a positive width and depth.") % {
            "code": booth.code
        }
        return problems
    if (
        booth.x < 0
        or booth.y < 0
        or booth.x + booth.width > pavilion.floor_width_m
        or (booth.y + booth.depth > pavilion.floor_depth_m)
    ):
        problems["x"] = _("Booth %(code)s must lie inside the %(width)s m × %(depth)s m floor.") % {
            "code": booth.code,
            "width": plain(pavilion.floor_width_m),
            "depth": plain(pavilion.floor_depth_m),
        }
    clash = selectors.overlapping(booth).values_list("code", flat=True).first()
    if clash:
        problems["y"] = _("Booth %(code)s overlaps booth %(other)s.") % {
            "code": booth.code,
            "other": clash,
        }
    others = (
        Booth.objects.filter(pavilion=pavilion)
        .exclude(pk=booth.pk)
        .aggregate(area=Sum(F("width") * F("depth")))["area"]
        or ZERO
    )
    if others + booth.width * booth.depth > pavilion.floor_area_m2:
        problems["depth"] = _(
            "With booth %(code)s the booths would cover %(total)s m², more than the floor's "
            "%(floor)s m²."
        ) % {
            "code": booth.code,
            "total": plain(others + booth.width * booth.depth),
            "floor": plain(pavilion.floor_area_m2),
        }
    return problems


def _integrity_message(booth: Booth, error: IntegrityError) -> str:
    text = str(error)
    if "booth_no_overlap" in text:
        return _("Booth %(code)s overlaps another booth.") % {"code": booth.code}
    if "booth_one_company_booth_per_exhibitor" in text or "holder" in text:
        return _(
            "Booth %(code)s: its holder already has a company booth; one company booth per "
            "exhibitor."
        ) % {"code": booth.code}
    if "booth_code_unique" in text or "code" in text:
        return _("Another booth of this pavilion has the code %(code)s.") % {"code": booth.code}
    return _("Booth %(code)s breaks a floor rule.") % {"code": booth.code}


def booth_refusals(
    booth: Booth, holder: Exhibitor | None = None, *, now: datetime | None = None
) -> dict[str, str]:
    """Every rule that placing ``booth`` (and standing ``holder`` in it, if given) would break,
    as {field: message}; empty when all is well. ``booth.holder`` is whoever stands in it
    before the change. Locks the pavilion: call it inside the transaction that then writes
    through the services (the admin's forms and the imports do), and the answer holds."""
    with transaction.atomic():
        pavilion = pavilion_lock(booth.pavilion_id)
        problems = floor_refusals(booth, pavilion)
        if holder is not None:
            problems.update(holder_refusals(booth, holder, now=now))
    return problems


# Who stands where ------------------------------------------------------------------------------


def booth_kind_refusals(booth: Booth) -> str | None:
    """Why no exhibitor may stand in (or be offered) ``booth``: a stage, a lounge... holds
    nobody. None for a company or district booth."""
    if booth.kind in HOLDER_ROLE_BY_KIND:
        return None
    return _("Booth %(code)s is a %(kind)s: it holds no exhibitor.") % {
        "code": booth.code,
        "kind": BoothKind(booth.kind).label.lower(),
    }


def _check_holder(
    booth: Booth, exhibitor: Exhibitor, now: datetime, *, moving: bool = False
) -> None:
    """Refuse ``exhibitor`` in ``booth`` unless it may stand there. ``moving``: the exhibitor
    may already hold a company booth, which it gives up on taking this one (an offer)."""
    refusal = booth_kind_refusals(booth)
    if refusal:
        raise BoothRefused(refusal)
    if exhibitor.pavilion_id != booth.pavilion_id:
        raise BoothRefused(
            _("Booth %(code)s: %(holder)s does not exhibit in this pavilion.")
            % {"code": booth.code, "holder": exhibitor.company}
        )
    if HOLDER_ROLE_BY_KIND[BoothKind(booth.kind)] != exhibitor.role:
        raise BoothRefused(
            _("Booth %(code)s is a %(kind)s; %(holder)s cannot stand in it.")
            % {
                "code": booth.code,
                "kind": BoothKind(booth.kind).label.lower(),
                "holder": exhibitor.company,
            }
        )
    if booth.holder_id and booth.holder_id != exhibitor.pk:
        raise BoothRefused(
            _("Booth %(code)s is already allocated to %(holder)s.")
            % {"code": booth.code, "holder": booth.holder.company}
        )
    if (
        booth.held_for_id
        and booth.held_for_id != exhibitor.pk
        and booth.hold_expires_at
        and booth.hold_expires_at > now
    ):
        raise BoothRefused(
            _("Booth %(code)s is offered to %(holder)s until %(when)s.")
            % {
                "code": booth.code,
                "holder": booth.held_for.company,
                "when": timezone.localtime(booth.hold_expires_at).strftime("%Y-%m-%d %H:%M"),
            }
        )
    if (
        not moving
        and booth.kind == BoothKind.COMPANY
        and Booth.objects.filter(holder=exhibitor, kind=BoothKind.COMPANY)
        .exclude(pk=booth.pk)
        .exists()
    ):
        raise BoothRefused(
            _(
                "Booth %(code)s: %(holder)s already has a company booth; one company booth "
                "per exhibitor."
            )
            % {"code": booth.code, "holder": exhibitor.company}
        )


def holder_refusals(
    booth: Booth, exhibitor: Exhibitor, *, now: datetime | None = None
) -> dict[str, str]:
    """{"holder": message} when ``exhibitor`` may not stand in ``booth`` (the booth's kind,
    pavilion, current holder and offer, and one company booth per exhibitor); empty when it
    may. ``booth.holder`` is whoever stands in it before the change."""
    try:
        _check_holder(booth, exhibitor, now or timezone.now())
    except BoothRefused as error:
        return {"holder": error.message}
    return {}


def _locked_booth(booth: Booth) -> Booth:
    # ``of=("self",)``: PostgreSQL cannot lock the nullable side of the outer joins to the
    # holder and the offer; the booth's own row is the one to lock.
    return (
        Booth.objects.select_for_update(of=("self",))
        .select_related("holder__company", "held_for__company")
        .get(pk=booth.pk)
    )
