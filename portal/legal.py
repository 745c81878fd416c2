"""The public notices: the privacy notice agreed to at sign-up and the participation terms
agreed to when a company confirms its place, in the visitor's language.

The notices' texts are templates (``templates/legal/``), translated like every page; each has a
version here. Change a notice's text, change its version: agreements already given stay
recorded with the version they were given to (``exhibitors.applications.consents``).
"""

from django.shortcuts import render
from django.views.decorators.http import require_safe

#: The notice on the collection and use of personal information (``legal/_privacy.html``).
PRIVACY_VERSION = "2026-12"
#: The participation terms agreed to when confirming a place (``legal/_terms.html``).
TERMS_VERSION = "2026-12"


@require_safe
def privacy(request):
    return render(request, "legal/privacy.html", {"version": PRIVACY_VERSION})


@require_safe
def terms(request):
    return render(request, "legal/terms.html", {"version": TERMS_VERSION})
