"""The back office of the app: each domain package registers its own admin pages, and
``admin_pavilions`` adds the packages' parts to events' pavilion page."""

from exhibitors import admin_pavilions
from exhibitors.applications import admin as applications_admin
from exhibitors.applications import admin_ranking, admin_reviews
from exhibitors.buyers import admin as buyers_admin
from exhibitors.companies import admin as companies_admin
from exhibitors.floor import admin as floor_admin
from exhibitors.outcomes import admin as outcomes_admin

__all__ = [
    "admin_pavilions",
    "admin_ranking",
    "admin_reviews",
    "applications_admin",
    "buyers_admin",
    "companies_admin",
    "floor_admin",
    "outcomes_admin",
]
