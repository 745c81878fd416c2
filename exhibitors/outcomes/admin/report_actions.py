"""The outcome reports' actions in the admin: approve the selected reports, or return them
for changes with a comment (an intermediate page asks for it). The moves go through
:mod:`exhibitors.outcomes.services`; :class:`ReportActions` is mixed into
``OutcomeReportAdmin``, which grants ``approve`` (``has_approve_permission``)."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from exhibitors.outcomes import services as outcomes


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("What should the exhibitor change?"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 80}),
        max_length=2000,
    )


class ReportActions:
    """The approve and return actions of :class:`OutcomeReportAdmin`."""

    def _each(self, request, queryset, move, change_message):
        """Apply ``move`` to each selected report and note it in the report's history (in the
        admin's JSON form, translated when read); a report that cannot make the move is named
        in a warning and left as it is. Returns how many moved."""
        done = 0
        for report in queryset.select_related("exhibitor__company", "exhibitor__pavilion__event"):
            try:
                move(report)
            except outcomes.ReportRefused as error:
                self.message_user(
                    request, f"{report.exhibitor.company}: {error.message}", messages.WARNING
                )
                continue
            self.log_change(request, report, change_message)
            done += 1
        return done

    @admin.action(description=_("Approve the selected reports"), permissions=["approve"])
    def approve(self, request, queryset):
        done = self._each(
            request,
            queryset,
            lambda report: outcomes.report_approve(report=report, user=request.user),
            [{"changed": {"fields": ["status", "approved", "approved by"]}}],
        )
        if done:
            self.message_user(
                request,
                ngettext(
                    "%(count)s report approved; it now counts in the figures.",
                    "%(count)s reports approved; they now count in the figures.",
                    done,
                )
                % {"count": done},
                messages.SUCCESS,
            )

    @admin.action(description=_("Return for changes…"), permissions=["approve"])
    def send_back(self, request, queryset):
        """Asks for the comment the exhibitors will read first (an intermediate page); a report
        is never returned without one."""
        form = ReturnForm(request.POST if "apply" in request.POST else None)
        if form.is_valid():
            comment = form.cleaned_data["comment"]
            done = self._each(
                request,
                queryset,
                lambda report: outcomes.report_return(
                    report=report, user=request.user, comment=comment
                ),
                [{"changed": {"fields": ["status", "comment from the foundation"]}}],
            )
            if done:
                self.message_user(
                    request,
                    ngettext(
                        "%(count)s report returned to its exhibitor.",
                        "%(count)s reports returned to their exhibitors.",
                        done,
                    )
                    % {"count": done},
                    messages.SUCCESS,
                )
            return None
        return TemplateResponse(
            request,
            "admin/exhibitors/outcomereport/send_back.html",
            {
                **self.admin_site.each_context(request),
                "title": _("Return for changes"),
                "opts": self.opts,
                "form": form,
                "reports": queryset.select_related("exhibitor__company"),
                "action": "send_back",
                "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
            },
        )
