"""Each pavilion's matchmaking rules (:class:`MeetingSettings`)."""

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from exhibitors.buyers.admin_meetings.common import PavilionChoiceMixin
from exhibitors.buyers.models import MeetingSettings
from portal.admin_history import AuditedAdmin

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
