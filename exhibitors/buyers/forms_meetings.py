"""The meetings' forms: they shape what was typed and nothing else; the services decide.

Every form that changes a meeting carries its ``version`` (hidden): a form loaded before
another change (a second tab, the other side's answer) is refused by the service instead of
overwriting it, and the page shows it again with what was typed."""

from django import forms
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from exhibitors.buyers.models import MeetingPlace, MeetingSlot

ANY_SLOT = ""


def _slot_label(slot: MeetingSlot) -> str:
    """The day and the times: a closed drop-down shows only the chosen label, so the day must
    be in it (the expo has several days with the same times)."""
    return "{} {}–{}".format(
        formats.date_format(slot.local_starts, "SHORT_DATE_FORMAT"),
        formats.time_format(slot.local_starts, "H:i"),
        formats.time_format(slot.local_ends, "H:i"),
    )


def slot_choices(days, *, any_slot: str | None = None) -> list:
    """Choices grouped by day (``meetings.open_slots``), times in the expo's time zone."""
    choices = [(ANY_SLOT, any_slot)] if any_slot else []
    for day in days:
        choices.append(
            (
                formats.date_format(day.day, "DATE_FORMAT"),
                [(str(slot.pk), _slot_label(slot)) for slot in day.slots],
            )
        )
    return choices


class _SlotField(forms.TypedChoiceField):
    def __init__(self, days, *, any_slot=None, **kwargs):
        self.slots = {str(slot.pk): slot for day in days for slot in day.slots}
        super().__init__(
            choices=slot_choices(days, any_slot=any_slot),
            coerce=lambda pk: self.slots[pk],
            empty_value=None,
            **kwargs,
        )


class _PlaceField(forms.ModelChoiceField):
    """The places given (``meetings.exhibitor_places``, read with their booths): offered as a
    model choice, and the one posted taken from them, without reading it again."""

    def __init__(self, places, **kwargs):
        self.places = {str(place.pk): place for place in places}
        super().__init__(queryset=MeetingPlace.objects.filter(pk__in=list(self.places)), **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        place = self.places.get(str(value))
        if place is None:
            raise forms.ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return place


class MeetingRequestForm(forms.Form):
    slot = forms.ChoiceField(label=_("When"), required=False)
    reason = forms.CharField(
        label=_("Why meet"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("A sentence or two: what you are looking for, what you would like to discuss."),
    )

    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"] = _SlotField(
            days, any_slot=_("Any time that suits the exhibitor"), label=_("When"), required=False
        )


class _VersionedForm(forms.Form):
    action = forms.CharField(widget=forms.HiddenInput)
    version = forms.IntegerField(widget=forms.HiddenInput)


class AcceptForm(_VersionedForm):
    """The exhibitor accepts: a slot (the one asked for by default) and a place (its booth by
    default)."""

    def __init__(self, *args, days, places, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"] = _SlotField(days, label=_("Time"))
        self.fields["place"] = _PlaceField(places, label=_("Place"), empty_label=None)


class ProposeForm(_VersionedForm):
    def __init__(self, *args, days, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slot"] = _SlotField(days, label=_("Another time"))


class DeclineForm(_VersionedForm):
    reason = forms.CharField(
        label=_("Why you decline"), max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, reason_required=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].required = reason_required


class CancelForm(_VersionedForm):
    reason = forms.CharField(
        label=_("Why you cancel (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class AnswerProposalForm(_VersionedForm):
    """The buyer accepts the proposed time (the place is chosen for them)."""
