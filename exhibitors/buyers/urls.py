"""The buyers' part of the portal: the public catalogue, the buyer's pages, meetings, the
exhibitor's booth page and the calendar feeds. Included by ``exhibitors.urls`` (names in the
``exhibitors`` namespace)."""

from django.urls import path

from exhibitors.buyers import views_booth

urlpatterns = []

# At the booth: the exhibitor's phone page.
urlpatterns += [
    path("booth/<int:exhibitor_id>/", views_booth.booth, name="booth"),
    path(
        "booth/<int:exhibitor_id>/meetings/",
        views_booth.booth_meeting_mark,
        name="booth_meeting_mark",
    ),
]
