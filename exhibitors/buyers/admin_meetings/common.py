"""What the meetings' admin pages share: the pavilion choice, the expo's time, the day filter."""

import datetime
import zoneinfo

from django.contrib import admin
from django.shortcuts import get_object_or_404
from django.urls import path, reverse
from django.utils import formats
from django.utils.translation import gettext_lazy

from events.models import Pavilion
from exhibitors.buyers.models import MeetingSlot


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


def _chosen_pavilion(request):
    value = request.GET.get("pavilion", "")
    if not value.isdigit():
        return None
    return get_object_or_404(Pavilion.objects.with_event(), pk=int(value))


def _settings_url(settings, pavilion):
    if settings is not None:
        return reverse("admin:exhibitors_meetingsettings_change", args=[settings.pk])
    return reverse("admin:exhibitors_meetingsettings_add") + f"?pavilion={pavilion.pk}"


class GeneratePageMixin:
    """A model admin with a "generate" page of its own (``generate_view``, at ``generate/``,
    named ``<app>_<model>_generate``), offered on the list to those with
    :attr:`generate_permission`."""

    generate_permission = ""

    def has_generate_permission(self, request):
        return request.user.has_perm(self.generate_permission)

    def changelist_view(self, request, extra_context=None):
        extra_context = {
            "may_generate": self.has_generate_permission(request),
            **(extra_context or {}),
        }
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        opts = self.model._meta
        return [
            path(
                "generate/",
                self.admin_site.admin_view(self.generate_view),
                name=f"{opts.app_label}_{opts.model_name}_generate",
            ),
            *super().get_urls(),
        ]
