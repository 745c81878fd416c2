"""Booths in the admin: the floor manager's list of booths, the form that places a booth and
its holder, and the layout's import and export; the actions that offer, release, generate and
allocate are :mod:`exhibitors.floor.admin_actions`.

Every write goes through :mod:`exhibitors.floor.services` and every read that is more than a
lookup through :mod:`exhibitors.floor.selectors`. The form asks the service what it would refuse
(``booth_place_refusals``, under the pavilion's lock) inside the admin's own transaction, so
each refusal appears on its field with what was typed; ``booth_place`` then writes in the same
transaction. Changing the floor needs ``events.allocate_booths`` (floor managers; a superuser
has every permission).
"""

from django import forms
from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export.admin import ImportExportMixin

from events.models import Pavilion
from exhibitors.companies.models import Exhibitor
from exhibitors.floor import selectors
from exhibitors.floor import services as booths
from exhibitors.floor.admin_actions import BoothActions, ExhibitorChoiceField
from exhibitors.floor.models import Booth
from exhibitors.floor.resources import BoothResource
from portal.admin_history import AuditedAdmin
from portal.adminlists import QuickActionCheckbox
from portal.numbers import plain
from portal.spreadsheets import EXPORT_FORMATS, IMPORT_FORMATS, SpreadsheetAdminMixin


def can_allocate(user):
    """Lay out the floor and allocate booths: floor managers (and superusers)."""
    return user.has_perm("events.allocate_booths")


# The list --------------------------------------------------------------------------------------


class OccupancyFilter(admin.SimpleListFilter):
    title = gettext_lazy("allocation")
    parameter_name = "occupancy"

    def lookups(self, request, model_admin):
        return [
            ("free", _("Free")),
            ("offered", _("Offered")),
            ("allocated", _("Allocated")),
            ("by_hand", _("Allocated by hand")),
        ]

    def queryset(self, request, queryset):
        return selectors.booths_by_occupancy(queryset, self.value(), now=timezone.now())


# The form --------------------------------------------------------------------------------------


class BoothAdminForm(forms.ModelForm):
    """A booth and its holder. The holder can be any exhibitor of the booth's pavilion; the
    rules (floor, kind, one company booth each, offers) are checked in :meth:`clean` under the
    pavilion's lock, and the admin saves through the services."""

    #: A refusal of the services that got past :meth:`clean` (the admin shows the form again).
    refusal = None

    class Meta:
        model = Booth
        fields = ["pavilion", "code", "kind", "x", "y", "width", "depth", "holder"]
        field_classes = {"holder": ExhibitorChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "holder" in self.fields:
            pavilion_id = self.instance.pavilion_id or self._chosen_pavilion_id()
            field = self.fields["holder"]
            if pavilion_id:
                field.queryset = selectors.pavilion_exhibitors(pavilion_id)
                field.help_text = _(
                    "A confirmed exhibitor of this pavilion: a company in a company booth, a "
                    "district in a district booth. Empty: the booth is free."
                )
            else:
                field.queryset = Exhibitor.objects.none()
                field.help_text = _(
                    "Choose the pavilion and save the booth first; then choose its holder."
                )
            # The page carries the holder it showed: a holder changed by someone else since
            # is not overwritten unseen.
            field.show_hidden_initial = True

    def _chosen_pavilion_id(self):
        value = self.data.get("pavilion") if self.is_bound else self.initial.get("pavilion")
        value = str(getattr(value, "pk", value) or "")
        return int(value) if value.isdigit() else None

    def _pavilion(self):
        if "pavilion" in self.fields:
            return self.cleaned_data.get("pavilion")
        return self.instance.pavilion if self.instance.pavilion_id else None

    def clean(self):
        cleaned = super().clean()
        if self.refusal is not None:
            self._add_refusals(self.refusal.errors or {None: self.refusal.message})
            return cleaned
        pavilion = self._pavilion()
        placed = ["code", "kind", "x", "y", "width", "depth"]
        if pavilion is None or any(cleaned.get(name) is None for name in placed):
            return cleaned  # the missing fields are reported already
        candidate = Booth(pk=self.instance.pk, pavilion=pavilion, **{n: cleaned[n] for n in placed})
        # The service locks the pavilion until the admin's transaction ends, after the save:
        # the booth is read, checked and written without anyone else changing the floor.
        if "holder" in self.changed_data:
            refusals = booths.booth_place_refusals(
                booth=candidate,
                holder=cleaned.get("holder"),
                seen_holder_id=self._seen_holder_id(),
            )
        else:
            refusals = booths.booth_place_refusals(booth=candidate)
        self._add_refusals(refusals)
        return cleaned

    def _seen_holder_id(self):
        """The holder shown when the page was opened (the hidden initial value)."""
        value = str(self.data.get(self.add_initial_prefix("holder")) or "")
        return int(value) if value.isdigit() else None

    def _add_refusals(self, problems):
        for name, message in problems.items():
            self.add_error(name if name in self.fields else None, message)


class _Refused(Exception):
    """A :class:`booths.BoothRefused` raised while saving: the admin's transaction is rolled
    back and the form shown again with the refusal."""

    def __init__(self, error):
        super().__init__(error.message)
        self.error = error


# The admin -------------------------------------------------------------------------------------


@admin.register(Booth)
class BoothAdmin(
    BoothActions, QuickActionCheckbox, SpreadsheetAdminMixin, ImportExportMixin, AuditedAdmin
):
    history_select_related = [
        "pavilion__event",
        "holder__company",
        "holder__pavilion__event",
        "held_for__company",
        "held_for__pavilion__event",
    ]
    form = BoothAdminForm
    actions = ["offer", "release", "generate_layout", "allocate_automatically"]
    resource_classes = [BoothResource]
    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    list_display = [
        "code",
        "pavilion",
        "kind",
        "x",
        "y",
        "width",
        "depth",
        "area_display",
        "holder_display",
        "placed_by_hand",
        "offered_to_display",
        "hold_expires_at",
    ]
    list_select_related = ["pavilion__event", "holder__company", "held_for__company"]
    list_filter = ["pavilion__event", "kind", OccupancyFilter]
    search_fields = ["code", "holder__company__name_ko", "holder__company__name_en"]
    search_help_text = gettext_lazy("Booth code or the holder's name")
    ordering = ["-pavilion__event__starts_on", "pavilion__slug", "code"]
    list_per_page = 100
    show_facets = admin.ShowFacets.NEVER
    fieldsets = [
        (None, {"fields": ["pavilion", ("code", "kind")]}),
        (
            gettext_lazy("On the floor (metres from its top-left corner)"),
            {"fields": [("x", "y"), ("width", "depth")]},
        ),
        (
            gettext_lazy("Holder"),
            {"fields": ["holder", "placed_by_hand", ("held_for", "hold_expires_at")]},
        ),
    ]

    # Permissions: seeing needs view_booth; changing the floor also allocate_booths ----------

    def has_add_permission(self, request):
        return super().has_add_permission(request) and can_allocate(request.user)

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and can_allocate(request.user)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and can_allocate(request.user)

    def has_allocate_booths_permission(self, request):
        return can_allocate(request.user)

    def has_import_permission(self, request):
        return can_allocate(request.user)

    def has_export_permission(self, request):
        return can_allocate(request.user)

    # The form ------------------------------------------------------------------------------

    def get_readonly_fields(self, request, obj=None):
        fixed = ["placed_by_hand", "held_for", "hold_expires_at"]
        return ["pavilion", *fixed] if obj is not None else fixed

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change, **kwargs)
        refusal = getattr(request, "_booth_refusal", None)
        if refusal is not None:
            form = type(form.__name__, (form,), {"refusal": refusal})
        return form

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "pavilion":
            kwargs["queryset"] = Pavilion.objects.select_related("event").order_by(
                "-event__starts_on", "slug"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except _Refused as refused:
            # Rolled back: the same page again, as typed, with the refusal on the form.
            request._booth_refusal = refused.error
            return super().changeform_view(request, object_id, form_url, extra_context)

    def save_model(self, request, obj, form, change):
        """The booth and, if the form changed it, its holder, through ``booth_place``."""
        holder = form.cleaned_data.get("holder")
        try:
            if "holder" in form.changed_data:
                booths.booth_place(booth=obj, holder=holder)
            else:
                booths.booth_place(booth=obj)
        except booths.BoothRefused as error:
            raise _Refused(error) from error

    # The list ------------------------------------------------------------------------------

    @admin.display(description=gettext_lazy("area (m²)"))
    def area_display(self, obj):
        return plain(obj.area)

    @admin.display(description=gettext_lazy("holder"), ordering="holder__company__name_ko")
    def holder_display(self, obj):
        return obj.holder.company if obj.holder_id else ""

    @admin.display(description=gettext_lazy("offered to"), ordering="held_for__company__name_ko")
    def offered_to_display(self, obj):
        return obj.held_for.company if obj.held_for_id else ""
