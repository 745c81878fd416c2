from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from import_export import fields, widgets

from exhibitors.companies import registration
from exhibitors.companies.models import Company, OrganisationKind
from portal import pagecache
from portal.audit import bulk_write_history
from portal.spreadsheets import (
    AllOrNothingResourceOptions,
    CachedKeyLoader,
    ChoiceWidget,
    PortalModelResource,
)


class RegistrationNumberWidget(widgets.CharWidget):
    """Reads 2208134568, 220-81-34568 or 220 81 34568 (or a number Excel turned into an
    integer); writes 220-81-34568. The model field checks the 10 digits and the check digit,
    with one message saying what is wrong. The number is the row's key, so an import cannot do without it (district
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


#: Rows per UPDATE of an import's bulk update: Django's bulk update writes one ``CASE`` with a
#: branch per row, which the database walks for every row (as ``floor.services.ALLOCATION_BATCH``).
UPDATE_BATCH = 100


class AuditedBulkWrites:
    """The writes of an import resource with ``use_bulk``, keeping the audit trail: new rows
    with ``bulk_create``, changed rows with ``bulk_update``, then their historical rows copied
    in the database (:func:`~portal.audit.bulk_write_history`), attributed to the user
    and reason of :mod:`portal.audit`
    (the request's user, or :func:`~portal.audit.audit`'s user and reason). The rows are
    checked one by one before (every bad row named with its row and column); an error in a
    batch is an error of the whole file, which the import then rolls back."""

    def bulk_create(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.create_instances and (using_transactions or not dry_run):
            model = self._meta.model
            try:
                with transaction.atomic(savepoint=False):
                    created = model._default_manager.bulk_create(
                        self.create_instances, batch_size=batch_size
                    )
                    bulk_write_history(model, [row.pk for row in created], history_type="+")
                    pagecache.written(model)
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.create_instances.clear()

    def bulk_update(self, using_transactions, dry_run, raise_errors, batch_size=None, result=None):
        if self.update_instances and (using_transactions or not dry_run):
            model = self._meta.model
            # bulk_update() leaves auto_now fields (updated_at) as they were: stamp them here.
            stamped = [f for f in model._meta.concrete_fields if getattr(f, "auto_now", False)]
            for instance in self.update_instances:
                for field in stamped:
                    field.pre_save(instance, add=False)
            try:
                with transaction.atomic(savepoint=False):
                    model._default_manager.bulk_update(
                        self.update_instances,
                        [*self.get_bulk_update_fields(), *(field.name for field in stamped)],
                        batch_size=min(batch_size or UPDATE_BATCH, UPDATE_BATCH),
                    )
                    bulk_write_history(
                        model, [row.pk for row in self.update_instances], history_type="~"
                    )
                    pagecache.written(model)
            except Exception as error:
                self.handle_import_error(result, error, raise_errors)
            finally:
                self.update_instances.clear()

    def get_bulk_update_fields(self):
        keys = set(self._meta.import_id_fields)
        return [
            field.attribute
            for name, field in self.fields.items()
            if field.attribute and name not in keys and field in self.get_import_fields()
        ]


class CompanyResource(AuditedBulkWrites, PortalModelResource):
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

    # The registration number (the only unique column) is checked over the file: a number on
    # two rows is reported on the second; a number already in the database is the company the
    # row updates (CachedKeyLoader finds them all in one query).
    unique_over_file = True
    # The preview (a dry run) shows each row's values and changes; the import that writes
    # draws none.
    diff_in_dry_run_only = True

    class Meta(AllOrNothingResourceOptions):
        model = Company
        import_id_fields = ["registration_number"]
        instance_loader_class = CachedKeyLoader  # one query for the file's existing companies
        # Every row is checked one by one (its errors reported with row and column), then the
        # new and the changed companies are written a batch at a time, apart, each with its
        # audit trail (AuditedBulkWrites). Any bad row or failed batch rolls the import back.
        use_bulk = True
        batch_size = 1000
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

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        """The model's ``full_clean`` without its check constraints and unique check: Django
        checks each with a query per row. The constraints are already checked per field (the
        widget refuses a row without a registration number; ``founded`` has its own minimum),
        and the unique registration number over the file (``unique_over_file``), with the same
        row-and-column errors (tests/exhibitors/test_import_rules.py keeps them in step)."""
        errors = dict(import_validation_errors or {})
        errors.update(self.unique_problems(instance, errors))
        try:
            instance.full_clean(
                exclude=list(errors), validate_unique=False, validate_constraints=False
            )
        except ValidationError as error:
            errors = error.update_error_dict(errors)
        if errors:
            raise ValidationError(errors)
