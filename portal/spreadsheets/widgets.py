"""The columns' widgets: choices by code or label, numbers whose bad values say so."""

from decimal import Decimal

from django.utils import translation
from django.utils.translation import gettext as _
from import_export import widgets


class ChoiceWidget(widgets.CharWidget):
    """A choice column that accepts the stored code or its label in Korean or English."""

    def __init__(self, choices, default=None, **kwargs):
        self.choices = choices
        self.default = default
        self._codes = None
        super().__init__(**kwargs)

    def codes(self):
        """{code, English label or Korean label, casefolded: code}, built at the first row."""
        if self._codes is None:
            codes = {}
            for code, label in self.choices.choices:
                for language in ("en", "ko"):
                    with translation.override(language):
                        codes.setdefault(str(label).casefold(), code)
                codes[code.casefold()] = code
            self._codes = codes
        return self._codes

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            if self.default is not None:
                return self.default
            raise ValueError(_("This column is required."))
        code = self.codes().get(text.casefold())
        if code is not None:
            return code
        raise ValueError(
            _("“%(value)s” is not one of: %(codes)s.")
            % {"value": text, "codes": ", ".join(self.choices.values)}
        )

    def render(self, value, obj=None, **kwargs):
        return value or ""


class IntegerWidget(widgets.IntegerWidget):
    """An integer column whose bad values are reported as such, not as a Decimal trace."""

    def clean(self, value, row=None, **kwargs):
        try:
            return super().clean(value, row=row, **kwargs)
        except (ArithmeticError, ValueError, TypeError) as error:
            raise ValueError(_("“%(value)s” is not a whole number.") % {"value": value}) from error


class DecimalWidget(widgets.DecimalWidget):
    """A decimal column whose bad values are reported as such, not as a Decimal trace."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, str) and value:
            # A plain number as most cells hold it, read at once: the library's way reads
            # the active language's separators first (a sixth of a consultation row's time),
            # and the portal's languages both write "1234.5".
            try:
                return Decimal(value)
            except ArithmeticError:
                pass  # "1,234.5" and the like: as the library reads them
        try:
            return super().clean(value, row=row, **kwargs)
        except (ArithmeticError, ValueError, TypeError) as error:
            raise ValueError(_("“%(value)s” is not a number.") % {"value": value}) from error
