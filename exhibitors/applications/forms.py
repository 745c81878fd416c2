from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Div, Fieldset, Layout, Submit
from django import forms
from django.utils.translation import gettext, gettext_lazy, ngettext
from django.utils.translation import gettext_lazy as _

from events.models import Pavilion
from exhibitors.applications import reviews, selectors
from exhibitors.applications.models import Application, Criterion, Review
from exhibitors.applications.services import EDITABLE_FIELDS
from portal.names import display_name


class ApplicationForm(forms.ModelForm):
    """Every field may stay empty in a draft; submitting checks completeness
    (``Application.missing_for_submission``), and so does every save after submission
    (``services.application_save``, which takes only these fields). ``loaded_version`` carries the application's
    version the page was made from, so that the service can refuse a stale page."""

    loaded_version = forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)

    class Meta:
        model = Application
        fields = list(EDITABLE_FIELDS)
        widgets = {
            "product_description_ko": forms.Textarea(attrs={"rows": 4}),
            "product_description_en": forms.Textarea(attrs={"rows": 4}),
            "exports_description": forms.Textarea(attrs={"rows": 3}),
            "past_expos": forms.Textarea(attrs={"rows": 3}),
            "goals": forms.Textarea(attrs={"rows": 3}),
            "target_markets": forms.SelectMultiple(attrs={"size": 8}),
            "past_pavilions": forms.CheckboxSelectMultiple,
            "booth_preference": forms.RadioSelect,
            "introduction_pdf": forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
            "product_image": forms.ClearableFileInput(
                attrs={"accept": "image/png,image/jpeg,image/webp"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        pavilion = self.instance.pavilion
        event = pavilion.event
        self.fields["theme"].queryset = event.themes.all()
        self.fields["theme"].empty_label = _("Choose a theme")
        self.fields["past_pavilions"].queryset = (
            Pavilion.objects.filter(
                event__series_id=event.series_id, event__starts_on__lt=event.starts_on
            )
            .select_related("event")
            .order_by("-event__starts_on")
        )
        self.fields["past_pavilions"].label_from_instance = lambda p: str(p.event)
        self.fields["booth_preference"].choices = self.fields["booth_preference"].choices[1:]
        self.fields["loaded_version"].initial = self.instance.version
        required = set(Application.REQUIRED_FOR_SUBMISSION)
        for name, field in self.fields.items():
            if name in required:
                field.label = f"{field.label} *"
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            "loaded_version",
            Fieldset(
                _("Product or solution"),
                Div(
                    Div("product_name_ko", css_class="col-md-6"),
                    Div("product_name_en", css_class="col-md-6"),
                    css_class="row",
                ),
                "product_description_ko",
                "product_description_en",
                Div(
                    Div("theme", css_class="col-md-6"),
                    Div("target_markets", css_class="col-md-6"),
                    css_class="row",
                ),
            ),
            Fieldset(
                _("Export record"),
                "exports_description",
                "overseas_offices",
                "past_expos",
                "past_pavilions",
            ),
            Fieldset(_("Your goals at the expo"), "goals"),
            Fieldset(_("Booth"), "booth_preference", "booth_notes"),
            Fieldset(
                _("Documents"),
                HTML(
                    '<p class="text-body-secondary small">{}</p>'.format(
                        _(
                            "A file you choose is kept when you save the draft; if the form shows an "
                            "error, choose the file again."
                        )
                    )
                ),
                "introduction_pdf",
                "product_image",
            ),
        )


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Why do you withdraw?"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.add_input(
            Submit("withdraw", _("Withdraw the application"), css_class="btn-danger")
        )


class DeclineForm(forms.Form):
    reason = forms.CharField(
        label=_("Reason (optional)"),
        max_length=1000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class ConfirmForm(forms.Form):
    """Confirming a place: the participation terms shown on the page, agreed to with a tick
    box; the version shown travels with the form, so that terms changed in the meantime are
    not agreed to unseen."""

    accept_terms = forms.BooleanField(
        label=_("We agree to the participation terms"),
        required=True,
        error_messages={
            "required": _("Please agree to the participation terms to confirm your place.")
        },
    )
    terms_version = forms.CharField(widget=forms.HiddenInput)


# Reviewing (the admin's review pages, admin_reviews) -------------------------------------


class ReviewerChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return display_name(obj)


class AssignmentForm(forms.ModelForm):
    """By-hand assignment: an application and one of the users who can review."""

    class Meta:
        model = Review
        fields = ["application", "reviewer"]
        help_texts = {
            "application": gettext_lazy("A submitted application, or one under review."),
            "reviewer": gettext_lazy("Staff who may review applications."),
        }

    def clean(self):
        cleaned = super().clean()
        application, reviewer = cleaned.get("application"), cleaned.get("reviewer")
        if application and reviewer:
            refusal = reviews.assignment_refusals(application=application, reviewer=reviewer)
            if refusal:
                raise forms.ValidationError(refusal)
        return cleaned


def _criterion_field_name(criterion_id):
    return f"criterion_{criterion_id}"


class ScoreForm(forms.Form):
    """One whole-number field per criterion of the pavilion, and a comment."""

    comment = forms.CharField(
        label=gettext_lazy("Comment"),
        required=False,
        max_length=3000,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=gettext_lazy("What convinced you, and what is missing."),
    )

    def __init__(self, *args, criteria, **kwargs):
        super().__init__(*args, **kwargs)
        self.criteria = criteria
        comment = self.fields.pop("comment")
        for criterion in criteria:
            scale = gettext("From 0 to %(max)s.") % {"max": criterion.scale_max}
            out_of_scale = gettext("The score must be between 0 and %(max)s.") % {
                "max": criterion.scale_max
            }
            self.fields[_criterion_field_name(criterion.pk)] = forms.IntegerField(
                label=criterion.name,
                help_text=f"{criterion.description} {scale}".strip(),
                min_value=0,
                max_value=criterion.scale_max,
                error_messages={
                    "required": gettext("Give a score."),
                    "min_value": out_of_scale,
                    "max_value": out_of_scale,
                },
            )
        self.fields["comment"] = comment

    def values(self):
        """{criterion id: score}, as :func:`reviews.review_submit` takes them."""
        return {c.pk: self.cleaned_data[_criterion_field_name(c.pk)] for c in self.criteria}

    def add_review_error(self, error):
        """Show a refusal of the service: its message on top, per-criterion messages next to
        their fields."""
        self.add_error(None, error.message)
        for criterion_id, message in error.errors.items():
            name = _criterion_field_name(criterion_id)
            self.add_error(name if name in self.fields else None, message)


class ConflictForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("Note for the programme manager"),
        required=False,
        max_length=300,
        widget=forms.Textarea(attrs={"rows": 2, "cols": 80}),
        help_text=gettext_lazy("For example: a former employer, an investor, a relative."),
    )


class ReviewersChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return ngettext(
            "%(name)s (%(count)s open review)", "%(name)s (%(count)s open reviews)", obj.open
        ) % {"name": display_name(obj), "count": obj.open}


class AssignReviewersForm(forms.Form):
    reviewers = ReviewersChoiceField(
        label=gettext_lazy("Reviewers"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
    )
    per_application = forms.IntegerField(
        label=gettext_lazy("Reviewers per application"),
        min_value=1,
        initial=2,
        help_text=gettext_lazy(
            "Each application gets this many reviewers; every reviewer about the same number "
            "of reviews."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reviewers"].queryset = selectors.reviewers_with_open_reviews()


class CriterionForm(forms.ModelForm):
    """A criterion; its scale cannot drop below a score already given on it."""

    class Meta:
        model = Criterion
        fields = [
            "pavilion",
            "position",
            "name_en",
            "name_ko",
            "description_en",
            "description_ko",
            "weight",
            "scale_max",
        ]
        # narrow enough for the seven columns of the pavilion's inline
        widgets = {
            "position": forms.NumberInput(attrs={"style": "width: 4em"}),
            "name_en": forms.TextInput(attrs={"size": 18}),
            "name_ko": forms.TextInput(attrs={"size": 14}),
            "description_en": forms.TextInput(attrs={"size": 30}),
            "description_ko": forms.TextInput(attrs={"size": 24}),
            "weight": forms.NumberInput(attrs={"style": "width: 5em", "step": "0.01"}),
            "scale_max": forms.NumberInput(attrs={"style": "width: 4em"}),
        }

    def clean_scale_max(self):
        scale_max = self.cleaned_data["scale_max"]
        if "scale_max" in self.changed_data:
            refusal = reviews.criterion_scale_refusals(criterion=self.instance, scale_max=scale_max)
            if refusal:
                raise forms.ValidationError(refusal)
        return scale_max


# Deciding (the ranking's actions, admin_ranking) -----------------------------------------


class DecideTopForm(forms.Form):
    accept = forms.IntegerField(label=_("Accept the top"), min_value=0, max_value=10_000)
    waitlist = forms.IntegerField(
        label=_("then waitlist the next"), min_value=0, max_value=10_000, initial=0
    )
