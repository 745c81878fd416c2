"""The matchmaking board: one admin page per pavilion with how its meeting requests stand, per
exhibitor and per buyer (requested, open, accepted, declined, expired, cancelled, held,
no-show, the acceptance rate), the exhibitors and the buyers still without a meeting, and the
page that schedules a meeting on someone's behalf.

``MeetingAdmin.get_urls`` (:mod:`exhibitors.buyers.admin_meetings`) routes
``board/<pavilion id>/`` here; the pavilion's page links to it. Staff who may view meetings
open it (``exhibitors.view_meeting``: the programme manager, reporting). The page reads
everything in a fixed number of queries (:func:`exhibitors.buyers.board.pavilion_board`).

Scheduling is the Meeting admin's "add" page (``add_meeting``: the programme manager): staff
pick the exhibitor, the buyer, the time and the place, and
:func:`exhibitors.buyers.meetings.meeting_schedule` books it with every rule the buyer and
the exhibitor are held to (nobody twice in a slot, the limits per day); a refusal is shown on
the form, with what was chosen kept.
"""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import formats, timezone
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _

from events.models import Pavilion
from exhibitors.buyers import meetings
from exhibitors.buyers.board import pavilion_board
from exhibitors.buyers.models import Buyer, MeetingPlace, MeetingSlot
from exhibitors.companies.models import Exhibitor
from portal import pagecache

TEMPLATE = "admin/exhibitors/meeting/board.html"


#: The board's content, cached per pavilion, language and whether the user may schedule; the
#: version names of what it shows (``exhibitors.apps``; the pavilion is the public pages'
#: ``events:public``).
CONTENT_TEMPLATE = "admin/exhibitors/meeting/_board.html"
VERSIONS = ("events:public", "exhibitors:roster", "exhibitors:meetings")


def board_view(model_admin, request, pavilion_id):
    """The board; its content comes from the cache (:func:`portal.pagecache.cached`) unless a
    write of what it shows made it stale. The board is in the page's context when the content
    was made by this request."""
    if not model_admin.has_view_permission(request):
        raise PermissionDenied
    if request.method != "GET":
        return HttpResponseNotAllowed(["GET"])
    may_schedule = model_admin.has_add_permission(request)
    made = {}

    def make():
        pavilion = get_object_or_404(Pavilion.objects.with_event(), pk=pavilion_id)
        meetings = reverse("admin:exhibitors_meeting_changelist")
        made.update(
            pavilion=pavilion,
            board=pavilion_board(pavilion),
            meetings_url=f"{meetings}?pavilion__id__exact={pavilion.pk}",
            may_schedule=may_schedule,
            schedule_url=reverse("admin:exhibitors_meeting_add") if may_schedule else "",
        )
        return {"pavilion": pavilion, "content": render_to_string(CONTENT_TEMPLATE, made)}

    scheduling = "schedule" if may_schedule else "read"
    page = pagecache.cached(
        f"admin:board:{int(pavilion_id)}:{get_language()}:{scheduling}", VERSIONS, make
    )
    pavilion = page["pavilion"]
    context = {
        **model_admin.admin_site.each_context(request),
        **made,
        "opts": model_admin.opts,
        "title": _("Matchmaking board"),
        "subtitle": str(pavilion),
        "pavilion": pavilion,
        "content": page["content"],
        "pavilion_url": reverse("admin:events_pavilion_change", args=[pavilion.pk]),
    }
    return TemplateResponse(request, TEMPLATE, context)


# Scheduling on someone's behalf ----------------------------------------------------------------


class SlotChoiceField(forms.ModelChoiceField):
    """A slot by its day and time in the expo's time zone."""

    def __init__(self, *args, zone, **kwargs):
        super().__init__(*args, **kwargs)
        self.zone = zone

    def label_from_instance(self, obj):
        starts, ends = obj.starts_at.astimezone(self.zone), obj.ends_at.astimezone(self.zone)
        return "{} {}–{}".format(
            formats.date_format(starts.date(), "DATE_FORMAT"),
            starts.strftime("%H:%M"),
            ends.strftime("%H:%M"),
        )


class ExhibitorField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj.company)


class ScheduleForm(forms.Form):
    """The exhibitor, the buyer (by e-mail address: there are many buyers), the time and the
    place of a meeting in ``pavilion``."""

    exhibitor = ExhibitorField(queryset=Exhibitor.objects.none(), label=gettext_lazy("exhibitor"))
    buyer = forms.EmailField(
        label=gettext_lazy("buyer's e-mail address"),
        help_text=gettext_lazy("The address the buyer signs in with."),
    )
    slot = forms.ModelChoiceField(queryset=MeetingSlot.objects.none(), label=gettext_lazy("time"))
    place = forms.ModelChoiceField(
        queryset=MeetingPlace.objects.none(),
        required=False,
        label=gettext_lazy("place"),
        empty_label=gettext_lazy("The exhibitor's booth if free, else a lounge table"),
    )

    def __init__(self, *args, pavilion: Pavilion, now, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["exhibitor"].queryset = (
            Exhibitor.objects.filter(pavilion=pavilion)
            .select_related("company")
            .order_by("company__name_ko")
        )
        self.fields["slot"] = SlotChoiceField(
            queryset=MeetingSlot.objects.filter(pavilion=pavilion, starts_at__gt=now).order_by(
                "starts_at"
            ),
            zone=pavilion.event.zone,
            label=gettext_lazy("time (expo time)"),
        )
        self.fields["place"].queryset = MeetingPlace.objects.filter(pavilion=pavilion).order_by(
            "kind", "label"
        )

    def clean_buyer(self):
        email = self.cleaned_data["buyer"]
        buyer = Buyer.objects.select_related("user").filter(user__email__iexact=email).first()
        if buyer is None:
            raise forms.ValidationError(_("No buyer signs in with this address."))
        return buyer


def schedule_view(model_admin, request):
    """Schedule a meeting in the pavilion ``?pavilion=`` (the board's links also name the
    exhibitor or the buyer); without a pavilion, the list of pavilions to choose from."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    value = request.GET.get("pavilion", "")
    pavilion = None
    if value.isdigit():
        pavilion = get_object_or_404(Pavilion.objects.with_event(), pk=int(value))
    context = {
        **model_admin.admin_site.each_context(request),
        "opts": model_admin.opts,
        "title": _("Schedule a meeting"),
        "pavilion": pavilion,
    }
    if pavilion is None:
        context["pavilions"] = Pavilion.objects.with_event().order_by("-event__starts_on")
        return TemplateResponse(request, "admin/exhibitors/meeting/schedule.html", context)
    now = timezone.now()
    form = ScheduleForm(
        request.POST or None, pavilion=pavilion, now=now, initial=_initial(request, pavilion)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            meeting = meetings.meeting_schedule(
                buyer=data["buyer"],
                exhibitor=data["exhibitor"],
                slot=data["slot"],
                place=data["place"],
                by=request.user,
                now=now,
            )
        except meetings.MeetingRefused as refusal:
            form.add_error(None, refusal.message)
        else:
            model_admin.message_user(
                request,
                _("Meeting booked: %(meeting)s, %(time)s, %(place)s.")
                % {
                    "meeting": meeting,
                    "time": form.fields["slot"].label_from_instance(meeting.slot),
                    "place": meeting.place,
                },
                messages.SUCCESS,
            )
            return HttpResponseRedirect(
                reverse("admin:exhibitors_meeting_board", args=[pavilion.pk])
            )
    context.update({"subtitle": str(pavilion), "form": form})
    return TemplateResponse(request, "admin/exhibitors/meeting/schedule.html", context)


def _initial(request, pavilion):
    """The exhibitor and the buyer the board's link names (``?exhibitor=``, ``?buyer=``)."""
    initial = {}
    exhibitor, buyer = request.GET.get("exhibitor", ""), request.GET.get("buyer", "")
    if exhibitor.isdigit():
        initial["exhibitor"] = int(exhibitor)
    if buyer.isdigit():
        email = Buyer.objects.filter(pk=int(buyer)).values_list("user__email", flat=True).first()
        if email:
            initial["buyer"] = email
    return initial
