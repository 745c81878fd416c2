"""The meeting places: the booths that hold an exhibitor and the lounge tables
(:func:`slots.meeting_places_generate`)."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from exhibitors.buyers import slots
from exhibitors.buyers.admin_meetings.common import (
    GeneratePageMixin,
    PavilionChoiceMixin,
    _chosen_pavilion,
    _pavilions,
)
from exhibitors.buyers.models import BOOKED_STATUSES, MeetingPlace, MeetingPlaceKind

# Places ----------------------------------------------------------------------------------------


class PlacesGenerateForm(forms.Form):
    lounge_tables = forms.IntegerField(
        label=gettext_lazy("tables in the meeting lounge"),
        min_value=0,
        max_value=slots.MAX_LOUNGE_TABLES,
        help_text=gettext_lazy(
            'They are named "Lounge table 1", "Lounge table 2"... Existing tables are kept.'
        ),
    )


class MeetingPlaceForm(forms.ModelForm):
    class Meta:
        model = MeetingPlace
        fields = ["pavilion", "kind", "booth", "label"]

    def clean(self):
        cleaned = super().clean()
        pavilion, booth = cleaned.get("pavilion"), cleaned.get("booth")
        if pavilion is not None and booth is not None and booth.pavilion_id != pavilion.pk:
            self.add_error("booth", _("This booth is on another pavilion's floor."))
        return cleaned


@admin.register(MeetingPlace)
class MeetingPlaceAdmin(GeneratePageMixin, PavilionChoiceMixin, admin.ModelAdmin):
    form = MeetingPlaceForm
    generate_permission = "exhibitors.add_meetingplace"
    list_display = ["label", "kind", "booth", "pavilion", "booked"]
    list_select_related = ["pavilion__event", "booth"]
    list_filter = [("pavilion", admin.RelatedOnlyFieldListFilter), "kind"]
    search_fields = ["label", "booth__code"]
    search_help_text = gettext_lazy("Name or booth code")
    list_per_page = 100
    show_facets = admin.ShowFacets.NEVER
    fields = ["pavilion", "kind", "booth", "label"]
    autocomplete_fields = ["booth"]
    change_list_template = "admin/exhibitors/meetingplace/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                booked_count=Count("meetings", filter=Q(meetings__status__in=BOOKED_STATUSES))
            )
        )

    @admin.display(description=gettext_lazy("booked meetings"), ordering="booked_count")
    def booked(self, obj):
        return obj.booked_count

    def generate_view(self, request):
        """Pick a pavilion (``?pavilion=``), then how many lounge tables it has; every booth
        that holds an exhibitor becomes a place too (:func:`slots.meeting_places_generate`)."""
        if not self.has_generate_permission(request):
            raise PermissionDenied
        pavilion = _chosen_pavilion(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Generate meeting places"),
            "pavilion": pavilion,
            "pavilions": _pavilions() if pavilion is None else [],
        }
        if pavilion is None:
            return TemplateResponse(request, "admin/exhibitors/meetingplace/generate.html", context)
        places = MeetingPlace.objects.filter(pavilion=pavilion)
        tables = places.filter(kind=MeetingPlaceKind.LOUNGE).count()
        form = PlacesGenerateForm(request.POST or None, initial={"lounge_tables": tables})
        if request.method == "POST" and form.is_valid():
            try:
                result = slots.meeting_places_generate(
                    pavilion=pavilion, lounge_tables=form.cleaned_data["lounge_tables"]
                )
            except slots.SlotsRefused as refusal:
                for name, message in refusal.errors.items():
                    form.add_error(name if name in form.fields else None, message)
                if not refusal.errors:
                    form.add_error(None, refusal.message)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)s meeting place added",
                        "%(count)s meeting places added",
                        len(result.created),
                    )
                    % {"count": len(result.created)}
                    + "; "
                    + ngettext(
                        "%(count)s was there already.",
                        "%(count)s were there already.",
                        result.kept,
                    )
                    % {"count": result.kept},
                    messages.SUCCESS if result.created else messages.WARNING,
                )
                changelist = reverse("admin:exhibitors_meetingplace_changelist")
                return HttpResponseRedirect(f"{changelist}?pavilion__id__exact={pavilion.pk}")
        context.update(
            {
                "subtitle": str(pavilion),
                "form": form,
                "booth_places": places.filter(kind=MeetingPlaceKind.BOOTH).count(),
                "lounge_tables": tables,
            }
        )
        return TemplateResponse(request, "admin/exhibitors/meetingplace/generate.html", context)
