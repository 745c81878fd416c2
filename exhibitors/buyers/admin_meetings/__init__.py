"""Meetings in the back office: each pavilion's matchmaking rules (:class:`MeetingSettings`),
its meeting slots and places with the pages that generate them (:mod:`exhibitors.buyers.slots`),
and the list of meetings, read only: a meeting changes through the meeting services, never by
editing its row. The matchmaking board is :mod:`exhibitors.buyers.admin_board`.

Who: the programme manager sets the rules, generates slots and places and reads the meetings;
the floor manager keeps the places (booths and lounge tables) and sees the slots; reporting
reads the meetings and the board (``0027_meeting_permissions``). A superuser has every
permission.

The parts, registered in this order: :mod:`.rules` (the settings), :mod:`.times` (the slots),
:mod:`.places` and :mod:`.meetings`, with what they share in :mod:`.common`.
"""

# isort: off
# In this order, the order the models were registered in when this was one module.
from exhibitors.buyers.admin_meetings.common import DayFilter, PavilionChoiceMixin, expo_time
from exhibitors.buyers.admin_meetings.rules import MeetingSettingsAdmin
from exhibitors.buyers.admin_meetings.times import BLOCK, MeetingSlotAdmin, SlotsGenerateForm
from exhibitors.buyers.admin_meetings.places import (
    MeetingPlaceAdmin,
    MeetingPlaceForm,
    PlacesGenerateForm,
)
from exhibitors.buyers.admin_meetings.meetings import MeetingAdmin, MeetingDayFilter

# isort: on

__all__ = [
    "BLOCK",
    "DayFilter",
    "MeetingAdmin",
    "MeetingDayFilter",
    "MeetingPlaceAdmin",
    "MeetingPlaceForm",
    "MeetingSettingsAdmin",
    "MeetingSlotAdmin",
    "PavilionChoiceMixin",
    "PlacesGenerateForm",
    "SlotsGenerateForm",
    "expo_time",
]
