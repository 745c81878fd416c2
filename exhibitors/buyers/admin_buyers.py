"""The buyers in the back office: the list (waiting ones first to hand by the status filter),
approval and refusal as actions (through the services: audited, the buyer mailed in their
language), the profile editable, the status only through the actions, and the import of a
list of buyers (all or nothing, ``resources.BuyerResource``)."""

from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext
from import_export.admin import ImportExportModelAdmin

from exhibitors.buyers import services
from exhibitors.buyers.forms_buyer import BuyerRefuseForm
from exhibitors.buyers.models import Buyer
from exhibitors.buyers.resources import BuyerResource
from portal.admin_history import AuditedAdmin
from portal.spreadsheets import EXPORT_FORMATS, IMPORT_FORMATS, SpreadsheetAdminMixin


@admin.register(Buyer)
class BuyerAdmin(SpreadsheetAdminMixin, AuditedAdmin, ImportExportModelAdmin):
    resource_classes = [BuyerResource]
    import_formats = IMPORT_FORMATS
    export_formats = EXPORT_FORMATS
    history_select_related = ["user"]

    list_display = [
        "organisation",
        "country",
        "buyer_type",
        "contact_name",
        "email",
        "status",
        "created_at",
        "decided_by",
    ]
    list_select_related = ["user", "decided_by"]
    list_filter = ["status", "buyer_type", "preferred_language"]
    search_fields = ["organisation", "contact_name", "user__email"]
    date_hierarchy = "created_at"
    readonly_fields = ["email", "status", "decided_by", "decided_at", "created_at"]
    fieldsets = [
        (None, {"fields": ["email", ("status", "decided_by", "decided_at"), "created_at"]}),
        (
            _("Profile"),
            {"fields": [*services.PROFILE_FIELDS]},
        ),
    ]
    actions = ["approve", "refuse"]

    @admin.display(description=_("e-mail"), ordering="user__email")
    def email(self, obj):
        return obj.user.email

    def has_add_permission(self, request):
        return False  # buyers sign up on the portal, or staff import a list

    def has_import_permission(self, request):
        """An import adds and approves buyers: both the add and the change permissions."""
        return request.user.has_perm("exhibitors.add_buyer") and self.has_change_permission(request)

    def has_export_permission(self, request):
        return self.has_view_permission(request)

    def has_decide_permission(self, request):
        return self.has_change_permission(request)

    def save_model(self, request, obj, form, change):
        services.buyer_update(buyer=obj, user=request.user)

    def _each(self, request, queryset, move):
        done = 0
        for buyer in queryset.select_related("user"):
            try:
                moved = move(buyer)
            except services.BuyerRefused as error:
                self.message_user(request, f"{buyer}: {error.message}", messages.WARNING)
                continue
            if moved:
                self.log_change(request, buyer, [{"changed": {"fields": ["status"]}}])
                done += 1
        return done

    @admin.action(description=_("Approve the selected buyers"), permissions=["decide"])
    def approve(self, request, queryset):
        done = self._each(
            request,
            queryset,
            lambda buyer: services.buyer_approve(buyer=buyer, user=request.user),
        )
        self.message_user(
            request,
            ngettext(
                "%(count)s buyer approved; the e-mail goes out now.",
                "%(count)s buyers approved; the e-mails go out now.",
                done,
            )
            % {"count": done},
            messages.SUCCESS if done else messages.INFO,
        )

    @admin.action(description=_("Refuse the selected buyers…"), permissions=["decide"])
    def refuse(self, request, queryset):
        """Asks for the reason written in the mail first (an intermediate page; it may stay
        empty)."""
        form = BuyerRefuseForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            reason = form.cleaned_data["reason"]
            done = self._each(
                request,
                queryset,
                lambda buyer: services.buyer_refuse(buyer=buyer, user=request.user, reason=reason),
            )
            self.message_user(
                request,
                ngettext(
                    "%(count)s buyer refused; the e-mail goes out now.",
                    "%(count)s buyers refused; the e-mails go out now.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS if done else messages.INFO,
            )
            return None
        return TemplateResponse(
            request,
            "admin/exhibitors/buyer/refuse.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Refuse buyers"),
                "opts": self.opts,
                "form": form,
                "buyers": queryset.select_related("user"),
                "action": "refuse",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
