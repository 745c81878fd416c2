"""The public notices: the privacy notice agreed to at sign-up and the participation terms
agreed to when a company confirms its place, in the visitor's language."""

from django.shortcuts import render
from django.views.decorators.http import require_safe

from exhibitors.applications.consents import PRIVACY_VERSION, TERMS_VERSION


@require_safe
def privacy(request):
    return render(request, "legal/privacy.html", {"version": PRIVACY_VERSION})


@require_safe
def terms(request):
    return render(request, "legal/terms.html", {"version": TERMS_VERSION})
