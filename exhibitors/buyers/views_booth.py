"""At the booth: the exhibitor's phone page.

The exhibitor scans a buyer's badge (the page's script reads the QR code with the camera and
opens ``?badge=<token>``), or searches the approved buyers by organisation (``?q=``, then
``?buyer=<id>``), or types a walk-in buyer; then logs the consultation in one form. Below it,
today's booked meetings with "held" and "no-show". Everything works without the script: the
search and the typed buyer need no camera.

Like every company-facing page, it serves the requester's own exhibitor only: another
company's is a 404. The rules and the writes are in ``exhibitors.buyers.booth_log``.
"""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from exhibitors.buyers import booth_log
from exhibitors.buyers.forms_booth import BoothLogForm, MeetingMarkForm
from exhibitors.buyers.models import Meeting
from exhibitors.companies.models import Exhibitor
from exhibitors.companies.views import company_required
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import OutcomeReport


def _own_exhibitor(request, exhibitor_id):
    return get_object_or_404(
        Exhibitor.objects.select_related("pavilion__event", "company"),
        pk=exhibitor_id,
        company=request.company,
    )


def _chosen_buyer(request):
    """The buyer the page was opened for: a scanned badge (``?badge=``) or a buyer chosen
    from the search (``?buyer=``); with the message if the badge or the id names no approved
    buyer."""
    if "badge" in request.GET:
        buyer = booth_log.booth_buyer_by_badge(request.GET["badge"])
        if buyer is None:
            return None, _(
                "This badge is not known, or its buyer is not approved yet. Search the "
                "buyer or type the organisation and country below."
            )
        return buyer, None
    if "buyer" in request.GET:
        buyer = booth_log.booth_buyer_by_id(request.GET["buyer"])
        if buyer is None:
            return None, _("This buyer is not known or not approved. Search again or type it.")
        return buyer, None
    return None, None


def _render(request, exhibitor, form, *, buyer=None, problem=None, status=200):
    now = timezone.now()
    event = exhibitor.pavilion.event
    query = " ".join(request.GET.get("q", "").split())[:100]
    logged_count, logs = booth_log.booth_logs_today(exhibitor, now)
    meetings = list(booth_log.booth_meetings_today(exhibitor, now))
    for meeting in meetings:
        meeting.local_start = meeting.slot.starts_at.astimezone(event.zone)
        meeting.started = meeting.slot.starts_at <= now
    closed = outcomes.report_open_refusals(exhibitor, now)
    if not closed:
        report = OutcomeReport.objects.filter(exhibitor=exhibitor).only("status").first()
        closed = report is not None and outcomes.report_edit_refusals(report)
    return render(
        request,
        "buyers/booth/page.html",
        {
            "exhibitor": exhibitor,
            "today": booth_log.expo_today(event, now),
            "form": form,
            "buyer": buyer,
            "problem": problem,
            "query": query,
            "results": booth_log.booth_buyer_search(query) if query else None,
            "search_min": booth_log.SEARCH_MIN_CHARS,
            "meetings": meetings,
            "logs": logs,
            "logged_count": logged_count,
            "closed": closed,
            "page_url": reverse("exhibitors:booth", args=[exhibitor.pk]),
        },
        status=status,
    )


@company_required
def booth(request, exhibitor_id):
    """The booth page (GET), and a consultation logged from it (POST). A refusal (before the
    expo, a submitted or approved report) keeps what was typed and says why."""
    exhibitor = _own_exhibitor(request, exhibitor_id)
    if request.method == "POST":
        form = BoothLogForm(request.POST)
        if form.is_valid():
            try:
                consultation = booth_log.booth_consultation_log(
                    exhibitor=exhibitor, **form.log_values(), by=request.user
                )
            except booth_log.BoothRefused as error:
                for field, message in error.errors.items():
                    form.add_error(field, message)
                if not error.errors:
                    form.add_error(None, error.message)
            else:
                messages.success(
                    request,
                    _(
                        "Logged: %(buyer)s, USD %(amount)s. Confirm the amount in your outcome "
                        "report before you submit it."
                    )
                    % {
                        "buyer": consultation.buyer_organisation,
                        "amount": number_format(
                            consultation.amount_usd, 2, use_l10n=True, force_grouping=True
                        ),
                    },
                )
                return redirect("exhibitors:booth", exhibitor.pk)
        buyer = form.cleaned_data.get("buyer") if hasattr(form, "cleaned_data") else None
        return _render(request, exhibitor, form, buyer=buyer)
    buyer, problem = _chosen_buyer(request)
    form = BoothLogForm(initial={"buyer": buyer.pk if buyer else None})
    return _render(request, exhibitor, form, buyer=buyer, problem=problem)


@require_POST
@company_required
def booth_meeting_mark(request, exhibitor_id):
    """A tap on "held" or "no-show" for one of today's meetings of the exhibitor; back to the
    booth page with what happened. Another exhibitor's meeting is a 404."""
    exhibitor = _own_exhibitor(request, exhibitor_id)
    form = MeetingMarkForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a meeting and tap “held” or “no-show”."))
        return redirect("exhibitors:booth", exhibitor.pk)
    meeting = get_object_or_404(
        Meeting.objects.select_related("buyer"),
        pk=form.cleaned_data["meeting"],
        exhibitor=exhibitor,
    )
    held = form.cleaned_data["mark"] == MeetingMarkForm.HELD
    mark = booth_log.meeting_mark_held if held else booth_log.meeting_mark_no_show
    try:
        mark(meeting=meeting, by=request.user, version=form.cleaned_data["version"])
    except booth_log.BoothRefused as error:
        messages.error(request, error.message)
    else:
        messages.success(
            request,
            _("Meeting with %(buyer)s held: it is a consultation of your report now.")
            % {"buyer": meeting.buyer.organisation}
            if held
            else _("Meeting with %(buyer)s marked as a no-show.")
            % {"buyer": meeting.buyer.organisation},
        )
    return redirect("exhibitors:booth", exhibitor.pk)
