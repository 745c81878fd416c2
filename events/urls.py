from django.urls import path

from events import views

app_name = "events"

urlpatterns = [
    path("", views.home, name="home"),
    path("events/<slug:event_slug>/<slug:pavilion_slug>/", views.pavilion_detail, name="pavilion"),
    # The results page, events/<event>/<pavilion>/results/, is routed by exhibitors.urls.
]
