"""Unique columns checked over the whole file and the existing rows at once."""

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.translation import gettext as _


class UniqueColumnsMixin:
    """The unique columns of an import checked over the whole file at once (a mixin of
    :class:`~portal.spreadsheets.resources.PortalModelResource`, which prepares the checks in
    ``before_import`` when :attr:`unique_over_file` is set and numbers the rows)."""

    #: Check the model's unique columns over the file and the existing rows (one query per
    #: column for the whole file, none for the key column: its existing rows are the ones the
    #: rows update) instead of ``full_clean``'s query per row; see :meth:`unique_problems`.
    #: A resource that sets it calls ``full_clean`` with ``validate_unique=False``.
    unique_over_file = False

    def unique_fields(self):
        """The import fields whose model field is unique, the primary key aside."""
        model = self._meta.model
        found = []
        for field in self.get_import_fields():
            if not field.attribute or "__" in field.attribute:
                continue
            try:
                model_field = model._meta.get_field(field.attribute)
            except FieldDoesNotExist:
                continue
            if model_field.concrete and model_field.unique and not model_field.primary_key:
                found.append(field)
        return found

    def _prepare_unique_checks(self, dataset, headers):
        model = self._meta.model
        keys = {self.fields[name].attribute for name in self._meta.import_id_fields}
        # (field, attname, {value: spreadsheet row it was first on}, {value: pk of the
        # existing row that has it}, left empty for the key column)
        self._unique_checks = []
        for field in self.unique_fields():
            if field.column_name not in headers:
                continue
            attname = model._meta.get_field(field.attribute).attname
            check = (field, attname, {}, {})
            self._unique_checks.append(check)
            if field.attribute in keys:
                continue  # an existing row with this value is the row the file updates
            values = set()
            for row in dataset.dict:
                try:
                    value = field.clean(row)
                except (KeyError, ValueError, ValidationError):
                    continue  # reported by its own row
                if value is not None:
                    values.add(value)
            check[3].update(
                model._default_manager.filter(**{f"{field.attribute}__in": values}).values_list(
                    field.attribute, "pk"
                )
                if values
                else ()
            )

    def unique_problems(self, instance, errors=()):
        """{attribute: ValidationError} for the row being imported: a value of a unique column
        that an earlier row of the file has (reported on the later row, naming the earlier one),
        or that another existing row has (Django's own message). Columns that already have an
        error are left alone."""
        problems = {}
        row = getattr(self, "_row_number", None)
        for field, attname, seen, taken in getattr(self, "_unique_checks", ()):
            value = getattr(instance, attname)
            if value is None or field.attribute in errors:
                continue
            if value in seen:
                problems[field.attribute] = ValidationError(
                    _(
                        "“%(value)s” is already on row %(row)s of this file: each value of this "
                        "column may appear only once."
                    )
                    % {"value": field.widget.render(value), "row": seen[value]},
                    code="unique",
                )
                continue
            seen[value] = None if row is None else row + 1
            other = taken.get(value)
            if other is not None and other != instance.pk:
                problems[field.attribute] = instance.unique_error_message(
                    type(instance), (field.attribute,)
                )
        return problems
