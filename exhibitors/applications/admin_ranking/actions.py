"""The ranking page's actions: every decision through the services, whose refusals become
messages.
"""

import hashlib

from django.contrib import admin
from django.contrib.admin import helpers
from django.template.response import TemplateResponse
from django.utils.translation import gettext, ngettext
from django.utils.translation import gettext_lazy as _
from import_export.admin import messages

from exhibitors.applications import selectors, services
from exhibitors.applications.forms import DecideTopForm
from exhibitors.applications.models import Decision

TEMPLATES = "admin/exhibitors/rankedapplication"


def _pending_digest(pending):
    """A fingerprint of the pending decisions, to notice that they changed since the page."""
    text = ",".join(f"{application.pk}:{application.decision}" for application in pending)
    return hashlib.sha256(text.encode()).hexdigest()[:16]


# The actions: every decision through the services, whose refusals become messages ----------


@admin.action(description=_("Mark: accept"), permissions=["decide_application"])
def mark_accept(modeladmin, request, queryset):
    _record(modeladmin, request, queryset, Decision.ACCEPT)


@admin.action(description=_("Mark: waitlist"), permissions=["decide_application"])
def mark_waitlist(modeladmin, request, queryset):
    _record(modeladmin, request, queryset, Decision.WAITLIST)


@admin.action(description=_("Mark: reject"), permissions=["decide_application"])
def mark_reject(modeladmin, request, queryset):
    _record(modeladmin, request, queryset, Decision.REJECT)


@admin.action(description=_("Clear the pending decision"), permissions=["decide_application"])
def clear_decision(modeladmin, request, queryset):
    _record(modeladmin, request, queryset, "")


@admin.action(
    description=_("Accept the top N and waitlist the next M…"),
    permissions=["decide_application"],
)
def decide_top(modeladmin, request, queryset):
    pavilion = _single_pavilion(modeladmin, request, queryset)
    if pavilion is None:
        return None
    places = services.places_summary(pavilion)
    if "apply" in request.POST:
        form = DecideTopForm(request.POST)
        if form.is_valid():
            try:
                accepted, waitlisted = services.decisions_record_top(
                    pavilion=pavilion,
                    accept=form.cleaned_data["accept"],
                    waitlist=form.cleaned_data["waitlist"],
                    user=request.user,
                )
            except services.ApplicationRefused as error:
                modeladmin.message_user(request, error.message, messages.ERROR)
                return None
            modeladmin.message_user(
                request,
                gettext(
                    "%(pavilion)s: %(accepted)s marked to accept, %(waitlisted)s marked to "
                    "waitlist. Nothing is sent until you release the decisions."
                )
                % {"pavilion": pavilion, "accepted": accepted, "waitlisted": waitlisted},
                messages.SUCCESS,
            )
            return None
    else:
        form = DecideTopForm(initial={"accept": max(places["left"], 0), "waitlist": 0})
    return _intermediate(
        modeladmin,
        request,
        queryset,
        "decide_top.html",
        title=gettext("Accept the top N and waitlist the next M"),
        action="decide_top",
        pavilion=pavilion,
        places=places,
        form=form,
    )


@admin.action(description=_("Release the pending decisions…"), permissions=["decide_application"])
def release_decisions(modeladmin, request, queryset):
    pavilion = _single_pavilion(modeladmin, request, queryset)
    if pavilion is None:
        return None
    refusal = services.release_refusals(pavilion)
    if refusal:
        modeladmin.message_user(
            request,
            gettext("Nothing was released: %(reason)s") % {"reason": refusal},
            messages.ERROR,
        )
        return None
    pending = selectors.decisions_pending_rows(pavilion=pavilion)
    if not pending:
        modeladmin.message_user(
            request,
            gettext("%(pavilion)s has no pending decisions to release.") % {"pavilion": pavilion},
            messages.WARNING,
        )
        return None
    digest = _pending_digest(pending)
    if "apply" in request.POST:
        if request.POST.get("digest") != digest:
            modeladmin.message_user(
                request,
                gettext(
                    "The pending decisions changed since the page was opened; check them "
                    "again before releasing."
                ),
                messages.WARNING,
            )
        else:
            try:
                released = services.decisions_release(pavilion=pavilion, user=request.user)
            except services.ApplicationRefused as error:
                modeladmin.message_user(
                    request,
                    gettext("Nothing was released: %(reason)s") % {"reason": error.message},
                    messages.ERROR,
                )
                return None
            modeladmin.message_user(
                request,
                ngettext(
                    "%(count)s decision of %(pavilion)s released; the e-mail goes out now.",
                    "%(count)s decisions of %(pavilion)s released; the e-mails go out now.",
                    released,
                )
                % {"count": released, "pavilion": pavilion},
                messages.SUCCESS,
            )
            return None
    groups = [
        (label, [a for a in pending if a.decision == decision])
        for decision, label in Decision.choices
    ]
    return _intermediate(
        modeladmin,
        request,
        queryset,
        "release_decisions.html",
        title=gettext("Release the pending decisions"),
        action="release_decisions",
        pavilion=pavilion,
        places=services.places_summary(pavilion),
        groups=[(label, applications) for label, applications in groups if applications],
        total=len(pending),
        digest=digest,
    )


@admin.action(
    description=_("Undo the promotion from the waiting list"),
    permissions=["decide_application"],
)
def undo_promotion(modeladmin, request, queryset):
    undone = 0
    for application in _selected(queryset):
        try:
            services.application_unpromote(application=application, user=request.user)
            undone += 1
        except services.ApplicationRefused as error:
            _refused(modeladmin, request, application, error)
    if undone:
        modeladmin.message_user(
            request,
            ngettext(
                "%(count)s company is back on the waiting list.",
                "%(count)s companies are back on the waiting list.",
                undone,
            )
            % {"count": undone},
            messages.SUCCESS,
        )


# Helpers of the actions ------------------------------------------------------------------


def _selected(queryset):
    """The selected applications as plain rows, in ranking order: when places run out, the
    best-ranked get them."""
    return selectors.applications_ranked(pks=queryset.values_list("pk", flat=True))


def _record(modeladmin, request, queryset, decision):
    recorded = 0
    for application in _selected(queryset):
        try:
            services.decision_record(application=application, decision=decision, user=request.user)
            recorded += 1
        except services.ApplicationRefused as error:
            _refused(modeladmin, request, application, error)
    if not recorded:
        return
    if decision:
        message = ngettext(
            "%(count)s application marked “%(decision)s”; nothing is sent until the "
            "decisions are released.",
            "%(count)s applications marked “%(decision)s”; nothing is sent until the "
            "decisions are released.",
            recorded,
        ) % {"count": recorded, "decision": Decision(decision).label}
    else:
        message = ngettext(
            "The pending decision of %(count)s application was cleared.",
            "The pending decisions of %(count)s applications were cleared.",
            recorded,
        ) % {"count": recorded}
    modeladmin.message_user(request, message, messages.SUCCESS)


def _refused(modeladmin, request, application, error):
    modeladmin.message_user(
        request,
        gettext("%(company)s: %(reason)s")
        % {"company": application.company, "reason": error.message},
        messages.ERROR,
    )


def _single_pavilion(modeladmin, request, queryset):
    pavilion = selectors.selection_pavilion(applications=queryset)
    if pavilion is None:
        modeladmin.message_user(
            request,
            gettext(
                "Select the applications of one pavilion: this action works on one pavilion at a time."
            ),
            messages.ERROR,
        )
        return None
    return pavilion


def _intermediate(modeladmin, request, queryset, template, **context):
    """Django's pattern for an action with an intermediate page: the page posts the
    selection and the action back to the changelist, with ``apply`` set."""
    return TemplateResponse(
        request,
        f"{TEMPLATES}/{template}",
        {
            **modeladmin.admin_site.each_context(request),
            "opts": modeladmin.model._meta,
            "media": modeladmin.media,
            "action_checkbox_name": helpers.ACTION_CHECKBOX_NAME,
            "selected": list(queryset.values_list("pk", flat=True)),
            **context,
        },
    )
