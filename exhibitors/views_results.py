"""The public results page of a past pavilion, in both languages, once staff publish it.

The totals come from :func:`outcomes.pavilion_figures` (approved reports only); a company's
own amount is shown only where its report agreed (``OutcomeReport.publish_amounts``). A fixed
number of queries whatever the number of exhibitors and rows."""

from django.db.models import Count, Q, Sum
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django_countries import countries

from events.models import Pavilion

from . import outcomes
from .models import Application, ApplicationStatus, Exhibitor, Mou, ReportStatus


def results(request, event_slug, pavilion_slug):
    pavilion = get_object_or_404(
        Pavilion.objects.with_event(), event__slug=event_slug, slug=pavilion_slug
    )
    if not pavilion.are_results_published():
        raise Http404  # not published (or not yet): as if there were no such page
    figures = outcomes.pavilion_figures(pavilion)
    data = outcomes.report_json(figures)
    delta = data["yoy"]["consultations_delta"]
    approved = Q(report__status=ReportStatus.APPROVED, report__exhibitor__pavilion=pavilion)
    mous = [
        {"country": row["country"], "name": countries.name(row["country"]), "n": row["n"]}
        for row in Mou.objects.filter(approved)
        .values("country")
        .annotate(n=Count("pk"))
        .order_by("-n", "country")
    ]
    products = {
        a.company_id: a
        for a in Application.objects.filter(
            pavilion=pavilion, status=ApplicationStatus.CONFIRMED
        ).select_related("theme")
    }
    exhibitors = (
        Exhibitor.objects.filter(pavilion=pavilion)
        .select_related("company", "report")
        .annotate(
            public_amount=Sum(
                "report__consultations__amount_usd",
                filter=Q(report__status=ReportStatus.APPROVED, report__publish_amounts=True),
            )
        )
        .order_by("role", "company__name_ko")
    )
    rows = [
        {
            "exhibitor": exhibitor,
            "application": products.get(exhibitor.company_id),
            "amount": exhibitor.public_amount,
        }
        for exhibitor in exhibitors
    ]
    return render(
        request,
        "events/results.html",
        {
            "pavilion": pavilion,
            "event": pavilion.event,
            "figures": figures,
            "data": data,
            "delta": None if delta is None else f"{delta:+,}",
            "mous": mous,
            "rows": rows,
        },
    )
