"""The widgets of the consultation log's columns: a country as a code or a name, a date as
Excel or people write it, and a coded column as its code or its label."""

import datetime
import re

from django.utils import translation
from django.utils.translation import gettext as _
from django_countries import countries
from import_export import widgets
from openpyxl.utils.datetime import from_excel

from portal.spreadsheets import ChoiceWidget, cell_text


def _name_key(text):
    return " ".join(str(text).split()).casefold()


class CountryWidget(widgets.CharWidget):
    """A country as an ISO 3166 code (ES, ESP), or its English (Spain) or Korean (스페인) name,
    also the older and official names django-countries knows. The lookup is built once per
    process, in both languages."""

    _names = None

    @classmethod
    def names(cls):
        if cls._names is None:
            names = {}
            for language in ("en", "ko"):
                with translation.override(language):
                    for code, name in countries:
                        names.setdefault(_name_key(name), code)
                    for code, others in countries.shadowed_names.items():
                        for name in others:
                            names.setdefault(_name_key(name), code)
            for code in countries.countries:
                names[code.casefold()] = code
                names.setdefault(countries.alpha3(code).casefold(), code)
            cls._names = names
        return cls._names

    def clean(self, value, row=None, **kwargs):
        text = cell_text(value)
        if not text:
            raise ValueError(_("The buyer's country is required."))
        code = self.names().get(_name_key(text))
        if code is None:
            raise ValueError(
                _(
                    "“%(value)s” is not a country: give its ISO code (ES) or its name (Spain, 스페인)."
                )
                % {"value": text}
            )
        return code

    def render(self, value, obj=None, **kwargs):
        return str(value or "")


#: Dates as people type them in Korean and international spreadsheets.
DATE_FORMATS = (
    "%Y-%m-%d",
    "%Y.%m.%d",
    "%Y/%m/%d",
    "%Y%m%d",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%dT%H:%M:%S",
)


def _serial(number):
    """Whether a number is one of Excel's serial day numbers (1900-01-01 to 9999-12-31)."""
    return 1 <= number < 2_958_466


class SpreadsheetDateWidget(widgets.DateWidget):
    """A date cell: an Excel date (a real date cell, or its serial number), or text written
    2024-11-05, 2024.11.05, "2024. 11. 5." (Korean Excel), 2024/11/05 or 20241105."""

    def __init__(self):
        super().__init__(format="%Y-%m-%d")

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, datetime.datetime):
            return value.date()
        if isinstance(value, datetime.date):
            return value
        if isinstance(value, (int, float)) and not isinstance(value, bool) and _serial(value):
            return from_excel(value).date()
        text = cell_text(value)
        if not text:
            return None
        if text.isdigit() and len(text) <= 5 and _serial(int(text)):
            return from_excel(int(text)).date()
        compact = text.replace(". ", ".").rstrip(".")
        for date_format in DATE_FORMATS:
            try:
                return datetime.datetime.strptime(compact, date_format).date()
            except ValueError:
                continue
        raise ValueError(_("“%(value)s” is not a date: write it as 2024-11-05.") % {"value": text})


def _loose_key(text):
    """A code or label however spaced or joined: "협상중" is "협상 중", "end customer" is
    "end_customer"."""
    return "".join(_LOOSE_SEPARATORS.split(str(text))).casefold()


_LOOSE_SEPARATORS = re.compile(r"[\s_\-]+")


class LabelChoiceWidget(ChoiceWidget):
    """A coded column of the consultation log: the code or its label in English or Korean,
    give or take spaces, underscores and hyphens (people write "협상중" for "협상 중")."""

    def codes(self):
        if self._codes is None:
            codes = dict(super().codes())
            for key, code in list(codes.items()):
                codes.setdefault(_loose_key(key), code)
            self._codes = codes
        return self._codes

    def clean(self, value, row=None, **kwargs):
        text = "" if value is None else str(value).strip()
        if not text:
            return super().clean(value, row=row, **kwargs)
        code = self.codes().get(_loose_key(text))
        if code is not None:
            return code
        raise ValueError(
            _("“%(value)s” is not one of: %(codes)s.")
            % {
                "value": text,
                "codes": ", ".join(f"{code} ({label})" for code, label in self.choices.choices),
            }
        )
