"""The portal's URLs plus the bare view every page is measured against (bench only)."""

from django.http import HttpResponse
from django.urls import include, path


def bare(request):
    """A fixed string through the same middleware: the framework's own cost."""
    return HttpResponse("Hello, pavilion.", content_type="text/plain")


urlpatterns = [
    path("bench/bare/", bare),
    path("", include("portal.urls")),
]
