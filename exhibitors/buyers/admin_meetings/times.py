"""The meeting slots, generated per pavilion from its expo days and time blocks
(:func:`slots.meeting_slots_generate`)."""

import datetime
import re

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from events.models import Pavilion
from exhibitors.buyers import slots
from exhibitors.buyers.admin_meetings.common import (
    DayFilter,
    GeneratePageMixin,
    _chosen_pavilion,
    _pavilions,
    _settings_url,
    expo_time,
)
from exhibitors.buyers.models import BOOKED_STATUSES, MeetingSettings, MeetingSlot

# Slots -----------------------------------------------------------------------------------------

BLOCK = re.compile(r"^\s*(\d{1,2}):(\d{2})\s*[-–~]\s*(\d{1,2}):(\d{2})\s*$")


class SlotsGenerateForm(forms.Form):
    days = forms.TypedMultipleChoiceField(
        label=gettext_lazy("expo days"),
        widget=forms.CheckboxSelectMultiple,
        coerce=datetime.date.fromisoformat,
    )
    blocks = forms.CharField(
        label=gettext_lazy("time blocks"),
        max_length=200,
        initial="10:00-12:00, 14:00-17:00",
        help_text=gettext_lazy(
            "In the expo's local time, separated by commas, e.g. 10:00-12:00, 14:00-17:00."
        ),
    )

    def __init__(self, *args, pavilion: Pavilion, **kwargs):
        super().__init__(*args, **kwargs)
        event = pavilion.event
        days = [
            event.starts_on + datetime.timedelta(days=n)
            for n in range((event.ends_on - event.starts_on).days + 1)
        ]
        self.fields["days"].choices = [
            (day.isoformat(), formats.date_format(day, "DATE_FORMAT")) for day in days
        ]
        self.fields["days"].initial = [day.isoformat() for day in days]

    def clean_blocks(self):
        blocks = []
        for text in self.cleaned_data["blocks"].split(","):
            if not text.strip():
                continue
            match = BLOCK.match(text)
            try:
                if match is None:
                    raise ValueError
                h1, m1, h2, m2 = (int(part) for part in match.groups())
                blocks.append(slots.TimeBlock(datetime.time(h1, m1), datetime.time(h2, m2)))
            except ValueError:
                raise forms.ValidationError(
                    _("“%(text)s” is not a time block; write it as 10:00-12:00.")
                    % {"text": text.strip()}
                ) from None
        if not blocks:
            raise forms.ValidationError(_("Give at least one time block."))
        return blocks


@admin.register(MeetingSlot)
class MeetingSlotAdmin(GeneratePageMixin, admin.ModelAdmin):
    """Slots are generated (:meth:`generate_view`), never typed one by one, and never changed:
    delete them and generate again. A slot with meetings cannot be deleted (the meetings
    protect it)."""

    generate_permission = "exhibitors.add_meetingslot"
    list_display = ["slot_starts", "slot_ends", "pavilion", "booked"]
    list_select_related = ["pavilion__event"]
    list_filter = [("pavilion", admin.RelatedOnlyFieldListFilter), DayFilter]
    ordering = ["pavilion", "starts_at"]
    list_per_page = 100
    show_facets = admin.ShowFacets.NEVER
    fields = ["pavilion", "slot_starts", "slot_ends"]
    readonly_fields = ["slot_starts", "slot_ends"]
    change_list_template = "admin/exhibitors/meetingslot/change_list.html"

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .annotate(
                booked_count=Count("meetings", filter=Q(meetings__status__in=BOOKED_STATUSES))
            )
        )

    @admin.display(description=gettext_lazy("starts (expo time)"), ordering="starts_at")
    def slot_starts(self, obj):
        return expo_time(obj.starts_at, obj.pavilion)

    @admin.display(description=gettext_lazy("ends (expo time)"))
    def slot_ends(self, obj):
        return expo_time(obj.ends_at, obj.pavilion)

    @admin.display(description=gettext_lazy("booked meetings"), ordering="booked_count")
    def booked(self, obj):
        return obj.booked_count

    def has_add_permission(self, request):
        return False  # generate_view

    def has_change_permission(self, request, obj=None):
        return False

    def generate_view(self, request):
        """Pick a pavilion (``?pavilion=``), then its expo days and time blocks; the slots are
        made by :func:`slots.meeting_slots_generate` and the page goes to the pavilion's slots."""
        if not self.has_generate_permission(request):
            raise PermissionDenied
        pavilion = _chosen_pavilion(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Generate meeting slots"),
            "pavilion": pavilion,
            "pavilions": _pavilions() if pavilion is None else [],
        }
        if pavilion is None:
            return TemplateResponse(request, "admin/exhibitors/meetingslot/generate.html", context)
        settings = MeetingSettings.objects.filter(pavilion=pavilion).first()
        form = SlotsGenerateForm(request.POST or None, pavilion=pavilion)
        if request.method == "POST" and form.is_valid():
            try:
                result = slots.meeting_slots_generate(
                    pavilion=pavilion,
                    days=form.cleaned_data["days"],
                    blocks=form.cleaned_data["blocks"],
                )
            except slots.SlotsRefused as refusal:
                for name, message in refusal.errors.items():
                    form.add_error(name, message)
                if not refusal.errors:
                    form.add_error(None, refusal.message)
            else:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)s meeting slot added",
                        "%(count)s meeting slots added",
                        len(result.created),
                    )
                    % {"count": len(result.created)}
                    + "; "
                    + ngettext(
                        "%(count)s was there already.",
                        "%(count)s were there already.",
                        len(result.kept),
                    )
                    % {"count": len(result.kept)},
                    messages.SUCCESS if result.created else messages.WARNING,
                )
                changelist = reverse("admin:exhibitors_meetingslot_changelist")
                return HttpResponseRedirect(f"{changelist}?pavilion__id__exact={pavilion.pk}")
        context.update(
            {
                "subtitle": str(pavilion),
                "form": form,
                "settings": settings,
                "zone": pavilion.event.time_zone,
                "slot_count": MeetingSlot.objects.filter(pavilion=pavilion).count(),
                "settings_url": _settings_url(settings, pavilion),
            }
        )
        return TemplateResponse(request, "admin/exhibitors/meetingslot/generate.html", context)
