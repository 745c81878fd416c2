"""The bases of the portal's resources: all-or-nothing imports, the existing rows read at once
by their key, and reports that are exported but never imported."""

import copy

from django.core.exceptions import ValidationError
from django.db.models import NOT_PROVIDED, QuerySet
from django.utils.encoding import force_str
from django.utils.translation import gettext as _
from import_export import resources
from import_export.instance_loaders import ModelInstanceLoader
from import_export.results import RowResult

from portal.spreadsheets.cells import FORMULA_PREFIXES, neutralise_formula
from portal.spreadsheets.unique import UniqueColumnsMixin
from portal.spreadsheets.widgets import DecimalWidget, IntegerWidget


class CachedKeyLoader(ModelInstanceLoader):
    """The existing objects of every row in one query, by the resource's one key column,
    instead of a query per row. A key that does not parse is skipped here and reported by
    its own row, with its row number and column, as without the cache."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        (name,) = self.resource.get_import_id_fields()
        self.key_field = self.resource.fields[name]
        keys = set()
        for row in self.dataset.dict if self.dataset.headers else []:
            try:
                keys.add(self.key_field.clean(row))
            except (KeyError, ValueError, ValidationError):
                continue
        lookup = {f"{self.key_field.attribute}__in": keys}
        self.existing = {
            getattr(instance, self.key_field.attribute): instance
            for instance in (self.get_queryset().filter(**lookup) if keys else [])
        }

    def get_instance(self, row):
        return self.existing.get(self.key_field.clean(row))


class AllOrNothingResourceOptions:
    """Meta options that make an import resource validate every model instance (``full_clean``)
    before it is saved. Use as a base of a resource's ``Meta``; :class:`PortalModelResource`
    adds the rollback of the whole file."""

    use_transactions = True
    clean_model_instances = True


class LazyReprRowResult(RowResult):
    """A row's result that describes its object (``object_id``, ``object_repr``: read by the
    admin's log of an import on Django < 5.1) when read, not for every row; so a row written
    in bulk, after it was checked, has its id too."""

    def add_instance_info(self, instance):
        self._described = instance

    def _described_as(self, name, describe):
        instance = getattr(self, "_described", None)
        if instance is None:
            return self.__dict__.get(name)
        try:
            return describe(instance)
        except Exception:  # noqa: BLE001 - as the library: a failing __str__ describes nothing
            return None

    @property
    def object_id(self):
        return self._described_as("_object_id", lambda instance: getattr(instance, "pk", None))

    @object_id.setter
    def object_id(self, value):
        self.__dict__["_object_id"] = value

    @property
    def object_repr(self):
        return self._described_as("_object_repr", force_str)

    @object_repr.setter
    def object_repr(self, value):
        self.__dict__["_object_repr"] = value


class PortalModelResource(UniqueColumnsMixin, resources.ModelResource):
    """Base of the portal's resources: number columns explain their errors, a bad key value is
    reported against its column, and a file without its key columns is refused at once."""

    WIDGETS_MAP = {
        **resources.ModelResource.WIDGETS_MAP,
        "DecimalField": DecimalWidget,
        "IntegerField": IntegerWidget,
        "PositiveIntegerField": IntegerWidget,
        "BigIntegerField": IntegerWidget,
        "PositiveBigIntegerField": IntegerWidget,
        "PositiveSmallIntegerField": IntegerWidget,
        "SmallIntegerField": IntegerWidget,
    }

    #: Draw the difference of each row (the admin's preview) only in a dry run: an import that
    #: writes (the admin's confirmation, ``manage.py import``) shows no diff, and the library's
    #: diff (a deep copy of every instance, every field rendered twice, an HTML diff per cell)
    #: was a third of a company import's time.
    diff_in_dry_run_only = False

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        """All or nothing, whoever calls: one transaction, rolled back on any invalid row."""
        kwargs["use_transactions"] = True
        kwargs["rollback_on_validation_errors"] = True
        # This import's own options: the library writes into them (store_instance), and a
        # resource that draws its diff only in a dry run changes skip_diff for this import.
        self._meta = copy.copy(type(self)._meta)
        if self.diff_in_dry_run_only and not dry_run:
            self._meta.skip_diff = True
        self._import_fields = None
        self._unique_checks = []
        return super().import_data(dataset, dry_run=dry_run, raise_errors=raise_errors, **kwargs)

    def import_field(self, field, instance, row, is_m2m=False, **kwargs):
        """The library's ``Field.save`` for a plain column (a model attribute, written), in one
        step instead of three layers a cell: the widget's value, or the field's default for
        an empty cell, set on the instance unless it is None and the field keeps no nulls."""
        if is_m2m or field.readonly or not field.attribute or "__" in field.attribute:
            return super().import_field(field, instance, row, is_m2m=is_m2m, **kwargs)
        if field.column_name not in row:
            return None
        value = field.widget.clean(row[field.column_name], row=row, **kwargs)
        if value in field.empty_values and field.default is not NOT_PROVIDED:
            value = field.default() if callable(field.default) else field.default
        if value is not None or field.saves_null_values:
            setattr(instance, field.attribute, value)
        return None

    @classmethod
    def get_row_result_class(cls):
        return LazyReprRowResult

    def get_import_fields(self):
        """The library asks for the list on every row; it does not change during an import."""
        if getattr(self, "_import_fields", None) is None:
            self._import_fields = super().get_import_fields()
        return self._import_fields

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        headers = {str(h).strip() for h in (dataset.headers or [])}
        missing = [f.column_name for f in self._key_fields() if f.column_name not in headers]
        if missing:
            raise ValueError(
                _("The file has no column %(columns)s (the first row must name the columns).")
                % {"columns": ", ".join(missing)}
            )
        if self.unique_over_file:
            self._prepare_unique_checks(dataset, headers)

    def _key_fields(self):
        return [self.fields[name] for name in self._meta.import_id_fields]

    def export_field(self, field, instance, **kwargs):
        """Every exported text cell is safe from formula injection (:func:`neutralise_formula`)."""
        return neutralise_formula(super().export_field(field, instance, **kwargs))

    def before_import_row(self, row, **kwargs):
        """A cell that an export neutralised (an apostrophe before "=", "+", "-", "@"...) is
        read back as it was typed, so that an exported file imports unchanged."""
        super().before_import_row(row, **kwargs)
        self._row_number = kwargs.get("row_number")
        for key, value in list(row.items()):
            if (
                isinstance(value, str)
                and value.startswith("'")
                and value[1:].startswith(FORMULA_PREFIXES)
            ):
                row[key] = value[1:]

    def get_instance(self, instance_loader, row):
        try:
            return super().get_instance(instance_loader, row)
        except ValueError as error:
            key = self._key_fields()[0]
            raise ValidationError({key.attribute: [str(error)]}) from error


class ExportOnlyResource(resources.ModelResource):
    """Base of the reports that are exported but never imported: every text cell is safe from
    formula injection, and rows are read in chunks with their prefetched relations (a fixed
    number of queries per chunk, instead of the library's count and page-by-page OFFSET
    queries)."""

    def export_field(self, field, instance, **kwargs):
        return neutralise_formula(super().export_field(field, instance, **kwargs))

    def iter_queryset(self, queryset):
        if isinstance(queryset, QuerySet):
            queryset = queryset.iterator(chunk_size=self.get_chunk_size())
        yield from queryset

    def import_data(self, *args, **kwargs):
        raise ValueError(_("This spreadsheet is a report: it can be exported, not imported."))
