import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from events.models import CallState, Pavilion, m2_to_pyeong
from tests.factories import SEOUL, EventFactory, PavilionFactory

pytestmark = pytest.mark.django_db


def test_an_event_cannot_end_before_it_starts():
    event = EventFactory.build(
        starts_on=datetime.date(2024, 11, 7), ends_on=datetime.date(2024, 11, 5)
    )
    event.series.save()
    with pytest.raises(ValidationError):
        event.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        event.save()


def test_the_exchange_rate_must_be_positive():
    event = EventFactory.build(usd_krw_rate=Decimal("0"))
    event.series.save()
    with pytest.raises(ValidationError) as caught:
        event.full_clean()
    assert "usd_krw_rate" in caught.value.message_dict


def test_the_demo_floor_is_276_square_metres_or_83_5_pyeong():
    pavilion = PavilionFactory()
    pavilion.full_clean()
    assert pavilion.floor_area_m2 == Decimal("276.00")
    assert pavilion.floor_area_pyeong == Decimal("83.5")
    assert m2_to_pyeong(Decimal("3.3058")) == Decimal("1.0")


def test_the_floor_area_cannot_exceed_width_times_depth():
    pavilion = PavilionFactory.build(floor_area_m2=Decimal("277.00"))
    pavilion.event.series.save()
    pavilion.event.save()
    with pytest.raises(ValidationError):
        pavilion.full_clean()
    with pytest.raises(IntegrityError), transaction.atomic():
        pavilion.save()


def _pavilion(**deadlines):
    event = EventFactory(starts_on=datetime.date(2030, 11, 5))
    return PavilionFactory.build(event=event, **deadlines)


def test_the_call_must_close_after_it_opens():
    pavilion = _pavilion(
        applications_open_at=datetime.datetime(2030, 6, 1, tzinfo=SEOUL),
        applications_close_at=datetime.datetime(2030, 5, 1, tzinfo=SEOUL),
    )
    with pytest.raises(ValidationError):
        pavilion.full_clean()


def test_the_call_must_close_before_the_event_starts():
    pavilion = _pavilion(applications_close_at=datetime.datetime(2030, 11, 5, 9, tzinfo=SEOUL))
    with pytest.raises(ValidationError) as caught:
        pavilion.full_clean()
    assert "applications_close_at" in caught.value.message_dict


def test_the_call_cannot_open_years_before_the_event():
    pavilion = _pavilion(applications_open_at=datetime.datetime(2027, 1, 1, tzinfo=SEOUL))
    with pytest.raises(ValidationError) as caught:
        pavilion.full_clean()
    assert "applications_open_at" in caught.value.message_dict


def test_confirmation_comes_between_the_call_and_the_event():
    early = _pavilion(confirmation_deadline=datetime.datetime(2030, 6, 1, tzinfo=SEOUL))
    with pytest.raises(ValidationError) as caught:
        early.full_clean()
    assert "The confirmation deadline cannot be before the call closes." in caught.value.messages
    late = _pavilion(confirmation_deadline=datetime.datetime(2030, 11, 6, tzinfo=SEOUL))
    with pytest.raises(ValidationError) as caught:
        late.full_clean()
    assert "confirmation_deadline" in caught.value.message_dict


def test_reports_are_due_after_the_event():
    pavilion = _pavilion(report_deadline=datetime.datetime(2030, 11, 6, 18, tzinfo=SEOUL))
    with pytest.raises(ValidationError) as caught:
        pavilion.full_clean()
    assert "report_deadline" in caught.value.message_dict


def test_call_state_follows_the_clock():
    pavilion = PavilionFactory()
    opens, closes = pavilion.applications_open_at, pavilion.applications_close_at
    second = datetime.timedelta(seconds=1)
    assert pavilion.call_state(opens - second) == CallState.UPCOMING
    assert pavilion.call_state(opens) == CallState.OPEN
    assert pavilion.call_state(closes - second) == CallState.OPEN
    assert pavilion.call_state(closes) == CallState.CLOSED
    assert list(Pavilion.objects.open_calls(closes - second)) == [pavilion]
    assert list(Pavilion.objects.open_calls(closes)) == []
    assert list(Pavilion.objects.closed_calls(closes)) == [pavilion]
    assert list(Pavilion.objects.upcoming_calls(opens - second)) == [pavilion]
