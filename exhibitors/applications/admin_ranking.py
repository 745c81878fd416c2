"""The ranking and decisions page in the admin: the programme manager's view of a pavilion's
applications in ranking order, and the actions that record, bulk-decide and release decisions.

The ranking is computed in the database (``ApplicationQuerySet.with_rank``); every decision
goes through the services of :mod:`exhibitors.applications.services`, whose refusals become
messages; the rows and the page's head are read by :mod:`exhibitors.applications.selectors`.
"""

import hashlib
import re
from decimal import ROUND_HALF_UP, Decimal

from django.contrib import admin
from django.contrib.admin import helpers
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.html import format_html
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import ExportMixin, messages

from exhibitors.applications import selectors, services
from exhibitors.applications.forms import DecideTopForm
from exhibitors.applications.models import (
    REVIEWABLE_STATES,
    ApplicationStatus,
    Decision,
    RankedApplication,
)
from exhibitors.applications.resources import ApplicationScoreResource
from exhibitors.applications.selectors import UNRANKED_LAST
from exhibitors.companies import registration
from portal.adminlists import QuickActionCheckbox
from portal.spreadsheets import EXPORT_FORMATS, SpreadsheetAdminMixin

TEMPLATES = "admin/exhibitors/rankedapplication"
TENTH = Decimal("0.1")
REGISTRATION_NUMBER = re.compile(r"\d{3}-\d{2}-\d{5}")


def can_decide(user):
    return user.has_perm("exhibitors.decide_application")


def can_see_ranking(user):
    return can_decide(user) or user.has_perm("exhibitors.assign_reviewers")


def _chosen_pavilion_id(request):
    """The pavilion chosen in the filter, if the parameter is a plausible id."""
    value = request.GET.get(PavilionFilter.parameter_name, "")
    return int(value) if value.isdigit() else None


def _id_or_refuse(value):
    """A filter's id from the address; anything else is the changelist's "invalid filter"
    (as Django's own filters answer), not a server error."""
    if not value.isdigit():
        raise IncorrectLookupParameters(value)
    return int(value)


class PavilionFilter(admin.SimpleListFilter):
    """Pavilions with ranked applications, named with their event (one query)."""

    title = _("pavilion")
    parameter_name = "pavilion"

    def lookups(self, request, model_admin):
        return [(pavilion.pk, str(pavilion)) for pavilion in selectors.ranking_pavilions()]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(pavilion_id=_id_or_refuse(self.value()))
        return queryset


class ThemeFilter(admin.SimpleListFilter):
    """The themes of the chosen pavilion, or of every pavilion with their event's name."""

    title = _("exhibition theme")
    parameter_name = "theme"

    def lookups(self, request, model_admin):
        pavilion_id = _chosen_pavilion_id(request)
        themes = selectors.ranking_themes(pavilion_id=pavilion_id)
        if pavilion_id:
            return [(theme.pk, theme.name) for theme in themes]
        return [(theme.pk, f"{theme.name} · {theme.event.name}") for theme in themes]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(theme_id=_id_or_refuse(self.value()))
        return queryset


class StatusFilter(admin.SimpleListFilter):
    """Only the statuses that appear in the ranking."""

    title = _("status")
    parameter_name = "status"

    def lookups(self, request, model_admin):
        return [
            (status.value, status.label)
            for status in ApplicationStatus
            if status in REVIEWABLE_STATES
        ]

    def queryset(self, request, queryset):
        if self.value():
            return queryset.filter(status=self.value())
        return queryset


class DecisionFilter(admin.SimpleListFilter):
    title = _("pending decision")
    parameter_name = "decision"
    NONE = "none"

    def lookups(self, request, model_admin):
        return [*Decision.choices, (self.NONE, _("No pending decision"))]

    def queryset(self, request, queryset):
        if self.value() == self.NONE:
            return queryset.filter(decision="")
        if self.value():
            return queryset.filter(decision=self.value())
        return queryset


def _number(value):
    """One decimal, rounded half up (Django's number_format cuts the digits off)."""
    if value is None:
        return None
    return formats.number_format(Decimal(str(value)).quantize(TENTH, rounding=ROUND_HALF_UP), 1)


def _pending_digest(pending):
    """A fingerprint of the pending decisions, to notice that they changed since the page."""
    text = ",".join(f"{application.pk}:{application.decision}" for application in pending)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# The actions: every decision through the services, whose refusals become messages ----------


@admin.action(description=_("Mark: accept"), permissions=["decide_application"])
def mark_accept(modeladmin, request, queryset):
    _record(modeladmin, request, queryset, Decision.ACCEPT)


@admin.action(description=_("Mark: waitlist"), permissions=["decide_application"])
def mark_waitlist(modeladmin, request, queryset):
    _record(modeladmin, request, queryset, Decision.WAITLIST)


@admin.action(description=_("Mark: reject"), permissions=["decide_application"])
def mark_reject(modeladmin, request, queryset):
    _record(modeladmin, request, queryset, Decision.REJECT)


@admin.action(description=_("Clear the pending decision"), permissions=["decide_application"])
def clear_decision(modeladmin, request, queryset):
    _record(modeladmin, request, queryset, "")


@admin.action(
    description=_("Accept the top N and waitlist the next M…"),
    permissions=["decide_application"],
)
def decide_top(modeladmin, request, queryset):
    pavilion = _single_pavilion(modeladmin, request, queryset)
    if pavilion is None:
        return None
    places = services.places_summary(pavilion)
    if "apply" in request.POST:
        form = DecideTopForm(request.POST)
        if form.is_valid():
            try:
                accepted, waitlisted = services.decisions_record_top(
                    pavilion=pavilion,
                    accept=form.cleaned_data["accept"],
                    waitlist=form.cleaned_data["waitlist"],
                    user=request.user,
                )
            except services.ApplicationRefused as error:
                modeladmin.message_user(request, error.message, messages.ERROR)
                return None
            modeladmin.message_user(
                request,
                gettext(
                    "%(pavilion)s: %(accepted)s marked to accept, %(waitlisted)s marked to "
                    "waitlist. Nothing is sent until you release the decisions."
                )
                % {"pavilion": pavilion, "accepted": accepted, "waitlisted": waitlisted},
                messages.SUCCESS,
            )
            return None
    else:
        form = DecideTopForm(initial={"accept": max(places["left"], 0), "waitlist": 0})
    return _intermediate(
        modeladmin,
        request,
        queryset,
        "decide_top.html",
        title=gettext("Accept the top N and waitlist the next M"),
        action="decide_top",
        pavilion=pavilion,
        places=places,
        form=form,
    )


@admin.action(description=_("Release the pending decisions…"), permissions=["decide_application"])
def release_decisions(modeladmin, request, queryset):
    pavilion = _single_pavilion(modeladmin, request, queryset)
    if pavilion is None:
        return None
    refusal = services.release_refusals(pavilion)
    if refusal:
        modeladmin.message_user(
            request,
            gettext("Nothing was released: %(reason)s") % {"reason": refusal},
            messages.ERROR,
        )
        return None
    pending = selectors.decisions_pending_rows(pavilion=pavilion)
    if not pending:
        modeladmin.message_user(
            request,
            gettext("%(pavilion)s has no pending decisions to release.") % {"pavilion": pavilion},
            messages.WARNING,
        )
        return None
    digest = _pending_digest(pending)
    if "apply" in request.POST:
        if request.POST.get("digest") != digest:
            modeladmin.message_user(
                request,
                gettext(
                    "The pending decisions changed since the page was opened; check them "
                    "again before releasing."
                ),
                messages.WARNING,
            )
        else:
            try:
                released = services.decisions_release(pavilion=pavilion, user=request.user)
            except services.ApplicationRefused as error:
                modeladmin.message_user(
                    request,
                    gettext("Nothing was released: %(reason)s") % {"reason": error.message},
                    messages.ERROR,
                )
                return None
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)s decision of %(pavilion)s released; the e-mail goes out now.",
                    "%(count)s decisions of %(pavilion)s released; the e-mails go out now.",
                    released,
                )
                % {"count": released, "pavilion": pavilion},
                messages.SUCCESS,
            )
            return None
    groups = [
        (label, [a for a in pending if a.decision == decision])
        for decision, label in Decision.choices
    ]
    return _intermediate(
        modeladmin,
        request,
        queryset,
        "release_decisions.html",
        title=gettext("Release the pending decisions"),
        action="release_decisions",
        pavilion=pavilion,
        places=services.places_summary(pavilion),
        groups=[(label, applications) for label, applications in groups if applications],
        total=len(pending),
        digest=digest,
    )


@admin.action(
    description=_("Undo the promotion from the waiting list"),
    permissions=["decide_application"],
)
def undo_promotion(modeladmin, request, queryset):
    undone = 0
    for application in _selected(queryset):
        try:
            services.application_unpromote(application=application, user=request.user)
            undone += 1
        except services.ApplicationRefused as error:
            _refused(modeladmin, request, application, error)
    if undone:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)s company is back on the waiting list.",
                "%(count)s companies are back on the waiting list.",
                undone,
            )
            % {"count": undone},
            messages.SUCCESS,
        )


# Helpers of the actions ------------------------------------------------------------------


def _selected(queryset):
    """The selected applications as plain rows, in ranking order: when places run out, the
    best-ranked get them."""
    return selectors.applications_ranked(pks=queryset.values_list("pk", flat=True))


def _record(modeladmin, request, queryset, decision):
    recorded = 0
    for application in _selected(queryset):
        try:
            services.decision_record(application=application, decision=decision, user=request.user)
            recorded += 1
        except services.ApplicationRefused as error:
            _refused(modeladmin, request, application, error)
    if not recorded:
        return
    if decision:
        message = ngettext(
            "%(count)s application marked “%(decision)s”; nothing is sent until the "
            "decisions are released.",
            "%(count)s applications marked “%(decision)s”; nothing is sent until the "
            "decisions are released.",
            recorded,
        ) % {"count": recorded, "decision": Decision(decision).label}
    else:
        message = ngettext(
            "The pending decision of %(count)s application was cleared.",
            "The pending decisions of %(count)s applications were cleared.",
            recorded,
        ) % {"count": recorded}
    modeladmin.message_user(request, message, messages.SUCCESS)


def _refused(modeladmin, request, application, error):
    modeladmin.message_user(
        request,
        gettext("%(company)s: %(reason)s")
        % {"company": application.company, "reason": error.message},
        messages.ERROR,
    )


def _single_pavilion(modeladmin, request, queryset):
    pavilion = selectors.selection_pavilion(applications=queryset)
    if pavilion is None:
        modeladmin.message_user(
            request,
            gettext(
                "Select the applications of one pavilion: this action works on one pavilion at a time."
            ),
            messages.ERROR,
        )
        return None
    return pavilion


def _intermediate(modeladmin, request, queryset, template, **context):
    """Django's pattern for an action with an intermediate page: the page posts the
    selection and the action back to the changelist, with ``apply`` set."""
    return TemplateResponse(
        request,
        f"{TEMPLATES}/{template}",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "media": modeladmin.media,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": list(queryset.values_list("pk", flat=True)),
            **context,
        },
    )


@admin.register(RankedApplication)
class RankingAdmin(QuickActionCheckbox, SpreadsheetAdminMixin, ExportMixin, admin.ModelAdmin):
    """Read-only list in ranking order; decisions only through the actions."""

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
        extra_context = {"title": gettext("Ranking and decisions"), **(extra_context or {})}
        pavilion = selectors.ranking_pavilion(_chosen_pavilion_id(request))
        if pavilion is not None:
            extra_context["pavilion"] = pavilion
            extra_context.update(selectors.ranking_summary(pavilion=pavilion))
        return super().changelist_view(request, extra_context)


def _may_export(request):
    return request.user.has_perm("exhibitors.decide_application") or request.user.has_perm(
        "exhibitors.assign_reviewers"
    )
