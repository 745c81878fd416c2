"""Validators shared by the apps."""

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.deconstruct import deconstructible
from django.utils.translation import gettext_lazy as _


@deconstructible
class MaxFileSizeValidator:
    """Refuse empty files and files over ``limit`` bytes."""

    def __init__(self, limit):
        self.limit = limit

    def __call__(self, file):
        size = getattr(file, "size", None)
        if size is None:
            return
        if size == 0:
            raise ValidationError(_("The file is empty."), code="empty")
        if size > self.limit:
            raise ValidationError(
                _("The file is %(size)s; the limit is %(limit)s."),
                code="too_large",
                params={"size": filesizeformat(size), "limit": filesizeformat(self.limit)},
            )

    def __eq__(self, other):
        return isinstance(other, MaxFileSizeValidator) and other.limit == self.limit


def validate_pdf(file):
    """A PDF by its content: the file must begin with the PDF signature, whatever its name."""
    position = file.tell() if hasattr(file, "tell") else 0
    try:
        file.seek(0)
        head = file.read(1024)
    finally:
        file.seek(position)
    if not head.lstrip().startswith(b"%PDF-"):
        raise ValidationError(_("The file is not a PDF document."), code="not_pdf")
