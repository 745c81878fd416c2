"""The figures of a pavilion, from its approved reports, and their publication.

Pavilion totals are always the sum of the approved reports, computed by the database in a
fixed number of queries (:func:`pavilion_figures`); nothing is typed in twice. Publishing
(:func:`figures_publish`) freezes them for the public results page; the press summaries are
worded in :mod:`exhibitors.outcomes.wording`, the published figures read back in
:mod:`exhibitors.outcomes.selectors`.

Gathered here so that callers import them from ``exhibitors.outcomes.figures``: the figures
and their totals (:mod:`.totals`), computing them (:mod:`.pavilion`) with their tables
(:mod:`.tables`), and their publication (:mod:`.publication`).
"""

from exhibitors.outcomes.figures.pavilion import (
    pavilion_figures,
    previous_pavilion,
    series_figures,
)
from exhibitors.outcomes.figures.publication import (
    FiguresRefused,
    figures_publish,
    figures_snapshot,
    figures_withdraw,
)
from exhibitors.outcomes.figures.totals import ZERO, Figures, figures_totals

__all__ = [
    "ZERO",
    "Figures",
    "FiguresRefused",
    "figures_publish",
    "figures_snapshot",
    "figures_totals",
    "figures_withdraw",
    "pavilion_figures",
    "previous_pavilion",
    "series_figures",
]
