"""Spreadsheets of the exhibitors app (django-import-export resources)."""

from django.utils.translation import gettext as _
from import_export import fields, widgets

from portal.spreadsheets import AllOrNothingResourceOptions, ChoiceWidget, PortalModelResource

from . import registration
from .models import Company, OrganisationKind


class RegistrationNumberWidget(widgets.CharWidget):
    """Reads 1234567890 or 123-45-67890 (or a number Excel turned into an integer); writes
    123-45-67890. The number is the row's key, so an import cannot do without it (district
    governments have one in the same format, their 고유번호)."""

    def clean(self, value, row=None, **kwargs):
        if isinstance(value, float) and value.is_integer():
            value = int(value)
        number = registration.normalize(value)
        if not number:
            raise ValueError(_("The registration number is required: it identifies the row."))
        return number

    def render(self, value, obj=None, **kwargs):
        return registration.display(value)


class CompanyResource(PortalModelResource):
    """Companies keyed on their business registration number: importing a file again updates
    the companies it names instead of adding them twice."""

    registration_number = fields.Field(
        attribute="registration_number",
        column_name="registration_number",
        widget=RegistrationNumberWidget(),
    )
    kind = fields.Field(
        attribute="kind",
        column_name="kind",
        widget=ChoiceWidget(OrganisationKind, default=OrganisationKind.COMPANY),
    )

    class Meta(AllOrNothingResourceOptions):
        model = Company
        import_id_fields = ["registration_number"]
        fields = [
            "registration_number",
            "name_ko",
            "name_en",
            "representative",
            "founded",
            "employees",
            "website",
            "email",
            "phone",
            "kind",
        ]
        export_order = fields
