from django.urls import path

from exhibitors import views_results

from . import views

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
