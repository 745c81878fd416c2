"""The review criteria of a pavilion; every change recomputes the submitted reviews' totals."""

from django.contrib import admin

from exhibitors.applications import reviews
from exhibitors.applications.forms import CriterionForm
from exhibitors.applications.models import Criterion
from portal.admin_input import AddressInitialAdminMixin


@admin.register(Criterion)
class CriterionAdmin(AddressInitialAdminMixin, admin.ModelAdmin):
    form = CriterionForm
    list_display = ["name_en", "name_ko", "pavilion", "position", "weight", "scale_max"]
    list_select_related = ["pavilion__event"]
    list_filter = ["pavilion__event__series", "pavilion__event"]
    search_fields = ["name_en", "name_ko", "pavilion__name_en", "pavilion__event__name_en"]
    ordering = ["pavilion", "position", "pk"]
    autocomplete_fields = ["pavilion"]
    fields = [
        "pavilion",
        "position",
        ("name_en", "name_ko"),
        "description_en",
        "description_ko",
        ("weight", "scale_max"),
    ]

    def get_readonly_fields(self, request, obj=None):
        return ["pavilion"] if obj else []

    # Every change to a pavilion's criteria recomputes its submitted reviews' totals.

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        reviews.totals_recompute(obj.pavilion)

    def delete_model(self, request, obj):
        pavilion = obj.pavilion
        super().delete_model(request, obj)
        reviews.totals_recompute(pavilion)

    def delete_queryset(self, request, queryset):
        pavilions = {criterion.pavilion for criterion in queryset.select_related("pavilion")}
        super().delete_queryset(request, queryset)
        for pavilion in pavilions:
            reviews.totals_recompute(pavilion)
