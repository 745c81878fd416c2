"""A pavilion's year: the state of its call, whether its results show, and its deadlines in the
order the year runs, measured against the event's dates (:class:`PavilionDatesMixin`, a base of
:class:`events.models.Pavilion`)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

#: How long before the event a call may open at the earliest.
LONGEST_CALL_LEAD = datetime.timedelta(days=2 * 365)


class CallState(models.TextChoices):
    UPCOMING = "upcoming", _("Opens soon")
    # A state, not the "Open" of a button: Korean says "모집 중" for it.
    OPEN = "open", pgettext_lazy("call state", "Open")
    CLOSED = "closed", _("Closed")


class PavilionDatesMixin:
    """The call's state and the deadlines' checks of :class:`events.models.Pavilion`."""

    def call_state(self, now=None):
        now = now or timezone.now()
        if now < self.applications_open_at:
            return CallState.UPCOMING
        if now < self.applications_close_at:
            return CallState.OPEN
        return CallState.CLOSED

    def is_call_open(self, now=None):
        return self.call_state(now) == CallState.OPEN

    def are_results_published(self, now=None):
        """Whether the public results page shows: staff published it, for now or earlier."""
        published = self.results_published_at
        return published is not None and published <= (now or timezone.now())

    def clean(self):
        """The deadlines in the order the year runs, measured against the event's dates."""
        super().clean()
        if not self.event_id:
            return
        event = self.event
        errors = {}
        if self.applications_close_at and self.applications_close_at > event.starts_at:
            errors["applications_close_at"] = _("The call must close before the event starts.")
        if (
            self.applications_open_at
            and self.applications_open_at < event.starts_at - LONGEST_CALL_LEAD
        ):
            errors["applications_open_at"] = _(
                "The call cannot open more than two years before the event."
            )
        if self.confirmation_deadline and self.confirmation_deadline > event.starts_at:
            errors["confirmation_deadline"] = _(
                "Participation must be confirmed before the event starts."
            )
        if self.report_deadline and self.report_deadline < event.ended_at:
            errors["report_deadline"] = _(
                "Outcome reports can only be due after the event has ended."
            )
        if errors:
            raise ValidationError(errors)
