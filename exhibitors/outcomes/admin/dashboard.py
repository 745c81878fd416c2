"""The pavilion dashboard (reached from the pavilion's page and the pavilion list): the
figures from the approved reports, how they differ from the published ones, publishing the
revised figures, and the dashboard as a workbook. Called by the pavilion's admin
(``exhibitors.admin_pavilions``)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from events.models import Pavilion
from exhibitors.outcomes.exports import figures_xlsx
from exhibitors.outcomes.figures import (
    FiguresRefused,
    figures_publish,
    figures_snapshot,
    figures_totals,
    pavilion_figures,
    series_figures,
)
from exhibitors.outcomes.models import PublicationKind
from exhibitors.outcomes.selectors import (
    FrozenFigures,
    figures_differences,
    latest_publication,
)
from portal import pagecache
from portal.i18n import content_language


def can_view_outcomes(user):
    """Superusers and staff with ``events.view_outcomes`` (the Reporting role, the programme
    manager) read the dashboard and publish the results page."""
    return user.is_active and user.is_staff and user.has_perm("events.view_outcomes")


def _dashboard_pavilion(request, object_id):
    if not can_view_outcomes(request.user):
        raise PermissionDenied
    return get_object_or_404(Pavilion.objects.with_event(), pk=object_id)


def _theme_name(english, korean):
    if english is None and korean is None:
        return None
    return korean or english if content_language() == "ko" else english or korean


def _chart(pavilion):
    """Consultations and amount of every edition of the pavilion's series up to this one (the
    same pavilion, by slug), for the chart: one query (:func:`series_figures`)."""
    editions = [
        row
        for row in series_figures(pavilion.event.series)
        if row["pavilion"].slug == pavilion.slug
        and row["pavilion"].event.starts_on <= pavilion.event.starts_on
    ]
    return {
        "labels": [row["pavilion"].event.name for row in editions],
        "consultations": [row["consultations"] for row in editions],
        "amounts": [float(row["amount_usd"]) for row in editions],
        "consultationsLabel": str(_("consultations")),
        "amountLabel": str(_("consultation amount (USD)")),
    }


#: The labels of the totals the dashboard compares, live against published.
TOTAL_LABELS = {
    "consultations": _("Export consultations"),
    "consultation_amount_usd": _("Consultation amount (USD)"),
    "consultation_amount_krw": _("Consultation amount (KRW)"),
    "expected_contract_usd": _("Expected contracts (USD)"),
    "onsite_contracts": _("Contracts signed on site"),
    "onsite_contract_usd": _("Contracts signed on site (USD)"),
    "mous": _("MOUs signed"),
    "exhibitors": _("Exhibitors (companies)"),
    "co_exhibitors": _("Co-exhibitors"),
    "reports_approved": _("Approved reports"),
}


def _publication_context(pavilion, figures):
    """What the dashboard shows of the published figures: the latest publication, and, while
    the page is published, how the live figures differ from the published ones (one query)."""
    latest = latest_publication(pavilion)
    published = None
    if latest is not None and latest.kind != PublicationKind.WITHDRAWAL:
        published = FrozenFigures(latest)
    if published is None or pavilion.results_published_at is None:
        return {"publication": latest, "published": None}
    snapshot = figures_snapshot(figures)
    differences = [
        {
            "key": key,
            "label": TOTAL_LABELS[key],
            "published": before,
            "live": live,
            "difference": None if difference is None else f"{difference:+,}",
        }
        for key, before, live, difference in figures_differences(published, snapshot)
    ]
    return {
        "publication": latest,
        "published": published,
        "differences": differences,
        "figures_changed": snapshot != latest.figures,
    }


#: The dashboard's fragment: the template of its content, and the version names of what it
#: shows (``exhibitors.apps`` names the models behind each; the pavilion, its event and series
#: are the public pages' ``events:public``).
CONTENT_TEMPLATE = "admin/events/pavilion/_dashboard.html"
VERSIONS = (
    "events:public",
    "exhibitors:roster",
    "exhibitors:outcomes",
    "exhibitors:meetings",
    "exhibitors:users",
)


def _dashboard_context(pavilion):
    """What the dashboard's content shows of ``pavilion`` (a fixed number of queries)."""
    figures = pavilion_figures(pavilion, tables=True)
    data = figures_totals(figures)
    delta = data["yoy"]["consultations_delta"]
    exhibitors = [
        {
            **row,
            "theme_name": _theme_name(
                row["exhibitor"].theme_en, getattr(row["exhibitor"], "theme_ko", None)
            ),
        }
        for row in figures.by_exhibitor
    ]
    by_country = [
        {**row, "name": countries.name(row["buyer_country"])} for row in figures.by_country
    ]
    by_theme = [
        {**row, "name": _theme_name(row["theme"], row["theme_ko"])} for row in figures.by_theme
    ]
    return {
        "figures": figures,
        "data": data,
        "delta": None if delta is None else f"{delta:+,}",
        "exhibitors": exhibitors,
        "by_country": by_country,
        "by_theme": by_theme,
        "chart": _chart(pavilion),
        "results_url": reverse("exhibitors:results", args=[pavilion.event.slug, pavilion.slug]),
        "results_published": pavilion.are_results_published(),
        **_publication_context(pavilion, figures),
    }


def _until(page):
    """A results page published for later shows its link from then on: the cached content
    lasts until then."""
    published = page["pavilion"].results_published_at
    return published if published is not None and published > timezone.now() else None


def dashboard_view(model_admin, request, object_id):
    """The pavilion's figures from its approved reports: totals, year on year, the tables per
    exhibitor, buyer country and theme, the chart and the press summaries; once the results
    page is published, how these live figures differ from the published ones, with a button
    to publish the revised figures. A fixed number of queries whatever the number of reports
    and consultations.

    The content (everything below the title) is the same for everyone who may open the page:
    it is cached per pavilion and language (:func:`portal.pagecache.cached`) and made again
    after any write of what it shows, so the live figures are live after every write. The
    figures are in the page's context when the content was made by this request."""
    if not can_view_outcomes(request.user):
        raise PermissionDenied
    made = {}

    def make():
        pavilion = get_object_or_404(Pavilion.objects.with_event(), pk=object_id)
        made.update(opts=model_admin.opts, original=pavilion, **_dashboard_context(pavilion))
        return {"pavilion": pavilion, "content": render_to_string(CONTENT_TEMPLATE, made)}

    page = pagecache.cached(
        f"admin:dashboard:{int(object_id)}:{get_language()}", VERSIONS, make, until=_until
    )
    pavilion = page["pavilion"]
    return TemplateResponse(
        request,
        "admin/events/pavilion/dashboard.html",
        {
            **model_admin.admin_site.each_context(request),
            **made,
            "opts": model_admin.opts,
            "original": pavilion,
            "title": _("Outcome dashboard · %(pavilion)s") % {"pavilion": pavilion},
            "content": page["content"],
        },
    )


def publish_revised_view(model_admin, request, object_id):
    """ "Publish the revised figures": asks for confirmation (GET, with what changes), then
    publishes (POST, ``figures_publish`` with ``revise``) and goes back to the
    dashboard."""
    pavilion = _dashboard_pavilion(request, object_id)
    dashboard = reverse("admin:events_pavilion_dashboard", args=[pavilion.pk])
    if request.method == "POST":
        try:
            publication = figures_publish(pavilion=pavilion, user=request.user, revise=True)
        except FiguresRefused as error:
            model_admin.message_user(request, error.message, messages.ERROR)
        else:
            model_admin.message_user(
                request,
                _("The revised figures are published (version %(version)s).")
                % {"version": publication.version},
                messages.SUCCESS,
            )
        return HttpResponseRedirect(dashboard)
    figures = pavilion_figures(pavilion, tables=True)
    return TemplateResponse(
        request,
        "admin/events/pavilion/publish_revised.html",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.opts,
            "original": pavilion,
            "title": _("Publish the revised figures · %(pavilion)s") % {"pavilion": pavilion},
            "figures": figures,
            "data": figures_totals(figures),
            "dashboard_url": dashboard,
            **_publication_context(pavilion, figures),
        },
    )


def dashboard_xlsx(model_admin, request, object_id, extra_sheets=None):
    """The dashboard as a workbook in the user's language (:func:`figures_xlsx`:
    numbers as numbers with number formats, text never a formula). ``extra_sheets``, given
    by the packages above that add to the dashboard, makes their sheets from the pavilion."""
    pavilion = _dashboard_pavilion(request, object_id)
    response = HttpResponse(
        figures_xlsx(
            pavilion_figures(pavilion, tables=True),
            extra_sheets(pavilion) if extra_sheets else (),
        ),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = (
        f'attachment; filename="{pavilion.event.slug}-{pavilion.slug}-outcomes.xlsx"'
    )
    return response
