"""What the admins with an import or an export share: the export page's column names, and the
readers' refusals shown as form errors."""

from django.core.exceptions import FieldDoesNotExist
from django.utils.text import capfirst
from import_export.forms import SelectableFieldsExportForm

from portal.spreadsheets.reading import SpreadsheetTooLarge, UndecodableFile, UnreadableSpreadsheet


class ExportFieldsForm(SelectableFieldsExportForm):
    """The export page's list of columns by their names in the page's language, with the
    column's header: "사업자등록번호 (registration_number)", not django-import-export's
    attribute name in title case ("Registration Number"), which no catalogue can translate.
    A column that is no model field is named by its resource's ``column_labels``."""

    def _get_field_label(self, resource, field_name):
        field = resource.fields.get(field_name)
        column = field.column_name if field else field_name
        label = getattr(resource, "column_labels", {}).get(column) or _verbose_name(
            resource._meta.model, field.attribute if field else None
        )
        return f"{capfirst(label)} ({column})" if label else column


def _verbose_name(model, attribute):
    """The verbose name of the model field ``attribute`` (``a__b__c`` followed through the
    relations; a slug or key at the end names the relation it belongs to); None when it is
    not a model field."""
    if not attribute or model is None:
        return None
    named = None
    for part in attribute.split("__"):
        try:
            field = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if field.is_relation and field.related_model is not None:
            named, model = field, field.related_model
        elif field.name in ("slug", "id") or field.primary_key:
            break
        else:
            named = field
    return named.verbose_name if named is not None else None


class SpreadsheetAdminMixin:
    """For the admins with django-import-export's import or export (put it first in the
    bases): a file refused by the readers (:mod:`portal.spreadsheets.reading`) shows the
    reason (the limit it is over, the encoding it is not) instead of the exception's class
    name; and a filter in the export page's address that is not a field (a hand-edited or
    stale link) leads back to the changelist's "invalid filter" page, as the changelist
    itself does, not to a server error."""

    export_form_class = ExportFieldsForm

    def export_action(self, request):
        from django.contrib.admin.options import IncorrectLookupParameters
        from django.http import HttpResponseRedirect

        try:
            return super().export_action(request)
        except IncorrectLookupParameters:
            return HttpResponseRedirect(request.path + "?e=1")

    def add_data_read_fail_error_to_form(self, form, e):
        if isinstance(e, (SpreadsheetTooLarge, UnreadableSpreadsheet, UndecodableFile)):
            form.add_error("import_file", str(e))
        else:
            super().add_data_read_fail_error_to_form(form, e)
