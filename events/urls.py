from django.urls import path

from events import views
from exhibitors.outcomes import views_results

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:event_slug>/<slug:pavilion_slug>/", views.pavilion_detail, name="pavilion"),
    path(
        "events/<slug:event_slug>/<slug:pavilion_slug>/results/",
        views_results.results,
        name="results",
    ),
]
