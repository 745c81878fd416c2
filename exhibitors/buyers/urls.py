"""The buyers' part of the portal: the public catalogue, the buyer's pages, meetings, the
exhibitor's booth page and the calendar feeds. Included by ``exhibitors.urls`` (names in the
``exhibitors`` namespace)."""

urlpatterns = []
