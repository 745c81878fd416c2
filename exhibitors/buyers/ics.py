"""iCalendar files (RFC 5545, with icalendar): a meeting attached to its mails, a person's
schedule to download, the secret calendar feeds.

Each item has a stable UID, so that a calendar that imports the same meeting again (a changed
slot, a cancellation) updates the event instead of adding a second one."""

import dataclasses
import datetime

import icalendar
from django.conf import settings

#: The product identifier written into every file (RFC 5545 PRODID).
PRODID = "-//Pavilion portal//Meetings and deadlines//EN"


@dataclasses.dataclass(frozen=True)
class CalendarItem:
    """One event of a calendar. ``starts``/``ends`` are aware datetimes (a timed event) or
    dates (an all-day event, such as a deadline); ``cancelled`` marks a withdrawn event."""

    uid: str
    title: str
    starts: datetime.datetime | datetime.date
    ends: datetime.datetime | datetime.date | None = None
    location: str = ""
    description: str = ""
    url: str = ""
    cancelled: bool = False
    sequence: int = 0


def uid_for(kind: str, pk: object) -> str:
    """A stable UID: the same object always gets the same one."""
    domain = getattr(settings, "CALENDAR_UID_DOMAIN", "pavilion-portal")
    return f"{kind}-{pk}@{domain}"


def ics_calendar(items: list[CalendarItem], *, name: str, method: str = "PUBLISH") -> bytes:
    """The ``.ics`` file of ``items``. ``method`` is "PUBLISH" for a feed or a download,
    "REQUEST" or "CANCEL" for a mail's attachment."""
    calendar = icalendar.Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", method)
    calendar.add("x-wr-calname", name)
    stamp = datetime.datetime.now(datetime.UTC)
    for item in items:
        event = icalendar.Event()
        event.add("uid", item.uid)
        event.add("dtstamp", stamp)
        event.add("summary", item.title)
        if isinstance(item.starts, datetime.datetime):
            event.add("dtstart", item.starts.astimezone(datetime.UTC))
            if item.ends:
                event.add("dtend", item.ends.astimezone(datetime.UTC))
        else:
            event.add("dtstart", item.starts)
            event.add("dtend", item.ends or item.starts + datetime.timedelta(days=1))
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url)
        event.add("sequence", item.sequence)
        event.add("status", "CANCELLED" if item.cancelled else "CONFIRMED")
        calendar.add_component(event)
    return calendar.to_ical()
