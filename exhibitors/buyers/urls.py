"""The buyers' part of the portal: the public catalogue, the buyer's pages, meetings, the
exhibitor's booth page and the calendar feeds. Included by ``exhibitors.urls`` (names in the
``exhibitors`` namespace)."""

from django.urls import path

from exhibitors.buyers import (
    views_booth,
    views_buyer,
    views_calendar,
    views_catalogue,
    views_meetings,
)

buyer_urlpatterns = [
    path("buyers/", views_buyer.buyer_home, name="buyer_home"),
    path("buyers/signup/", views_buyer.buyer_signup, name="buyer_signup"),
    path("buyers/badge/", views_buyer.buyer_badge, name="buyer_badge"),
    path("buyers/badge/renew/", views_buyer.buyer_badge_renew, name="buyer_badge_renew"),
    path("buyers/badge/<str:token>/", views_buyer.buyer_badge_scan, name="buyer_badge_scan"),
]

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

meeting_urlpatterns = [
    # Meetings: the buyer's side …
    path(
        "buyers/meetings/request/<int:exhibitor_id>/",
        views_meetings.meeting_request,
        name="meeting_request",
    ),
    path("buyers/meetings/", views_meetings.buyer_meetings, name="buyer_meetings"),
    path("buyers/meetings/<int:meeting_id>/", views_meetings.buyer_meeting, name="buyer_meeting"),
    path("buyers/meetings/schedule/", views_meetings.buyer_schedule, name="buyer_schedule"),
    path(
        "buyers/meetings/schedule.ics",
        views_meetings.buyer_schedule_ics,
        name="buyer_schedule_ics",
    ),
    # … and the exhibitor's.
    path(
        "meetings/application/<int:application_id>/",
        views_meetings.application_meetings,
        name="application_meetings",
    ),
    path(
        "meetings/<int:exhibitor_id>/",
        views_meetings.exhibitor_meetings,
        name="exhibitor_meetings",
    ),
    path(
        "meetings/<int:exhibitor_id>/<int:meeting_id>/",
        views_meetings.exhibitor_meeting,
        name="exhibitor_meeting",
    ),
    path(
        "meetings/<int:exhibitor_id>/schedule/",
        views_meetings.exhibitor_schedule,
        name="exhibitor_schedule",
    ),
    path(
        "meetings/<int:exhibitor_id>/schedule.ics",
        views_meetings.exhibitor_schedule_ics,
        name="exhibitor_schedule_ics",
    ),
]

booth_urlpatterns = [
    # At the booth: the exhibitor's phone page.
    path("booth/<int:exhibitor_id>/", views_booth.booth, name="booth"),
    path(
        "booth/<int:exhibitor_id>/meetings/",
        views_booth.booth_meeting_mark,
        name="booth_meeting_mark",
    ),
]

calendar_urlpatterns = [
    path("calendar/", views_calendar.calendar_feeds, name="calendar_feeds"),
    path("calendar/<str:token>.ics", views_calendar.calendar_feed, name="calendar_feed"),
]

urlpatterns = [
    *buyer_urlpatterns,
    *catalogue_urlpatterns,
    *meeting_urlpatterns,
    *booth_urlpatterns,
    *calendar_urlpatterns,
]
