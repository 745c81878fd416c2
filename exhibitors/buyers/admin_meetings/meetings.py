"""The list of meetings, read only; adding one is scheduling it (:mod:`exhibitors.buyers.admin_board`)."""

from django.contrib import admin
from django.urls import path
from django.utils.translation import gettext_lazy

from exhibitors.buyers import admin_board
from exhibitors.buyers.admin_meetings.common import DayFilter, expo_time
from exhibitors.buyers.models import Meeting
from portal.admin_history import AuditedAdmin

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
