"""Two taps on "held" at the same moment (two phones of the same exhibitor, or a double tap
that the browser sent twice): one consultation row, the other tap refused.

Real transactions in real threads, on PostgreSQL, where ``select_for_update`` locks."""

import datetime

import pytest
from django.db import connection
from django.utils import timezone

from exhibitors.buyers import booth_log
from exhibitors.buyers.models import Meeting, MeetingStatus
from exhibitors.outcomes.models import Consultation
from tests.exhibitors.buyers.booth_factories import booth_buyer, booth_meeting
from tests.exhibitors.exhibiting import confirmed_exhibitor, started_pavilion
from tests.exhibitors.test_concurrency import race

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) only hold on PostgreSQL; "
        "run with DATABASE_URL=postgres://...",
    ),
    pytest.mark.django_db(transaction=True),
]


@pytest.mark.parametrize("round_", range(3))
def test_two_taps_on_held_at_once_make_one_row(round_):
    exhibitor = confirmed_exhibitor(started_pavilion(days_ago=1))
    meeting = booth_meeting(
        exhibitor, booth_buyer(), timezone.now() - datetime.timedelta(minutes=5)
    )

    def tap():
        booth_log.meeting_mark_held(
            meeting=Meeting.objects.get(pk=meeting.pk), by=None, version=meeting.version
        )

    succeeded, refused = race([tap, tap], refused_by=booth_log.BoothRefused)
    assert len(succeeded) == 1 and len(refused) == 1
    assert Consultation.objects.filter(meeting=meeting).count() == 1
    meeting.refresh_from_db()
    assert meeting.status == MeetingStatus.HELD and meeting.version == 2
