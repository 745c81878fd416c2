"""What is read off an application's own fields, kept apart from the fields themselves
(:class:`~exhibitors.applications.models.Application`)."""

from django.db import models
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from exhibitors.applications.models.status import (
    PLACE_HOLDING_STATES,
    TRANSITIONS,
    ApplicationStatus,
)
from portal.i18n import Localized


class ApplicationDerivedMixin:
    """An application's product in the reader's language, what a submission still needs, the
    moves its status allows and whether it holds a place."""

    product_name = Localized()
    product_description = Localized()

    #: What a submission needs, in the order the form asks for it.
    REQUIRED_FOR_SUBMISSION = [
        "product_name_ko",
        "product_name_en",
        "product_description_ko",
        "product_description_en",
        "theme",
        "target_markets",
        "goals",
        "booth_preference",
        "introduction_pdf",
    ]

    def missing_for_submission(self):
        """{field name: message} for every field a submission still needs."""
        missing = {}
        for name in self.REQUIRED_FOR_SUBMISSION:
            field = self._meta.get_field(name)
            if not getattr(self, field.attname):
                missing[name] = _("Required to submit: %(field)s.") % {"field": field.verbose_name}
        return missing

    def missing_after_submission(self):
        """{field name: message} for every field a save after submission would leave empty:
        the same check as the submission's, and a required document may be replaced, never
        removed."""
        missing = self.missing_for_submission()
        for name in missing:
            field = self._meta.get_field(name)
            if isinstance(field, models.FileField):
                missing[name] = _(
                    "%(field)s is required: you can replace the file, but not remove it."
                ) % {"field": capfirst(field.verbose_name)}
            else:
                missing[name] = _("%(field)s is required and cannot be left empty.") % {
                    "field": capfirst(field.verbose_name)
                }
        return missing

    def allowed_moves(self):
        return TRANSITIONS[ApplicationStatus(self.status)]

    @property
    def holds_place(self):
        return self.status in PLACE_HOLDING_STATES
