"""The meetings' pages: the buyer's (ask for a meeting, my meetings, my schedule) and the
exhibitor's (the inbox, the answers, the schedule), each with its ``.ics`` download.

A buyer reaches only their own meetings (through ``request.buyer``); a company only its own
exhibitors' (through ``request.company``): anything else is a 404. Every change goes through
``exhibitors.buyers.meetings``; a refused or stale form is shown again with what was typed and
the reason."""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from exhibitors.buyers import meetings as services
from exhibitors.buyers.access import buyer_required
from exhibitors.buyers.forms_meetings import (
    AcceptForm,
    AnswerProposalForm,
    CancelForm,
    DeclineForm,
    MeetingRequestForm,
    ProposeForm,
)
from exhibitors.buyers.ics import ics_calendar
from exhibitors.buyers.meetings.steps import meeting_steps_change_at
from exhibitors.buyers.models import Meeting
from exhibitors.companies.models import Exhibitor
from exhibitors.companies.views import company_required
from portal import pagecache


def _ics_response(items, *, name: str, filename: str) -> HttpResponse:
    response = HttpResponse(ics_calendar(items, name=name), content_type="text/calendar")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _apply_errors(form, refused: services.MeetingRefused) -> None:
    """Show a refusal beside the fields it names, or above the form."""
    for field, message in refused.errors.items():
        form.add_error(field if field in form.fields else None, message)
    if not refused.errors:
        form.add_error(None, refused.message)


def _fresh_copy(data, meeting: Meeting, action: str):
    """What was typed, with the meeting's current version: shown again after a stale POST, so
    that sending it once more is a deliberate choice made on the current state."""
    data = data.copy()
    data[f"{action}-version"] = str(meeting.version)
    return data


# --- The buyer's pages ----------------------------------------------------------------------


def _requestable_exhibitor(exhibitor_id: int) -> Exhibitor:
    """An exhibitor whose entry is in a published catalogue (any other is not found: a
    company that did not agree to the catalogue is not named to buyers), read with what the
    request's rules look at (``meetings.requestable_exhibitor``)."""
    try:
        exhibitor = services.requestable_exhibitor(exhibitor_id)
    except Exhibitor.DoesNotExist:
        raise Http404 from None
    catalogue = exhibitor.request_rules.catalogue
    if catalogue is None or not catalogue.is_published():
        raise Http404
    return exhibitor


@buyer_required
@require_http_methods(["GET", "POST"])
def meeting_request(request, exhibitor_id):
    exhibitor = _requestable_exhibitor(exhibitor_id)
    refused = None
    if request.method == "POST":
        # Checked against the one slot it names (or none: any time); every open slot and the
        # reasons to refuse are read only for a page shown again. The service checks them all.
        days = services.open_slots(
            exhibitor.pavilion, exhibitor=exhibitor, only=request.POST.get("slot", "")
        )
        form = MeetingRequestForm(request.POST, days=days)
        if form.is_valid():
            try:
                services.meeting_request(
                    buyer=request.buyer,
                    exhibitor=exhibitor,
                    slot=form.cleaned_data["slot"],
                    reason=form.cleaned_data["reason"],
                    by=request.user,
                )
            except services.MeetingRefused as error:
                refused = error
            else:
                messages.success(
                    request,
                    _("Your request is sent to %(company)s. We will write when they answer.")
                    % {"company": exhibitor.company.name},
                )
                return redirect("exhibitors:buyer_meetings")
    days = services.open_slots(exhibitor.pavilion, exhibitor=exhibitor)
    refusals = services.meeting_request_refusals(buyer=request.buyer, exhibitor=exhibitor)
    form = MeetingRequestForm(request.POST or None, days=days)
    if refused is not None and not refusals and form.is_valid():
        _apply_errors(form, refused)
    return render(
        request,
        "buyers/meetings/request.html",
        {"exhibitor": exhibitor, "form": form, "refusals": refusals, "days": days},
    )


@buyer_required
@require_GET
def buyer_meetings(request):
    return render(
        request,
        "buyers/meetings/buyer_list.html",
        {"meetings": services.buyer_meetings(request.buyer)},
    )


def _buyer_forms(meeting, data=None, action=None):
    version = {"version": meeting.version}
    forms = {
        "accept": AnswerProposalForm(initial={**version, "action": "accept"}, prefix="accept"),
        "decline": DeclineForm(
            initial={**version, "action": "decline"}, reason_required=False, prefix="decline"
        ),
        "cancel": CancelForm(initial={**version, "action": "cancel"}, prefix="cancel"),
    }
    if data is not None:
        forms[action] = type(forms[action])(
            data, prefix=action, **({"reason_required": False} if action == "decline" else {})
        )
    return forms


@buyer_required
@require_http_methods(["GET", "POST"])
def buyer_meeting(request, meeting_id):
    meeting = get_object_or_404(
        Meeting.objects.select_related(
            "pavilion__event", "exhibitor__company", "slot", "place", "requested_slot"
        ),
        pk=meeting_id,
        buyer=request.buyer,
    )
    meeting.buyer = request.buyer
    action = request.POST.get("action")
    forms = _buyer_forms(meeting)
    if request.method == "POST" and action in forms:
        forms = _buyer_forms(meeting, request.POST, action)
        form = forms[action]
        if form.is_valid():
            values = form.cleaned_data
            try:
                if action == "accept":
                    services.meeting_accept(
                        meeting=meeting, by=request.user, version=values["version"]
                    )
                elif action == "decline":
                    services.meeting_decline(
                        meeting=meeting,
                        reason=values["reason"],
                        by=request.user,
                        version=values["version"],
                    )
                else:
                    services.meeting_cancel(
                        meeting=meeting,
                        reason=values["reason"],
                        by=request.user,
                        version=values["version"],
                    )
            except services.MeetingRefused as refused:
                meeting.refresh_from_db()
                meeting.buyer = request.buyer
                forms = _buyer_forms(meeting, _fresh_copy(request.POST, meeting, action), action)
                messages.error(request, refused.message)
                for field, message in refused.errors.items():
                    forms[action].add_error(
                        field if field in forms[action].fields else None, message
                    )
            else:
                messages.success(request, _("Done. Both sides have been told by e-mail."))
                return redirect("exhibitors:buyer_meetings")
    meeting.next = services.meeting_next_steps(meeting, side=services.BUYER)
    return render(request, "buyers/meetings/buyer_meeting.html", {"meeting": meeting, **forms})


@buyer_required
@require_GET
def buyer_schedule(request):
    return render(
        request,
        "buyers/meetings/schedule.html",
        {
            "days": services.buyer_schedule(request.buyer),
            "for_buyer": True,
            "ics_url": reverse("exhibitors:buyer_schedule_ics"),
            "title": _("My meeting schedule"),
        },
    )


@buyer_required
@require_GET
def buyer_schedule_ics(request):
    items = [
        services.meeting_calendar_item(meeting, for_buyer=True)
        for day in services.buyer_schedule(request.buyer)
        for meeting in day.meetings
    ]
    return _ics_response(items, name=_("My meetings"), filename="meetings.ics")


# --- The exhibitor's pages ------------------------------------------------------------------


def _own_exhibitor(request, exhibitor_id) -> Exhibitor:
    return get_object_or_404(
        Exhibitor.objects.select_related("pavilion__event", "company"),
        pk=exhibitor_id,
        company=request.company,
    )


@company_required
@require_GET
def application_meetings(request, application_id):
    """From a confirmed application's page to the meeting requests of that exhibition."""
    exhibitor = get_object_or_404(
        Exhibitor,
        company=request.company,
        pavilion__applications__pk=application_id,
        pavilion__applications__company=request.company,
    )
    return redirect("exhibitors:exhibitor_meetings", exhibitor.pk)


#: The exhibitor's meetings page's content (in ``buyers/meetings/exhibitor_list.html``), and
#: the version names of what it shows (``exhibitors.apps``): the pavilion and its event, the
#: exhibitor, the buyers and their meetings, the slots and places.
INBOX_CONTENT = "buyers/meetings/_exhibitor_list_content.html"
INBOX_VERSIONS = ("events:public", "exhibitors:roster", "exhibitors:meetings")


@company_required
@require_GET
def exhibitor_meetings(request, exhibitor_id):
    """The exhibitor's requests and meetings. The list is cached per company, exhibitor and
    language (:func:`portal.pagecache.cached`; no form, no CSRF token in it) until a write of
    what it shows (``INBOX_VERSIONS``) or the first time a row's next steps change by
    themselves (a request expires, a meeting starts): no query when found."""
    key = f"buyers:inbox:{request.company.pk}:{exhibitor_id}:{get_language()}"

    def make():
        exhibitor = _own_exhibitor(request, exhibitor_id)
        rows = services.exhibitor_meetings(exhibitor)
        return {
            "part": pagecache.render_part(
                INBOX_CONTENT, {"exhibitor": exhibitor, "meetings": rows}, request
            ),
            "changes_at": meeting_steps_change_at(rows),
        }

    page = pagecache.cached(key, INBOX_VERSIONS, make, until=lambda page: page["changes_at"])
    return render(
        request,
        "buyers/meetings/exhibitor_list.html",
        {"content": pagecache.part_html(request, page["part"])},
    )


def _exhibitor_forms(meeting, exhibitor, data=None, action=None):
    days = services.open_slots(exhibitor.pavilion, exhibitor=exhibitor)
    slot = meeting.requested_slot or meeting.slot
    free = services.free_places(slot, exhibitor=exhibitor) if slot else []
    version = {"version": meeting.version}
    kinds = {
        "accept": (
            AcceptForm,
            {"days": days, "places": services.exhibitor_places(exhibitor)},
            {"slot": str(slot.pk) if slot else None, "place": free[0].pk if free else None},
        ),
        "propose": (ProposeForm, {"days": days}, {}),
        "decline": (DeclineForm, {}, {}),
        "cancel": (CancelForm, {}, {}),
    }
    forms = {}
    for name, (cls, kwargs, initial) in kinds.items():
        if data is not None and name == action:
            forms[name] = cls(data, prefix=name, **kwargs)
        else:
            forms[name] = cls(initial={**version, "action": name, **initial}, prefix=name, **kwargs)
    return forms


def _posted_exhibitor_form(exhibitor, data, action):
    """The one form a POST sends, checked against the slot and the place it names (an accept
    at the booth: the page's 3 tabs of 40 exhibitors at once), not every open slot and free
    place: those are read only for a page shown again (:func:`_exhibitor_forms`)."""
    if action in ("accept", "propose"):
        days = services.open_slots(
            exhibitor.pavilion, exhibitor=exhibitor, only=data.get(f"{action}-slot", "")
        )
    if action == "accept":
        places = services.exhibitor_places(exhibitor, only=data.get("accept-place", ""))
        return AcceptForm(data, prefix=action, days=days, places=places)
    if action == "propose":
        return ProposeForm(data, prefix=action, days=days)
    return {"decline": DeclineForm, "cancel": CancelForm}[action](data, prefix=action)


@company_required
@require_http_methods(["GET", "POST"])
def exhibitor_meeting(request, exhibitor_id, meeting_id):
    exhibitor = _own_exhibitor(request, exhibitor_id)
    meeting = get_object_or_404(
        Meeting.objects.select_related("buyer__user", "slot", "place", "requested_slot"),
        pk=meeting_id,
        exhibitor=exhibitor,
    )
    meeting.exhibitor = exhibitor
    meeting.pavilion = exhibitor.pavilion
    action = request.POST.get("action")
    forms = None
    if request.method == "POST" and action in ("accept", "propose", "decline", "cancel"):
        form = _posted_exhibitor_form(exhibitor, request.POST, action)
        if not form.is_valid():  # the page again, every choice offered, the errors beside them
            forms = _exhibitor_forms(meeting, exhibitor, request.POST, action)
        else:
            # Who acts: the member company_required found (the service asks the user).
            request.user.membership = request.membership
            values = form.cleaned_data
            common = {"meeting": meeting, "by": request.user, "version": values["version"]}
            try:
                if action == "accept":
                    services.meeting_accept(slot=values["slot"], place=values["place"], **common)
                elif action == "propose":
                    services.meeting_propose(slot=values["slot"], **common)
                elif action == "decline":
                    services.meeting_decline(reason=values["reason"], **common)
                else:
                    services.meeting_cancel(reason=values["reason"], **common)
            except services.MeetingRefused as refused:
                meeting.refresh_from_db()
                meeting.exhibitor = exhibitor
                meeting.pavilion = exhibitor.pavilion
                forms = _exhibitor_forms(
                    meeting, exhibitor, _fresh_copy(request.POST, meeting, action), action
                )
                messages.error(request, refused.message)
                for field, message in refused.errors.items():
                    forms[action].add_error(
                        field if field in forms[action].fields else None, message
                    )
            else:
                messages.success(request, _("Done. Both sides have been told by e-mail."))
                return redirect("exhibitors:exhibitor_meetings", exhibitor.pk)
    if forms is None:
        forms = _exhibitor_forms(meeting, exhibitor)
    meeting.next = services.meeting_next_steps(meeting, side=services.EXHIBITOR)
    return render(
        request,
        "buyers/meetings/exhibitor_meeting.html",
        {"exhibitor": exhibitor, "meeting": meeting, **forms},
    )


@company_required
@require_GET
def exhibitor_schedule(request, exhibitor_id):
    exhibitor = _own_exhibitor(request, exhibitor_id)
    return render(
        request,
        "buyers/meetings/schedule.html",
        {
            "exhibitor": exhibitor,
            "days": services.exhibitor_schedule(exhibitor),
            "for_buyer": False,
            "ics_url": reverse("exhibitors:exhibitor_schedule_ics", args=[exhibitor.pk]),
            "title": _("Meeting schedule of %(company)s") % {"company": exhibitor.company.name},
        },
    )


@company_required
@require_GET
def exhibitor_schedule_ics(request, exhibitor_id):
    exhibitor = _own_exhibitor(request, exhibitor_id)
    items = [
        services.meeting_calendar_item(meeting, for_buyer=False)
        for day in services.exhibitor_schedule(exhibitor)
        for meeting in day.meetings
    ]
    return _ics_response(items, name=str(exhibitor.company.name), filename="meetings.ics")
