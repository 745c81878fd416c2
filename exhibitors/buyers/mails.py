"""The meetings' mails: every move mails both sides, each in its own language (the buyer's
``preferred_language``, the company's for its members), rendered and queued after the commit,
with the meeting as an ``.ics`` file (METHOD:REQUEST while it is booked, CANCEL once cancelled
or declined); and the reminders of the next day's schedule.

Connected to :data:`exhibitors.buyers.meetings.meeting_changed` when the app starts."""

from django.db import transaction
from django.dispatch import receiver
from django.urls import reverse
from django.utils import translation

from exhibitors.applications.services import company_recipients
from exhibitors.buyers import meetings as services
from exhibitors.buyers.ics import ics_calendar
from exhibitors.buyers.models import BOOKED_STATUSES, Meeting
from portal.mail import absolute_url, queue_template_email

#: The moves after which the attachment books the meeting, and those after which it withdraws it.
BOOKING = (services.ACCEPTED, services.SCHEDULED)
WITHDRAWING = (services.CANCELLED, services.DECLINED, services.EXPIRED)


def meeting_ics(meeting: Meeting, *, for_buyer: bool, language: str) -> tuple[str, str, str] | None:
    """The meeting's ``.ics`` attachment for one side, in ``language``: REQUEST while booked,
    CANCEL once withdrawn; None for a request that never had a time."""
    if meeting.slot is None and meeting.requested_slot is None:
        return None
    method = "REQUEST" if meeting.status in BOOKED_STATUSES else "CANCEL"
    with translation.override(language):
        item = services.meeting_calendar_item(meeting, for_buyer=for_buyer)
        content = ics_calendar([item], name=item.title, method=method)
    return (
        "meeting.ics",
        content.decode(),
        f"text/calendar; method={method}; charset=UTF-8",
    )


def _sides(meeting: Meeting):
    """``(for_buyer, to, language, url)`` for each side of ``meeting``."""
    buyer = meeting.buyer
    company = meeting.exhibitor.company
    if buyer.user.email:
        yield (
            True,
            [buyer.user.email],
            buyer.preferred_language,
            absolute_url(reverse("exhibitors:buyer_meetings")),
        )
    to = company_recipients(company)
    if to:
        yield (
            False,
            to,
            company.preferred_language,
            absolute_url(reverse("exhibitors:exhibitor_meetings", args=[meeting.exhibitor_id])),
        )


def meeting_mail(meeting: Meeting, event: str) -> None:
    """Mail both sides what happened to ``meeting`` (``event``: one of ``meetings.EVENTS``),
    queued for after the commit."""
    attach = event in BOOKING or event in WITHDRAWING
    for for_buyer, to, language, url in _sides(meeting):
        ics = meeting_ics(meeting, for_buyer=for_buyer, language=language) if attach else None
        queue_template_email(
            "emails/meeting_changed",
            to=to,
            context={
                "event": event,
                "meeting": meeting,
                "for_buyer": for_buyer,
                "buyer": meeting.buyer,
                "company": meeting.exhibitor.company,
                "pavilion": meeting.pavilion,
                "zone": meeting.pavilion.event.time_zone,
                "slot": meeting.slot or meeting.requested_slot,
                "url": url,
            },
            language=language,
            attachments=[ics] if ics else None,
        )


@receiver(services.meeting_changed, dispatch_uid="meeting_mail")
def _on_meeting_changed(sender, *, meeting: Meeting, event: str, **kwargs) -> None:
    # Written once the move commits: rendering two mails (and their calendar files) inside
    # the move's transaction held its locks (an accept holds the pavilion's) for nothing.
    transaction.on_commit(lambda: meeting_mail(meeting, event), robust=True)


def schedule_reminders_queue(meetings: list[Meeting]) -> list[tuple[str, tuple[str, ...]]]:
    """One mail per buyer and per exhibitor with their meetings of the next day (``meetings``
    from ``meetings_to_remind``); returns ``(about, to)`` for each mail."""
    people: dict[tuple[bool, int], list[Meeting]] = {}
    for meeting in meetings:
        people.setdefault((True, meeting.buyer_id), []).append(meeting)
        people.setdefault((False, meeting.exhibitor_id), []).append(meeting)
    done = []
    for (for_buyer, _pk), theirs in people.items():
        first = theirs[0]
        sides = [side for side in _sides(first) if side[0] == for_buyer]
        if not sides:
            continue
        _for_buyer, to, language, url = sides[0]
        queue_template_email(
            "emails/meeting_reminder",
            to=to,
            context={
                "for_buyer": for_buyer,
                "meetings": theirs,
                "day": first.local_starts.date(),
                "buyer": first.buyer,
                "company": first.exhibitor.company,
                "pavilion": first.pavilion,
                "zone": first.pavilion.event.time_zone,
                "url": url,
            },
            language=language,
        )
        who = first.buyer if for_buyer else first.exhibitor.company
        done.append((str(who), tuple(to)))
    return done
