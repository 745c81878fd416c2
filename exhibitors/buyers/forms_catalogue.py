"""The company's catalogue entry form and the public catalogue's filter form. Both only
validate and shape what was typed; saving is :func:`exhibitors.buyers.catalogue.catalogue_entry_save`."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Div, Fieldset, Layout
from django import forms
from django.forms.utils import flatatt
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_countries import countries

from exhibitors.buyers.models import CatalogueEntry
from exhibitors.outcomes.forms.widgets import FastSelect
from exhibitors.outcomes.models import BuyerType


class CountrySelectMultiple(forms.SelectMultiple):
    """The countries' ``<select multiple>`` written out in Python, its options kept per language
    (as the report's ``CountrySelect``): Django renders each of the about 250 ``<option>``
    through a template, most of the entry page's time."""

    cache_options = True
    _cache = {}
    _options = FastSelect._options

    def render(self, name, value, attrs=None, renderer=None):
        options = self._options()
        if options is None:
            return super().render(name, value, attrs, renderer)
        chosen = {str(item) for item in self.format_value(value)}
        html = [
            format_html(
                '<select name="{}"{}>',
                name,
                flatatt({**self.build_attrs(self.attrs, attrs), "multiple": True}),
            )
        ]
        for text, start, label in options:
            html.append(f"{start}{' selected' if text in chosen else ''}>{label}</option>")
        html.append("</select>")
        return mark_safe("".join(html))  # noqa: S308 - every part is escaped


def _countries():
    return list(countries)


class CatalogueEntryForm(forms.Form):
    product_ko = forms.CharField(label=_("product (Korean)"), max_length=200, required=False)
    product_en = forms.CharField(label=_("product (English)"), max_length=200, required=False)
    summary_ko = forms.CharField(
        label=_("summary (Korean)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    summary_en = forms.CharField(
        label=_("summary (English)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    target_markets = forms.MultipleChoiceField(
        label=_("target markets"),
        required=False,
        choices=[],
        widget=CountrySelectMultiple(attrs={"size": 8}),
        help_text=_("Countries you sell to (hold Ctrl or ⌘ to choose several)."),
    )
    partner_types = forms.MultipleChoiceField(
        label=_("partners sought"),
        required=False,
        choices=BuyerType.choices,
        widget=forms.CheckboxSelectMultiple,
    )
    show_logo = forms.BooleanField(label=_("show our logo"), required=False)
    show_website = forms.BooleanField(label=_("show our website"), required=False)
    agree = forms.BooleanField(
        label=_("We agree to publish this entry in the pavilion's public catalogue"),
        required=False,
        help_text=_("Without this the entry stays private; untick it to take the entry down."),
    )

    def __init__(self, *args, entry: CatalogueEntry | None = None, **kwargs):
        if entry is not None and "initial" not in kwargs:
            kwargs["initial"] = {
                "product_ko": entry.product_ko,
                "product_en": entry.product_en,
                "summary_ko": entry.summary_ko,
                "summary_en": entry.summary_en,
                "target_markets": [country.code for country in entry.target_markets],
                "partner_types": entry.partner_types,
                "show_logo": entry.show_logo,
                "show_website": entry.show_website,
                "agree": entry.agreed_at is not None,
            }
        elif entry is None and "initial" not in kwargs:
            kwargs["initial"] = {"show_logo": True, "show_website": True}
        super().__init__(*args, **kwargs)
        # Read when the field is shown or checked, not before: a cached page needs neither.
        self.fields["target_markets"].choices = _countries
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Fieldset(
                _("What you show"),
                Div(
                    Div("product_ko", css_class="col-md-6"),
                    Div("product_en", css_class="col-md-6"),
                    css_class="row",
                ),
                Div(
                    Div("summary_ko", css_class="col-md-6"),
                    Div("summary_en", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(_("What you seek"), "target_markets", "partner_types"),
            Fieldset(_("Publication"), "show_logo", "show_website", "agree"),
        )


class CatalogueFilterForm(forms.Form):
    """The public list's filters: a theme, a target market, words to look for."""

    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.TypedChoiceField(label=_("Theme"), required=False, coerce=int, empty_value=None)
    market = forms.ChoiceField(label=_("Target market"), required=False)

    def __init__(self, *args, themes=(), markets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = [("", _("All themes"))] + [
            (theme.pk, theme.name) for theme in themes
        ]
        self.fields["market"].choices = [("", _("All markets"))] + [
            (code, countries.name(code)) for code in markets
        ]
