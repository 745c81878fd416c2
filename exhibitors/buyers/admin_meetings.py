"""Meetings in the back office: each pavilion's matchmaking rules (:class:`MeetingSettings`),
its meeting slots and places with the pages that generate them (:mod:`exhibitors.buyers.slots`),
and the list of meetings, read only: a meeting changes through the meeting services, never by
editing its row. The matchmaking board is :mod:`exhibitors.buyers.admin_board`.

Who: the programme manager sets the rules, generates slots and places and reads the meetings;
the floor manager keeps the places (booths and lounge tables) and sees the slots; reporting
reads the meetings and the board (``0027_meeting_permissions``). A superuser has every
permission.
"""

import datetime
import re
import zoneinfo

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import formats
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from events.models import Pavilion
from exhibitors.buyers import admin_board, slots
from exhibitors.buyers.models import (
    BOOKED_STATUSES,
    Meeting,
    MeetingPlace,
    MeetingPlaceKind,
    MeetingSettings,
    MeetingSlot,
)
from portal.admin_history import AuditedAdmin


def _pavilions():
    return Pavilion.objects.with_event().order_by("-event__starts_on", "name_en")


def expo_time(moment: datetime.datetime | None, pavilion: Pavilion) -> str:
    """``moment`` in the expo's own time zone, as the page's language writes a date and time."""
    if moment is None:
        return "—"
    local = moment.astimezone(pavilion.event.zone)
    return formats.date_format(local.replace(tzinfo=None), "SHORT_DATETIME_FORMAT")


class PavilionChoiceMixin:
    """The pavilion of a form as a short list with the events read in the same query."""

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "pavilion":
            kwargs["queryset"] = _pavilions()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


# Settings --------------------------------------------------------------------------------------


@admin.register(MeetingSettings)
class MeetingSettingsAdmin(PavilionChoiceMixin, AuditedAdmin):
    history_select_related = ["pavilion__event"]
    list_display = [
        "pavilion",
        "meeting_minutes",
        "request_expiry_days",
        "max_per_buyer_per_day",
        "max_per_exhibitor_per_day",
        "requests_open",
        "slot_links",
    ]
    list_select_related = ["pavilion__event"]
    list_filter = ["requests_open", "pavilion__event"]
    search_fields = ["pavilion__name_en", "pavilion__name_ko", "pavilion__event__name_en"]
    show_facets = admin.ShowFacets.NEVER
    fields = [
        "pavilion",
        "meeting_minutes",
        "request_expiry_days",
        ("max_per_buyer_per_day", "max_per_exhibitor_per_day"),
        "requests_open",
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["pavilion"] if obj is not None else []

    @admin.display(description=gettext_lazy("slots and places"))
    def slot_links(self, obj):
        query = f"?pavilion={obj.pavilion_id}"
        return format_html(
            '<a href="{}">{}</a> · <a href="{}">{}</a> · <a href="{}">{}</a>',
            reverse("admin:exhibitors_meetingslot_generate") + query,
            _("Generate meeting slots"),
            reverse("admin:exhibitors_meetingplace_generate") + query,
            _("Generate meeting places"),
            reverse("admin:exhibitors_meeting_board", args=[obj.pavilion_id]),
            _("Matchmaking board"),
        )


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


class DayFilter(admin.SimpleListFilter):
    """A day of the chosen pavilion's expo, in the expo's time zone (a day in Barcelona is not a
    day in Seoul)."""

    title = gettext_lazy("day (expo time)")
    parameter_name = "day"
    #: The path from the admin's model to its slot.
    slot_path = "self"

    def _slots(self, request):
        """(slot id, local start) of the chosen pavilion's slots: the days are offered once a
        pavilion is chosen (every pavilion's slots over the years would be a long list)."""
        pavilion = request.GET.get("pavilion__id__exact", "")
        if not pavilion.isdigit():
            return []
        slots_ = MeetingSlot.objects.filter(pavilion_id=int(pavilion)).values_list(
            "pk", "starts_at", "pavilion__event__time_zone"
        )
        return [
            (pk, starts_at.astimezone(zoneinfo.ZoneInfo(name))) for pk, starts_at, name in slots_
        ]

    def lookups(self, request, model_admin):
        days = sorted({local.date() for _pk, local in self._slots(request)})
        return [(day.isoformat(), formats.date_format(day, "DATE_FORMAT")) for day in days]

    def queryset(self, request, queryset):
        if not self.value():
            return queryset
        ids = [pk for pk, local in self._slots(request) if local.date().isoformat() == self.value()]
        field = "pk__in" if self.slot_path == "self" else f"{self.slot_path}__in"
        return queryset.filter(**{field: ids})


@admin.register(MeetingSlot)
class MeetingSlotAdmin(admin.ModelAdmin):
    """Slots are generated (:meth:`generate_view`), never typed one by one, and never changed:
    delete them and generate again. A slot with meetings cannot be deleted (the meetings
    protect it)."""

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

    def has_generate_permission(self, request):
        return request.user.has_perm("exhibitors.add_meetingslot")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "may_generate": self.has_generate_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "generate/",
                self.admin_site.admin_view(self.generate_view),
                name="exhibitors_meetingslot_generate",
            ),
            *super().get_urls(),
        ]

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


def _chosen_pavilion(request):
    value = request.GET.get("pavilion", "")
    if not value.isdigit():
        return None
    return get_object_or_404(Pavilion.objects.with_event(), pk=int(value))


def _settings_url(settings, pavilion):
    if settings is not None:
        return reverse("admin:exhibitors_meetingsettings_change", args=[settings.pk])
    return reverse("admin:exhibitors_meetingsettings_add") + f"?pavilion={pavilion.pk}"


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
class MeetingPlaceAdmin(PavilionChoiceMixin, admin.ModelAdmin):
    form = MeetingPlaceForm
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

    def has_generate_permission(self, request):
        return request.user.has_perm("exhibitors.add_meetingplace")

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "may_generate": self.has_generate_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        return [
            path(
                "generate/",
                self.admin_site.admin_view(self.generate_view),
                name="exhibitors_meetingplace_generate",
            ),
            *super().get_urls(),
        ]

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


# Meetings --------------------------------------------------------------------------------------


class MeetingDayFilter(DayFilter):
    slot_path = "slot"


@admin.register(Meeting)
class MeetingAdmin(AuditedAdmin):
    """The meetings, read only: their status changes through the meeting services (the
    buyer's and the exhibitor's pages, or staff scheduling on someone's behalf)."""

    history_select_related = [
        "pavilion__event",
        "buyer",
        "exhibitor__company",
        "exhibitor__pavilion__event",
        "slot",
        "place",
    ]
    list_display = [
        "buyer",
        "exhibitor_company",
        "status",
        "slot_time",
        "place",
        "pavilion",
        "requested_at",
    ]
    list_select_related = ["pavilion__event", "buyer", "exhibitor__company", "slot", "place"]
    list_filter = [
        ("pavilion", admin.RelatedOnlyFieldListFilter),
        "status",
        MeetingDayFilter,
    ]
    search_fields = [
        "buyer__organisation",
        "buyer__contact_name",
        "buyer__user__email",
        "exhibitor__company__name_ko",
        "exhibitor__company__name_en",
    ]
    search_help_text = gettext_lazy("Buyer's organisation, name or e-mail, or exhibitor's name")
    list_per_page = 100
    show_facets = admin.ShowFacets.NEVER
    fieldsets = [
        (None, {"fields": ["pavilion", "buyer", "exhibitor", "status"]}),
        (
            gettext_lazy("Request"),
            {"fields": ["requested_slot", "reason", "requested_by", "requested_at", "expires_at"]},
        ),
        (gettext_lazy("Time and place"), {"fields": ["slot", "place", "answer"]}),
        (
            gettext_lazy("Changes"),
            {"fields": ["changed_at", "changed_by", "reminded_at", "version"]},
        ),
    ]

    def get_readonly_fields(self, request, obj=None):
        return [name for _title, options in self.fieldsets for name in options["fields"]]

    @admin.display(description=gettext_lazy("exhibitor"), ordering="exhibitor__company__name_ko")
    def exhibitor_company(self, obj):
        return obj.exhibitor.company

    @admin.display(description=gettext_lazy("time (expo time)"), ordering="slot__starts_at")
    def slot_time(self, obj):
        if obj.slot is None:
            return "—"
        return expo_time(obj.slot.starts_at, obj.pavilion)

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    def add_view(self, request, form_url="", extra_context=None):
        """Adding a meeting is scheduling it on someone's behalf (``add_meeting``), through
        the meeting service: :func:`admin_board.schedule_view`."""
        return admin_board.schedule_view(self, request)

    def get_urls(self):
        return [
            path(
                "board/<int:pavilion_id>/",
                self.admin_site.admin_view(self.board_view),
                name="exhibitors_meeting_board",
            ),
            *super().get_urls(),
        ]

    def board_view(self, request, pavilion_id):
        return admin_board.board_view(self, request, pavilion_id)
