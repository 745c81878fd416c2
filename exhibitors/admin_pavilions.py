"""The pavilion's back-office page with what exhibitors adds to it.

``events`` registers a plain :class:`events.admin.PavilionAdmin` and imports nothing from
``exhibitors``; this module (imported by ``exhibitors.admin``) registers a subclass in its
place, with the parts each domain package owns:

- companies: the exhibitors and co-exhibitors inline and the exhibitor count;
- applications: the review criteria inline (their totals recomputed when they change,
  ``reviews.totals_recompute``);
- floor: the floor plan page and the booth actions (``floor.admin_floorplan``,
  ``floor.services``);
- outcomes: the outcome dashboard, its workbook, publishing the revised figures and the
  results page actions (``outcomes.admin``, ``outcomes.figures``);
- buyers: the meetings funnel's sheets in the dashboard's workbook (``buyers.funnel``; the
  page draws the funnel with ``{% pavilion_funnel %}`` of ``templatetags.funnel_tags``).

Every admin address and name stays ``admin:events_pavilion_*``: the model is events'.
"""

from django.contrib import admin, messages
from django.db.models import Count
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from events import admin as events_admin
from events.models import Pavilion
from exhibitors.applications import reviews
from exhibitors.applications.admin_reviews import CriterionForm
from exhibitors.applications.models import Criterion
from exhibitors.buyers.funnel import funnel_sheets
from exhibitors.companies.models import Exhibitor
from exhibitors.floor import admin_floorplan
from exhibitors.floor import services as booths
from exhibitors.outcomes import admin as admin_outcomes
from exhibitors.outcomes.figures import FiguresRefused, figures_publish, figures_withdraw


class ExhibitorInline(admin.TabularInline):
    """Exhibitors of the pavilion; co-exhibiting districts are added here by staff."""

    model = Exhibitor
    extra = 0
    fields = ["company", "role", "confirmed_at"]
    readonly_fields = ["confirmed_at"]
    autocomplete_fields = ["company"]
    verbose_name = _("exhibitor or co-exhibitor")
    verbose_name_plural = _("exhibitors and co-exhibitors")

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("company")


class CriterionInline(admin.TabularInline):
    """The pavilion's review criteria. A new pavilion gets the default ones when it is saved,
    so they are edited from the second visit on."""

    model = Criterion
    form = CriterionForm
    extra = 0
    fields = [
        "position",
        "name_en",
        "name_ko",
        "description_en",
        "description_ko",
        "weight",
        "scale_max",
    ]


class FloorActions:
    """The floor plan page and the booth actions (``events.allocate_booths``)."""

    def has_allocate_booths_permission(self, request):
        return request.user.has_perm("events.allocate_booths")

    @admin.action(
        description=_("Generate standard 3 m × 3 m booths on the free floor (2 m aisles)"),
        permissions=["allocate_booths"],
    )
    def generate_booths(self, request, queryset):
        for pavilion in queryset.select_related("event"):
            created = booths.layout_generate(pavilion=pavilion)
            self.message_user(
                request,
                ngettext(
                    "%(pavilion)s: %(count)s booth added; adjust them on the booth list.",
                    "%(pavilion)s: %(count)s booths added; adjust them on the booth list.",
                    len(created),
                )
                % {"pavilion": pavilion, "count": len(created)},
                messages.SUCCESS if created else messages.WARNING,
            )

    @admin.action(
        description=_("Allocate the exhibitors to the free booths automatically"),
        permissions=["allocate_booths"],
    )
    def allocate_booths(self, request, queryset):
        for pavilion in queryset.select_related("event"):
            try:
                plan = booths.pavilion_allocate(pavilion=pavilion)
            except booths.BoothRefused as error:
                self.message_user(request, f"{pavilion}: {error.message}", messages.ERROR)
                continue
            self.message_user(
                request,
                _("%(pavilion)s: %(placed)s placed, %(unplaced)s not placed.")
                % {
                    "pavilion": pavilion,
                    "placed": len(plan.placed),
                    "unplaced": len(plan.unplaced),
                },
                messages.SUCCESS,
            )
            for exhibitor, reason in plan.unplaced:
                self.message_user(request, f"{exhibitor.company}: {reason}", messages.WARNING)

    def floor_plan_view(self, request, object_id):
        """The floor drawn to scale, with free booths and unplaced exhibitors beside it."""
        return admin_floorplan.floor_plan_view(self, request, object_id)


class OutcomePages:
    """The outcome dashboard, its workbook, the revised figures and the results page actions
    (``events.view_outcomes``)."""

    def has_outcomes_permission(self, request):
        """The outcome dashboard and the results page: ``events.view_outcomes`` (the Reporting
        role, the programme manager) or a superuser."""
        return admin_outcomes.can_view_outcomes(request.user)

    def _publication(self, request, queryset, service):
        """Apply ``service`` (``figures_publish`` or ``figures_withdraw``) to each
        selected pavilion; a pavilion it refuses is named in a warning. Returns how many
        it changed."""
        done = 0
        for pavilion in queryset.select_related("event", "event__series"):
            try:
                service(pavilion=pavilion, user=request.user)
            except FiguresRefused as error:
                self.message_user(request, error.message, messages.WARNING)
                continue
            done += 1
        return done

    @admin.action(description=_("Publish the results page"), permissions=["outcomes"])
    def publish_results(self, request, queryset):
        """Shows the public results page of each selected pavilion whose expo is over (the
        figures of an expo still running are not results yet), with its figures as they are
        now, frozen (``figures.figures_publish``)."""
        count = self._publication(request, queryset, figures_publish)
        if count:
            self.message_user(
                request,
                ngettext(
                    "%(count)s results page published.", "%(count)s results pages published.", count
                )
                % {"count": count},
                messages.SUCCESS,
            )

    @admin.action(description=_("Withdraw the results page"), permissions=["outcomes"])
    def unpublish_results(self, request, queryset):
        count = self._publication(request, queryset, figures_withdraw)
        self.message_user(
            request,
            ngettext(
                "%(count)s results page withdrawn.", "%(count)s results pages withdrawn.", count
            )
            % {"count": count},
        )

    def get_list_display(self, request):
        """Staff who read the outcomes get a column with the dashboard and the results page."""
        columns = list(super().get_list_display(request))
        if self.has_outcomes_permission(request):
            columns.append("outcomes_links")
        return columns

    @admin.display(description=_("outcomes"))
    def outcomes_links(self, obj):
        dashboard = reverse("admin:events_pavilion_dashboard", args=[obj.pk])
        links = format_html('<a href="{}">{}</a>', dashboard, _("Outcome dashboard"))
        if obj.are_results_published():
            results = reverse("exhibitors:results", args=[obj.event.slug, obj.slug])
            links = format_html('{} · <a href="{}">{}</a>', links, results, _("Results"))
        return links

    def change_view(self, request, object_id, form_url="", extra_context=None):
        extra_context = {
            "may_view_outcomes": self.has_outcomes_permission(request),
            **(extra_context or {}),
        }
        return super().change_view(request, object_id, form_url, extra_context)

    def dashboard_view(self, request, object_id):
        """The pavilion's outcome figures, from its approved reports."""
        return admin_outcomes.dashboard_view(self, request, object_id)

    def publish_revised_view(self, request, object_id):
        """Publish the dashboard's live figures as a revision of the published ones."""
        return admin_outcomes.publish_revised_view(self, request, object_id)

    def dashboard_xlsx(self, request, object_id):
        """The dashboard's workbook, with the meetings funnel's sheets (``buyers.funnel``)."""
        return admin_outcomes.dashboard_xlsx(self, request, object_id, extra_sheets=funnel_sheets)


def _with_exhibitor_count(columns):
    """The pavilion list's columns with the exhibitor count after the capacity."""
    columns = list(columns)
    columns.insert(columns.index("capacity") + 1, "exhibitor_count")
    return columns


admin.site.unregister(Pavilion)


@admin.register(Pavilion)
class PavilionAdmin(OutcomePages, FloorActions, events_admin.PavilionAdmin):
    list_display = _with_exhibitor_count(events_admin.PavilionAdmin.list_display)
    inlines = [CriterionInline, *events_admin.PavilionAdmin.inlines, ExhibitorInline]
    # The links to the floor plan and the outcome dashboard above the pavilion's form.
    change_form_template = "admin/exhibitors/pavilion_change_form.html"
    actions = ["generate_booths", "allocate_booths", "publish_results", "unpublish_results"]

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(exhibitor_count=Count("exhibitors"))

    @admin.display(description=_("exhibitors"), ordering="exhibitor_count")
    def exhibitor_count(self, obj):
        return obj.exhibitor_count

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<int:object_id>/floor-plan/",
                self.admin_site.admin_view(self.floor_plan_view),
                name="{}_{}_floor_plan".format(*info),
            ),
            path(
                "<int:object_id>/dashboard/",
                self.admin_site.admin_view(self.dashboard_view),
                name="{}_{}_dashboard".format(*info),
            ),
            path(
                "<int:object_id>/dashboard/publish-revised/",
                self.admin_site.admin_view(self.publish_revised_view),
                name="{}_{}_publish_revised".format(*info),
            ),
            path(
                "<int:object_id>/dashboard.xlsx",
                self.admin_site.admin_view(self.dashboard_xlsx),
                name="{}_{}_dashboard_xlsx".format(*info),
            ),
            *super().get_urls(),
        ]

    def get_inlines(self, request, obj):
        if obj is None:  # the default criteria are created with the pavilion
            return [inline for inline in self.inlines if inline is not CriterionInline]
        return self.inlines

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        if any(formset.model is Criterion and formset.has_changed() for formset in formsets):
            reviews.totals_recompute(form.instance)
