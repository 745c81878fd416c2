"""The ranking and decisions page in the admin: the programme manager's view of a pavilion's
applications in ranking order, and the actions that record, bulk-decide and release decisions.

The ranking is computed in the database (``ApplicationQuerySet.with_rank``); every decision
goes through the services of :mod:`exhibitors.applications.services`, whose refusals become
messages; the rows and the page's head are read by :mod:`exhibitors.applications.selectors`.

The list filters (:mod:`.filters`), the actions (:mod:`.actions`) and the page itself
(:mod:`.changelist`, which registers :class:`RankingAdmin`) are its modules.
"""

from exhibitors.applications.admin_ranking.actions import (
    TEMPLATES,
    clear_decision,
    decide_top,
    mark_accept,
    mark_reject,
    mark_waitlist,
    release_decisions,
    undo_promotion,
)
from exhibitors.applications.admin_ranking.changelist import (
    REGISTRATION_NUMBER,
    TENTH,
    RankingAdmin,
    can_decide,
    can_see_ranking,
)
from exhibitors.applications.admin_ranking.filters import (
    DecisionFilter,
    PavilionFilter,
    StatusFilter,
    ThemeFilter,
)

__all__ = [
    "TEMPLATES",
    "TENTH",
    "REGISTRATION_NUMBER",
    "can_decide",
    "can_see_ranking",
    "PavilionFilter",
    "ThemeFilter",
    "StatusFilter",
    "DecisionFilter",
    "mark_accept",
    "mark_waitlist",
    "mark_reject",
    "clear_decision",
    "decide_top",
    "release_decisions",
    "undo_promotion",
    "RankingAdmin",
]
