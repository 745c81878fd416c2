"""The booth list's actions in the admin: offer a booth, release booths, generate standard
booths on the free floor, and allocate the exhibitors automatically, each with its
intermediate page where it needs one. Writes go through :mod:`exhibitors.floor.services`,
reads through :mod:`exhibitors.floor.selectors`; :class:`BoothActions` is mixed into
``BoothAdmin``, which grants ``allocate_booths``.
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

from exhibitors.companies.models import Exhibitor
from exhibitors.floor import selectors
from exhibitors.floor import services as booths
from exhibitors.floor.models import HOLDER_ROLE_BY_KIND, BoothKind

TEMPLATES = "admin/exhibitors/booth"
OFFER_DAYS = 7


def _exhibitor_label(exhibitor):
    return _("%(holder)s (%(role)s)") % {
        "holder": exhibitor.company,
        "role": exhibitor.get_role_display(),
    }


class ExhibitorChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return _exhibitor_label(obj)


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


def intermediate_page(model_admin, request, queryset, template, **context):
    """Django's pattern for an action with an intermediate page: the page posts the
    selection and the action back to the changelist, with ``apply`` set."""
    form = context.get("form")
    media = model_admin.media + form.media if form is not None else model_admin.media
    return TemplateResponse(
        request,
        f"{TEMPLATES}/{template}",
        {
            **model_admin.admin_site.each_context(request),
            "opts": model_admin.model._meta,
            "media": media,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": list(queryset.values_list("pk", flat=True)),
            **context,
        },
    )


# The actions -----------------------------------------------------------------------------------


class FloorActions:
    """The actions on the floor of the selected booths' pavilions: generate standard booths,
    allocate the exhibitors automatically (a mixin of :class:`BoothActions`: ``self`` is the
    booth admin)."""

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
        return intermediate_page(
            self,
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
        return intermediate_page(
            self,
            request,
            queryset,
            "allocate.html",
            title=_("Allocate the exhibitors automatically"),
            action="allocate_automatically",
            plans=plans,
            placed=sum(len(plan.placed) for _pavilion, plan in plans),
            digest=digest,
        )


class BoothActions(FloorActions):
    """The actions of ``BoothAdmin``'s list (a mixin: ``self`` is the booth admin): offer a
    booth and release booths here, the floor-wide ones from :class:`FloorActions`."""

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
        refusal = booths.booth_kind_refusals(booth)
        if refusal:
            self.message_user(request, refusal, messages.ERROR)
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
        return intermediate_page(
            self,
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
