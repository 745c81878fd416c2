"""The buyers' back office: each part registers its own admin pages in its module, imported
here so that ``exhibitors.admin`` (and so Django's admin autodiscovery) finds them."""

from exhibitors.buyers import admin_buyers, admin_catalogue, admin_meetings

__all__: list[str] = ["admin_buyers", "admin_catalogue", "admin_meetings"]
