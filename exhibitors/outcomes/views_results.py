"""The public results page of a past pavilion, in both languages, once staff publish it.

It shows the figures as published (:func:`published_figures`): the totals, the tables
and the press summaries frozen when staff published them, whatever reports were approved
since; "revised" with the date when staff published a revision. A company's own amount shows
only where its report agreed (``OutcomeReport.publish_amounts``) when it was published. Two
queries whatever the number of exhibitors."""

from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django_countries import countries

from events.models import Pavilion
from exhibitors.outcomes.figures import figures_totals
from exhibitors.outcomes.selectors import published_figures
from portal.i18n import localized


def results(request, event_slug, pavilion_slug):
    pavilion = get_object_or_404(
        Pavilion.objects.with_event(), event__slug=event_slug, slug=pavilion_slug
    )
    if not pavilion.are_results_published():
        raise Http404  # not published (or not yet): as if there were no such page
    published = published_figures(pavilion)
    if published is None:
        raise Http404
    delta = published.consultations_delta
    previous = published.previous
    mous = [
        {"country": row["country"], "name": countries.name(row["country"]), "n": row["n"]}
        for row in published.mous_by_country
    ]
    rows = [
        {
            "exhibitor": row["exhibitor"],
            "company": localized(row["name_ko"], row["name_en"]),
            "product": localized(row["product_ko"], row["product_en"]),
            "theme": localized(row["theme_ko"], row["theme_en"]),
            "amount": row["amount_usd"],
        }
        for row in published.exhibitors_listed
    ]
    return render(
        request,
        "events/results.html",
        {
            "pavilion": pavilion,
            "event": pavilion.event,
            "published": published,
            "data": figures_totals(published),
            "previous_name": previous and localized(previous["name_ko"], previous["name_en"]),
            "delta": None if delta is None else f"{delta:+,}",
            "mous": mous,
            "rows": rows,
        },
    )
