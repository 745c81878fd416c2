"""The ranking page's list filters: pavilion, theme, status, pending decision."""

from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.utils.translation import gettext_lazy as _

from exhibitors.applications import selectors
from exhibitors.applications.models import REVIEWABLE_STATES, ApplicationStatus, Decision


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
