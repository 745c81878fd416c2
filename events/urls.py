from django.urls import path

from exhibitors import results_views

from . import views

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:event_slug>/<slug:pavilion_slug>/", views.pavilion_detail, name="pavilion"),
    path(
        "events/<slug:event_slug>/<slug:pavilion_slug>/results/",
        results_views.results,
        name="results",
    ),
]
