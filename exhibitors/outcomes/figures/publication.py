"""The publication of a pavilion's figures (:func:`figures_publish`, :func:`figures_withdraw`):
what the public results page shows, frozen (:func:`figures_snapshot`)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from events.locks import pavilion_lock
from events.models import Pavilion
from exhibitors.outcomes.figures.pavilion import pavilion_figures
from exhibitors.outcomes.figures.totals import Figures, figures_totals
from exhibitors.outcomes.models import FiguresPublication, PublicationKind
from exhibitors.outcomes.wording import _round
from portal.refusals import Refused

# Published figures ----------------------------------------------------------------------------
#
# Publishing freezes what the public results page shows: the totals, its tables and both press
# summaries, with who and when (``FiguresPublication``). Reports approved later move the live
# figures (the dashboard), never the published ones, until staff publish a revision; a
# withdrawal is recorded too.


class FiguresRefused(Refused):
    """What the publication rules refuse (publishing before the expo is over, twice, or
    revising figures that have not changed)."""


def _money(value: Decimal | None, places: int = 2) -> str | None:
    """An amount as the decimal string a publication stores (None stays None)."""
    return None if value is None else str(_round(value, places))


def figures_snapshot(figures: Figures) -> dict:
    """What a publication freezes of ``figures`` (:func:`pavilion_figures` with ``tables``),
    as JSON: amounts are decimal strings, never floats (:class:`FrozenFigures` reads them
    back as Decimals)."""
    data = figures_totals(figures)
    previous = figures.previous
    return {
        "event": figures.event.slug,
        "totals": {
            "exhibitors": figures.exhibitors,
            "co_exhibitors": figures.co_exhibitors,
            "reports_approved": figures.reports_approved,
            "consultations": figures.consultations,
            "consultation_amount_usd": _money(figures.consultation_amount_usd),
            "consultation_amount_krw": _money(figures.consultation_amount_krw, 0),
            "usd_krw_rate": _money(figures.event.usd_krw_rate),
            "expected_contract_usd": _money(figures.expected_contract_usd),
            "onsite_contracts": figures.onsite_contracts,
            "onsite_contract_usd": _money(figures.onsite_contract_usd),
            "mous": figures.mous,
        },
        "previous": None
        if previous is None
        else {
            "event": previous.event.slug,
            "name_ko": previous.event.name_ko,
            "name_en": previous.event.name_en,
            "consultations": previous.consultations,
            "consultation_amount_usd": _money(previous.consultation_amount_usd),
        },
        "yoy": data["yoy"],
        "summary_ko": data["summary_ko"],
        "summary_en": data["summary_en"],
        "mous_by_country": [dict(row) for row in figures.mous_by_country],
        "exhibitors": [
            {**row, "amount_usd": _money(row["amount_usd"])} for row in figures.public_exhibitors
        ],
    }


def _log(
    pavilion: Pavilion,
    latest: FiguresPublication | None,
    *,
    kind: PublicationKind,
    user: AbstractBaseUser | None,
    now: datetime.datetime,
    figures: dict,
) -> FiguresPublication:
    return FiguresPublication.objects.create(
        pavilion=pavilion,
        version=1 if latest is None else latest.version + 1,
        kind=kind,
        published_at=now,
        published_by=user,
        figures=figures,
    )


@transaction.atomic
def figures_publish(
    *,
    pavilion: Pavilion,
    user: AbstractBaseUser | None,
    revise: bool = False,
    now: datetime.datetime | None = None,
) -> FiguresPublication:
    """Publish the pavilion's results page with its figures as they are now (frozen), or,
    with ``revise``, publish the revised figures of a page already published. Recorded as a
    new version of the pavilion's publication log; the public page shows the latest."""
    now = now or timezone.now()
    locked = pavilion_lock(pavilion.pk)
    published = locked.results_published_at is not None
    if locked.event.ends_on >= timezone.localdate(now):
        raise FiguresRefused(
            _("%(pavilion)s: the expo is not over yet; its results cannot be published.")
            % {"pavilion": locked}
        )
    if published and not revise:
        raise FiguresRefused(
            _(
                "%(pavilion)s: the results page is published already; publish revised figures "
                "from the outcome dashboard."
            )
            % {"pavilion": locked}
        )
    if revise and not published:
        raise FiguresRefused(
            _("%(pavilion)s: the results page is not published.") % {"pavilion": locked}
        )
    snapshot = figures_snapshot(pavilion_figures(locked, tables=True))
    latest = FiguresPublication.objects.filter(pavilion=locked).order_by("-version").first()
    shown = (
        FiguresPublication.objects.filter(pavilion=locked)
        .exclude(kind=PublicationKind.WITHDRAWAL)
        .order_by("-version")
        .first()
    )
    if published and shown is not None and shown.figures == snapshot:
        raise FiguresRefused(
            _("%(pavilion)s: the published figures are the current ones; nothing to revise.")
            % {"pavilion": locked}
        )
    kind = (
        PublicationKind.REVISION
        if shown is not None and shown.figures != snapshot
        else PublicationKind.PUBLISH
    )
    publication = _log(locked, latest, kind=kind, user=user, now=now, figures=snapshot)
    if not published:
        locked.results_published_at = now
        locked.save(update_fields=["results_published_at"])  # the public pages' cache follows
    pavilion.results_published_at = locked.results_published_at
    return publication


@transaction.atomic
def figures_withdraw(
    *, pavilion: Pavilion, user: AbstractBaseUser | None, now: datetime.datetime | None = None
) -> FiguresPublication:
    """Withdraw the pavilion's results page (recorded in its publication log)."""
    now = now or timezone.now()
    locked = pavilion_lock(pavilion.pk)
    if locked.results_published_at is None:
        raise FiguresRefused(
            _("%(pavilion)s: the results page is not published.") % {"pavilion": locked}
        )
    latest = FiguresPublication.objects.filter(pavilion=locked).order_by("-version").first()
    publication = _log(
        locked, latest, kind=PublicationKind.WITHDRAWAL, user=user, now=now, figures={}
    )
    locked.results_published_at = None
    locked.save(update_fields=["results_published_at"])  # the public pages' cache follows
    pavilion.results_published_at = None
    return publication
