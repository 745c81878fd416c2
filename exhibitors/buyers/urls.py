"""The buyers' part of the portal: the public catalogue, the buyer's pages, meetings, the
exhibitor's booth page and the calendar feeds. Included by ``exhibitors.urls`` (names in the
``exhibitors`` namespace)."""

from django.urls import path

from exhibitors.buyers import views_buyer

urlpatterns = [
    path("buyers/", views_buyer.buyer_home, name="buyer_home"),
    path("buyers/signup/", views_buyer.buyer_signup, name="buyer_signup"),
    path("buyers/badge/", views_buyer.buyer_badge, name="buyer_badge"),
    path("buyers/badge/renew/", views_buyer.buyer_badge_renew, name="buyer_badge_renew"),
    path("buyers/badge/<str:token>/", views_buyer.buyer_badge_scan, name="buyer_badge_scan"),
]
