"""The buyers' part of the portal: the public catalogue, the buyer's pages, meetings, the
exhibitor's booth page and the calendar feeds. Included by ``exhibitors.urls`` (names in the
``exhibitors`` namespace)."""

from django.urls import path

from exhibitors.buyers import views_calendar, views_catalogue

_CATALOGUE = "events/<slug:event_slug>/<slug:pavilion_slug>/catalogue/"

catalogue_urlpatterns = [
    path(_CATALOGUE, views_catalogue.catalogue_list, name="catalogue"),
    path(f"{_CATALOGUE}cards/", views_catalogue.catalogue_cards, name="catalogue_cards"),
    path(
        f"{_CATALOGUE}<int:exhibitor_id>/",
        views_catalogue.catalogue_detail,
        name="catalogue_exhibitor",
    ),
    path(
        f"{_CATALOGUE}<int:exhibitor_id>/logo/",
        views_catalogue.catalogue_logo,
        name="catalogue_logo",
    ),
    path(
        "catalogue-entries/<int:exhibitor_id>/",
        views_catalogue.catalogue_entry,
        name="catalogue_entry",
    ),
    path(
        "catalogue-entries/application/<int:application_id>/",
        views_catalogue.catalogue_entry_for_application,
        name="catalogue_entry_for_application",
    ),
]

calendar_urlpatterns = [
    path("calendar/", views_calendar.calendar_feeds, name="calendar_feeds"),
    path("calendar/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
]

urlpatterns = [*catalogue_urlpatterns, *calendar_urlpatterns]
