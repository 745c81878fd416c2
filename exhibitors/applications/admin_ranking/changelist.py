"""The ranking page: a read-only list in ranking order, its columns, search and exports."""

import re
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin

from exhibitors.applications import selectors
from exhibitors.applications.admin_ranking.actions import (
    clear_decision,
    decide_top,
    mark_accept,
    mark_reject,
    mark_waitlist,
    release_decisions,
    undo_promotion,
)
from exhibitors.applications.admin_ranking.filters import (
    DecisionFilter,
    PavilionFilter,
    StatusFilter,
    ThemeFilter,
    _chosen_pavilion_id,
)
from exhibitors.applications.models import RankedApplication
from exhibitors.applications.resources import ApplicationScoreResource
from exhibitors.applications.selectors import UNRANKED_LAST
from exhibitors.companies import registration
from portal.adminlists import CachedChangeList, QuickActionCheckbox
from portal.spreadsheets import EXPORT_FORMATS, SpreadsheetAdminMixin

TENTH = Decimal("0.1")
REGISTRATION_NUMBER = re.compile(r"\d{3}-\d{2}-\d{5}")


def can_decide(user):
    return user.has_perm("exhibitors.decide_application")


def can_see_ranking(user):
    return can_decide(user) or user.has_perm("exhibitors.assign_reviewers")


def _number(value):
    """One decimal, rounded half up (Django's number_format cuts the digits off)."""
    if value is None:
        return None
    return formats.number_format(Decimal(str(value)).quantize(TENTH, rounding=ROUND_HALF_UP), 1)


@admin.register(RankedApplication)
class RankingAdmin(
    CachedChangeList, QuickActionCheckbox, SpreadsheetAdminMixin, ExportMixin, admin.ModelAdmin
):
    """Read-only list in ranking order; decisions only through the actions."""

    # The list (portal.adminlists.CachedChangeList) shows the applications and their reviews'
    # scores, the companies, pavilions, events and themes, and who marked a pending decision
    # (``exhibitors.apps``).
    list_cache_names = (
        "events:public",
        "exhibitors:roster",
        "exhibitors:reviews",
        "exhibitors:users",
    )

    resource_classes = [ApplicationScoreResource]
    export_formats = EXPORT_FORMATS
    change_list_template = "admin/exhibitors/rankedapplication/change_list.html"

    def has_export_permission(self, request):
        """Exports carry every score: programme managers only."""
        return _may_export(request)

    list_display = [
        "rank_display",
        "company_link",
        "theme",
        "score_display",
        "review_count_display",
        "spread_display",
        "status",
        "decision_display",
    ]
    list_display_links = None
    list_filter = [PavilionFilter, ThemeFilter, StatusFilter, DecisionFilter]
    search_fields = ["company__name_ko", "company__name_en", "company__registration_number"]
    search_help_text = _("Company name or business registration number")
    show_facets = admin.ShowFacets.NEVER
    show_full_result_count = False  # one aggregate query fewer on a filtered page
    list_per_page = 100
    actions = [
        mark_accept,
        mark_waitlist,
        mark_reject,
        clear_decision,
        decide_top,
        release_decisions,
        undo_promotion,
    ]

    # Who sees the page, and that nobody edits it --------------------------------------------

    def has_module_permission(self, request):
        return can_see_ranking(request.user)

    def has_view_permission(self, request, obj=None):
        return can_see_ranking(request.user)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def has_decide_application_permission(self, request):
        return can_decide(request.user)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        """An application is read and edited on its own admin page."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        return HttpResponseRedirect(
            reverse("admin:exhibitors_application_change", args=[object_id])
        )

    # The list ------------------------------------------------------------------------------

    def get_queryset(self, request):
        """The rows of :func:`selectors.ranking_rows`. (Not ``super()``: it orders by ``rank``
        before the annotation exists.)"""
        return selectors.ranking_rows(ordering=self.get_ordering(request))

    def get_ordering(self, request):
        """The ranking, pavilion by pavilion (the most recent event first)."""
        return list(selectors.RANKING_ORDER)

    def get_list_display(self, request):
        """Without a chosen pavilion the rows of several pavilions mix: show the pavilion."""
        columns = list(super().get_list_display(request))
        if _chosen_pavilion_id(request) is None:
            columns.insert(columns.index("company_link") + 1, "pavilion")
        return columns

    def get_search_results(self, request, queryset, search_term):
        """A registration number typed as 220-81-34568 finds the 10 digits stored."""
        words = [
            registration.normalize(word) if REGISTRATION_NUMBER.fullmatch(word) else word
            for word in search_term.split()
        ]
        return super().get_search_results(request, queryset, " ".join(words))

    @admin.display(description=_("rank"), ordering=UNRANKED_LAST[0])
    def rank_display(self, obj):
        return obj.rank  # None (shown as "-") for an application without a review

    @admin.display(description=_("company"), ordering="company__name_ko")
    def company_link(self, obj):
        url = reverse("admin:exhibitors_application_change", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, obj.company)

    @admin.display(description=_("score (0-100)"), ordering="score")
    def score_display(self, obj):
        return _number(obj.score)

    @admin.display(description=_("reviews"), ordering="review_count")
    def review_count_display(self, obj):
        return obj.review_count

    @admin.display(description=_("spread"), ordering="spread")
    def spread_display(self, obj):
        return _number(obj.spread)

    @admin.display(description=_("pending decision"), ordering="decision")
    def decision_display(self, obj):
        """The pending decision with who marked it and when, in one cell: as three columns
        they pushed the table past the page at 1280 px."""
        if not obj.decision:
            return None
        who = obj.decision_by.get_full_name() or obj.decision_by.username if obj.decision_by else ""
        when = formats.date_format(timezone.localtime(obj.decision_at), "SHORT_DATETIME_FORMAT")
        return format_html(
            '{}<br><span class="quiet">{}</span>',
            obj.get_decision_display(),
            " · ".join(part for part in (who, when) if part),
        )

    def changelist_view(self, request, extra_context=None):
        if not self.has_view_permission(request):
            raise PermissionDenied
        return super().changelist_view(request, extra_context)

    def list_extra_context(self, request):
        """The page's title and the chosen pavilion's places and pending decisions. Until the
        call closes the page says the decisions cannot be released yet: its cached copy ends
        then (``list_cache_until``)."""
        context = {"title": gettext("Ranking and decisions")}
        pavilion = selectors.ranking_pavilion(_chosen_pavilion_id(request))
        if pavilion is not None:
            context["pavilion"] = pavilion
            context.update(selectors.ranking_summary(pavilion=pavilion))
            if context.get("release_refusals"):
                context["list_cache_until"] = pavilion.applications_close_at
        return context


def _may_export(request):
    return request.user.has_perm("exhibitors.decide_application") or request.user.has_perm(
        "exhibitors.assign_reviewers"
    )
