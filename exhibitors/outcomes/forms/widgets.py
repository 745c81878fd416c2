"""The widgets of the report's forms: selects and inputs written out in Python (the report's
form has a few hundred of them), the Bootstrap styling of a field, and the MOU scan's file
input."""

from dataclasses import dataclass

from django import forms
from django.db.models.fields.files import FieldFile
from django.forms.utils import flatatt
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language


class FastSelect(forms.Select):
    """A ``<select>`` written out in Python. Django renders each ``<option>`` through a
    template, which for a country list (about 250 options) in every row of a long table is
    most of the page's time. With ``cache_options`` the escaped options are kept per
    language (for choices that are the same in every form, like the countries)."""

    cache_options = False
    _cache = {}

    def _options(self):
        key = (type(self).__name__, get_language()) if self.cache_options else None
        if key in self._cache:
            return self._cache[key]
        options = []
        for value, label in self.choices:
            if isinstance(label, (list, tuple)):  # option groups: not needed here
                return None
            text = "" if value is None else str(value)
            options.append((text, format_html('<option value="{}"', text), escape(label)))
        if key is not None:
            self._cache[key] = options
        return options

    def render(self, name, value, attrs=None, renderer=None):
        options = self._options()
        if options is None:
            return super().render(name, value, attrs, renderer)
        chosen = set(self.format_value(value))
        html = [
            format_html(
                "<select{}>", flatatt({"name": name, **self.build_attrs(self.attrs, attrs)})
            )
        ]
        found = False
        for text, start, label in options:
            selected = not found and text in chosen
            found = found or selected
            html.append(f"{start}{' selected' if selected else ''}>{label}</option>")
        html.append("</select>")
        return mark_safe("".join(html))  # noqa: S308 - every part is escaped above


class CountrySelect(FastSelect):
    cache_options = True


class FastInput:
    """An ``<input>`` written out in Python, as Django's ``input.html`` template writes it
    (the value, then the attributes, every one escaped): the report's form has a few hundred
    of them, and the template took most of the page's time."""

    def render(self, name, value, attrs=None, renderer=None):
        html = format_html('<input type="{}" name="{}"', self.input_type, name)
        value = self.format_value(value)
        if value is not None:
            html += format_html(' value="{}"', value)
        html += flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(html + ">")  # noqa: S308 - every part is escaped above


class FastTextInput(FastInput, forms.TextInput):
    pass


class FastNumberInput(FastInput, forms.NumberInput):
    pass


class FastDateInput(FastInput, forms.DateInput):
    pass


class FastHiddenInput(FastInput, forms.HiddenInput):
    pass


#: The row forms' widgets and their faster twins (same attributes, same HTML).
FAST_WIDGETS = {
    forms.TextInput: FastTextInput,
    forms.NumberInput: FastNumberInput,
    forms.DateInput: FastDateInput,
    forms.HiddenInput: FastHiddenInput,
}


def _style(field):
    """Bootstrap classes on a field's widget (a table cell shows no label: the column header
    does, so the label goes to ``aria-label``), and the widget written in Python where it
    has a twin in ``FAST_WIDGETS``."""
    widget = field.widget
    widget.__class__ = FAST_WIDGETS.get(type(widget), type(widget))
    if isinstance(widget, forms.CheckboxInput):
        css = "form-check-input"
    elif isinstance(widget, forms.Select):
        css = "form-select form-select-sm"
    else:
        css = "form-control form-control-sm"
    widget.attrs.setdefault("class", css)
    widget.attrs.setdefault("aria-label", str(field.label))


def _date_input():
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _amount_input():
    return forms.NumberInput(attrs={"min": "0", "step": "0.01", "inputmode": "decimal"})


@dataclass(frozen=True)
class _Download:
    """What a file input shows as the file already there: a link through the portal's own
    view (which checks the company), never the storage's address."""

    url: str
    name: str

    def __str__(self):
        return self.name


class ScanInput(forms.ClearableFileInput):
    download_url = None

    def is_initial(self, value):
        return isinstance(value, FieldFile) and bool(value)

    def format_value(self, value):
        if self.is_initial(value) and self.download_url:
            return _Download(self.download_url, value.label)
        return super().format_value(value)
