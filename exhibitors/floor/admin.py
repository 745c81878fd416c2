"""Booths in the admin: the floor manager's list of booths, the form that places a booth and
its holder, the actions that offer, release, generate and allocate, and the layout's import
and export.

Every write goes through :mod:`exhibitors.floor.services` and every read that is more than a
lookup through :mod:`exhibitors.floor.selectors`. The form asks the service what it would refuse
(``booth_place_refusals``, under the pavilion's lock) inside the admin's own transaction, so
each refusal appears on its field with what was typed; ``booth_place`` then writes in the same
transaction. Changing the floor needs ``events.allocate_booths`` (floor managers; a superuser
has every permission).
"""

import datetime
from decimal import Decimal

from django import forms
from django.contrib import admin, messages
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from import_export.admin import ImportExportMixin

from events.models import Pavilion
from exhibitors.companies.models import Exhibitor
from exhibitors.floor import selectors
from exhibitors.floor import services as booths
from exhibitors.floor.models import HOLDER_ROLE_BY_KIND, Booth, BoothKind
from exhibitors.floor.resources import BoothResource
from portal.admin_history import AuditedAdmin
from portal.adminlists import QuickActionCheckbox
from portal.numbers import plain
from portal.spreadsheets import EXPORT_FORMATS, IMPORT_FORMATS, SpreadsheetAdminMixin

TEMPLATES = "admin/exhibitors/booth"
OFFER_DAYS = 7


def can_allocate(user):
    """Lay out the floor and allocate booths: floor managers (and superusers)."""
    return user.has_perm("events.allocate_booths")


def _exhibitor_label(exhibitor):
    return _("%(holder)s (%(role)s)") % {
        "holder": exhibitor.company,
        "role": exhibitor.get_role_display(),
    }


class ExhibitorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _exhibitor_label(obj)


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


# Forms of the actions --------------------------------------------------------------------------


class OfferForm(forms.Form):
    exhibitor = ExhibitorChoiceField(
        label=gettext_lazy("Offer to"), queryset=Exhibitor.objects.none()
    )
    expires_at = forms.DateTimeField(
        label=gettext_lazy("The offer expires"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        help_text=gettext_lazy("Korea time. Unanswered by then, the booth is free again."),
    )

    def __init__(self, *args, booth, **kwargs):
        super().__init__(*args, **kwargs)
        role = HOLDER_ROLE_BY_KIND.get(BoothKind(booth.kind))
        self.fields["exhibitor"].queryset = selectors.pavilion_exhibitors(
            booth.pavilion_id, role=role
        )


class GenerateForm(forms.Form):
    aisle = forms.DecimalField(
        label=gettext_lazy("Aisle width (m)"),
        min_value=Decimal("0.5"),
        max_value=Decimal("20"),
        decimal_places=2,
        initial=Decimal(2),
        help_text=gettext_lazy(
            "Rows of 3 m × 3 m company booths, two back to back between aisles of this width, "
            "around the booths already placed and never beyond the floor area."
        ),
    )


# The admin -------------------------------------------------------------------------------------


@admin.register(Booth)
class BoothAdmin(QuickActionCheckbox, SpreadsheetAdminMixin, ImportExportMixin, AuditedAdmin):
    history_select_related = [
        "pavilion__event",
        "holder__company",
        "holder__pavilion__event",
        "held_for__company",
        "held_for__pavilion__event",
    ]
    form = BoothAdminForm
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
    actions = ["offer", "release", "generate_layout", "allocate_automatically"]
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

    # Actions -------------------------------------------------------------------------------

    @admin.action(
        description=gettext_lazy("Offer to an exhibitor…"), permissions=["allocate_booths"]
    )
    def offer(self, request, queryset):
        selected = list(queryset.select_related("pavilion__event"))
        if len(selected) != 1:
            self.message_user(
                request, _("Select one booth to offer: an offer is for one booth."), messages.ERROR
            )
            return None
        booth = selected[0]
        if booth.kind not in HOLDER_ROLE_BY_KIND:
            self.message_user(
                request,
                _("Booth %(code)s is a %(kind)s: it holds no exhibitor.")
                % {"code": booth.code, "kind": booth.get_kind_display().lower()},
                messages.ERROR,
            )
            return None
        if "apply" in request.POST:
            form = OfferForm(request.POST, booth=booth)
            if form.is_valid():
                try:
                    booths.booth_offer(
                        booth=booth,
                        exhibitor=form.cleaned_data["exhibitor"],
                        expires_at=form.cleaned_data["expires_at"],
                    )
                except booths.BoothRefused as error:
                    form.add_error(None, error.message)
                else:
                    self.message_user(
                        request,
                        _("Booth %(code)s is offered to %(holder)s until %(when)s.")
                        % {
                            "code": booth.code,
                            "holder": form.cleaned_data["exhibitor"].company,
                            "when": timezone.localtime(form.cleaned_data["expires_at"]).strftime(
                                "%Y-%m-%d %H:%M"
                            ),
                        },
                        messages.SUCCESS,
                    )
                    return None
        else:
            expires = timezone.localtime() + datetime.timedelta(days=OFFER_DAYS)
            form = OfferForm(booth=booth, initial={"expires_at": expires.replace(second=0)})
        return self._intermediate(
            request,
            queryset,
            "offer.html",
            title=_("Offer booth %(code)s") % {"code": booth.code},
            action="offer",
            booth=booth,
            form=form,
        )

    @admin.action(description=gettext_lazy("Release"), permissions=["allocate_booths"])
    def release(self, request, queryset):
        released = booths.booths_release(booths=queryset)
        if released:
            self.message_user(
                request,
                ngettext(
                    "%(count)s booth released: it is free.",
                    "%(count)s booths released: they are free.",
                    released,
                )
                % {"count": released},
                messages.SUCCESS,
            )
        else:
            self.message_user(
                request, _("None of the selected booths was allocated or offered."), messages.INFO
            )

    @admin.action(
        description=gettext_lazy("Generate standard booths on the free floor…"),
        permissions=["allocate_booths"],
    )
    def generate_layout(self, request, queryset):
        pavilions = selectors.booth_pavilions(queryset)
        form = GenerateForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            for pavilion in pavilions:
                created = booths.layout_generate(
                    pavilion=pavilion, aisle=form.cleaned_data["aisle"]
                )
                self.message_user(
                    request,
                    ngettext(
                        "%(pavilion)s: %(count)s booth added.",
                        "%(pavilion)s: %(count)s booths added.",
                        len(created),
                    )
                    % {"pavilion": pavilion, "count": len(created)}
                    if created
                    else _("%(pavilion)s: no free floor is left for another booth.")
                    % {"pavilion": pavilion},
                    messages.SUCCESS if created else messages.WARNING,
                )
            return None
        return self._intermediate(
            request,
            queryset,
            "generate.html",
            title=_("Generate standard booths on the free floor"),
            action="generate_layout",
            pavilions=pavilions,
            form=form,
        )

    @admin.action(
        description=gettext_lazy("Allocate the exhibitors automatically…"),
        permissions=["allocate_booths"],
    )
    def allocate_automatically(self, request, queryset):
        pavilions = selectors.booth_pavilions(queryset)
        plans = [(pavilion, selectors.allocation_plan(pavilion)) for pavilion in pavilions]
        digest = selectors.allocation_digest(plans)
        if "apply" in request.POST:
            if request.POST.get("digest") == digest:
                try:
                    done = booths.pavilions_allocate(pavilions=pavilions)
                except booths.BoothRefused as error:
                    self.message_user(
                        request,
                        _("Nothing was allocated: %(reason)s") % {"reason": error.message},
                        messages.ERROR,
                    )
                    return None
                for pavilion, plan in done:
                    self.message_user(
                        request,
                        _("%(pavilion)s: %(placed)s placed, %(unplaced)s not placed.")
                        % {
                            "pavilion": pavilion,
                            "placed": len(plan.placed),
                            "unplaced": len(plan.unplaced),
                        },
                        messages.SUCCESS if not plan.unplaced else messages.WARNING,
                    )
                return None
            self.message_user(
                request,
                _("The floor changed since the plan was shown; check the new plan."),
                messages.WARNING,
            )
        return self._intermediate(
            request,
            queryset,
            "allocate.html",
            title=_("Allocate the exhibitors automatically"),
            action="allocate_automatically",
            plans=plans,
            placed=sum(len(plan.placed) for _pavilion, plan in plans),
            digest=digest,
        )

    # Helpers of the actions ----------------------------------------------------------------

    def _intermediate(self, request, queryset, template, **context):
        """Django's pattern for an action with an intermediate page: the page posts the
        selection and the action back to the changelist, with ``apply`` set."""
        form = context.get("form")
        media = self.media + form.media if form is not None else self.media
        return TemplateResponse(
            request,
            f"{TEMPLATES}/{template}",
            {
                **self.admin_site.each_context(request),
                "opts": self.model._meta,
                "media": media,
                "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
                "selected": list(queryset.values_list("pk", flat=True)),
                **context,
            },
        )
