"""The back office of events: series, editions, themes, pavilions and side events.

The pavilion's page here knows nothing of exhibitors: ``exhibitors.admin_pavilions`` registers
a subclass of :class:`PavilionAdmin` in its place, adding the exhibitors, the review criteria,
the floor plan, the booth actions and the outcome dashboard."""

from django.contrib import admin
from django.db.models import Count
from django.utils.translation import gettext_lazy as _

from events.models import Event, Pavilion, Series, SideEvent, Theme
from portal.admin_input import HTTPS_URLS, AddressInitialAdminMixin
from portal.numbers import plain


@admin.register(Series)
class SeriesAdmin(admin.ModelAdmin):
    formfield_overrides = HTTPS_URLS
    list_display = ["short_name", "name_en", "name_ko", "event_count"]
    search_fields = ["short_name", "name_en", "name_ko"]
    prepopulated_fields = {"slug": ["short_name"]}

    def get_queryset(self, request):
        return super().get_queryset(request).annotate(event_count=Count("events"))

    @admin.display(description=_("editions"), ordering="event_count")
    def event_count(self, obj):
        return obj.event_count


class ThemeInline(admin.TabularInline):
    model = Theme
    extra = 0
    fields = ["position", "name_en", "name_ko"]


class PavilionInline(admin.StackedInline):
    model = Pavilion
    extra = 0
    show_change_link = True
    fieldsets = [
        (None, {"fields": [("name_en", "name_ko", "slug"), ("organiser_en", "organiser_ko")]}),
        (
            _("Floor and places"),
            {"fields": [("floor_width_m", "floor_depth_m", "floor_area_m2", "capacity")]},
        ),
        (
            _("Deadlines"),
            {
                "fields": [
                    ("applications_open_at", "applications_close_at"),
                    ("confirmation_deadline", "report_deadline"),
                ]
            },
        ),
    ]


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["name_en", "series", "city_en", "starts_on", "ends_on", "usd_krw_rate"]
    list_select_related = ["series"]
    list_filter = ["series", "country"]
    search_fields = ["name_en", "name_ko", "slug", "city_en", "city_ko"]
    date_hierarchy = "starts_on"
    prepopulated_fields = {"slug": ["name_en"]}
    inlines = [ThemeInline, PavilionInline]
    fieldsets = [
        (None, {"fields": ["series", ("name_en", "name_ko"), "slug"]}),
        (
            _("Place and dates"),
            {"fields": [("city_en", "city_ko", "country"), "venue", ("starts_on", "ends_on")]},
        ),
        (
            _("Facts"),
            {
                "fields": [
                    "headline_theme",
                    "usd_krw_rate",
                    ("participants", "participant_countries", "visitors"),
                ]
            },
        ),
    ]


class SideEventInline(admin.TabularInline):
    model = SideEvent
    extra = 0
    fields = ["kind", "name_en", "name_ko", "starts_at", "place"]


@admin.register(Pavilion)
class PavilionAdmin(AddressInitialAdminMixin, admin.ModelAdmin):
    list_display = [
        "name_en",
        "event",
        "floor_area",
        "capacity",
        "applications_open_at",
        "applications_close_at",
        "call_state_display",
    ]
    list_select_related = ["event"]
    list_filter = ["event__series", "event"]
    search_fields = ["name_en", "name_ko", "event__name_en", "event__slug"]
    date_hierarchy = "applications_close_at"
    autocomplete_fields = ["event"]
    inlines = [SideEventInline]
    fieldsets = [
        (None, {"fields": ["event", ("name_en", "name_ko", "slug")]}),
        (
            _("Organiser and description"),
            {"fields": [("organiser_en", "organiser_ko"), "description_en", "description_ko"]},
        ),
        (
            _("Floor and places"),
            {"fields": [("floor_width_m", "floor_depth_m", "floor_area_m2"), "capacity"]},
        ),
        (
            _("Deadlines (Korea time)"),
            {
                "fields": [
                    ("applications_open_at", "applications_close_at"),
                    "confirmation_deadline",
                    "report_deadline",
                    "rolling_admission",
                ]
            },
        ),
        (
            _("For applicants (public pavilion page)"),
            {
                "fields": [
                    ("eligibility_en", "eligibility_ko"),
                    ("benefits_en", "benefits_ko"),
                    ("contact_name", "contact_email", "contact_phone"),
                ]
            },
        ),
    ]

    @admin.display(description=_("floor"), ordering="floor_area_m2")
    def floor_area(self, obj):
        return _("%(m2)s m² (%(pyeong)s pyeong)") % {
            "m2": plain(obj.floor_area_m2),
            "pyeong": obj.floor_area_pyeong,
        }

    @admin.display(description=_("call"))
    def call_state_display(self, obj):
        return obj.call_state().label


@admin.register(Theme)
class ThemeAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ko", "event", "position"]
    list_select_related = ["event"]
    list_filter = ["event__series", "event"]
    search_fields = ["name_en", "name_ko"]


@admin.register(SideEvent)
class SideEventAdmin(admin.ModelAdmin):
    list_display = ["name_en", "name_ko", "kind", "pavilion", "starts_at", "place"]
    list_select_related = ["pavilion__event"]
    list_filter = ["kind", "pavilion__event"]
    search_fields = ["name_en", "name_ko", "place"]
    date_hierarchy = "starts_at"
