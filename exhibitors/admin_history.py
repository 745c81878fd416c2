"""The audit trail in the admin: a "History" page on every tracked object.

:class:`AuditedAdmin` is simple-history's admin with three changes:

- the page is read only: an old version is shown, never restored (a restore would bypass the
  services that keep the rules), and the version page refuses anything but GET;
- a staff user sees the history of an object only if they may see the object itself in this
  admin (``get_queryset``: a reviewer reads the history of their own reviews, not of
  another reviewer's), or, for a deleted object, if they may view the model;
- the rows that belong to the object (a review's scores, a report's consultations, MOUs,
  contracts and follow-ups) are listed with their own changes under the object's, deleted
  rows included, in a fixed number of queries.
"""

import datetime

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponseNotAllowed
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper


class ChoiceLabels(HistoricalRecordContextHelper):
    """Changes show values as the page's language writes them: a choice field's label
    ("Accepted"), not its code; a time in Korea time and the language's format ("2024년 11월
    5일 오후 6:00"), not "2024-11-05 09:00:00+00:00"; nothing as "—", not "None"."""

    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(value, DeletedObject):
            # simple-history's "Deleted <name> (pk=…)", in English; "pk=None" is no object.
            if value.pk is None:
                return "—"
            return _("Deleted %(type_name)s") % {"type_name": value.model._meta.verbose_name}
        if value is None or value == "":
            return "—"
        if field.choices and not getattr(field, "multiple", False):
            return dict(field.flatchoices).get(value, value)
        if isinstance(value, datetime.datetime):
            if timezone.is_aware(value):
                value = timezone.localtime(value)
            return formats.date_format(value, "DATETIME_FORMAT")
        if isinstance(value, datetime.date):
            return formats.date_format(value, "DATE_FORMAT")
        return super().prepare_delta_change_value(change, value)


def _label(record):
    """The row as it was, by name, from the related objects the query selected (the version
    that ``history_object`` builds knows only their ids)."""
    version = record.history_object
    for field in record.instance_type._meta.concrete_fields:
        if field.is_relation and field.is_cached(record):
            related = field.get_cached_value(record)
            if related is not None:
                setattr(version, field.name, related)
    return str(version)


class AuditedAdmin(SimpleHistoryAdmin):
    #: Related objects the history list shows by name (select_related paths of the history
    #: model), so that the page takes the same number of queries however long the history.
    history_select_related = ()
    #: ``(model, foreign key attname)``: rows of the object whose history is listed with it.
    history_related = ()

    object_history_template = "admin/exhibitors/object_history.html"
    object_history_list_template = "admin/exhibitors/object_history_list.html"

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return queryset.select_related(*self.history_select_related)

    def history_view_title(self, request, obj):
        return _("History of %(object)s") % {"object": obj}

    def history_form_view_title(self, request, obj):
        return _("%(object)s as it was then") % {"object": obj}

    def get_historical_record_context_helper(self, request, historical_record):
        return ChoiceLabels(self.model, historical_record)

    def _check_may_see(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        pk = {self.model._meta.pk.attname: unquote(object_id)}
        try:
            if self.get_queryset(request).filter(**pk).exists():
                return
            exists = self.model._default_manager.filter(**pk).exists()
        except (ValueError, ValidationError) as error:
            raise Http404 from error
        if exists:  # there, but not for this user
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._check_may_see(request, object_id)
        context = {"related_history": self.related_history(object_id), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        self._check_may_see(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def related_history(self, object_id):
        """[(verbose name plural, [record...])] for :attr:`history_related`, newest first;
        each changed record carries ``history_delta_changes`` against the row's previous
        version."""
        sections = []
        for model, attname in self.history_related:
            pk_name = model._meta.pk.attname
            records = list(
                model.history.filter(**{attname: unquote(object_id)})
                ._select_related_history_tracked_objs()
                .select_related("history_user")
                .order_by(pk_name, "history_date", "history_id")
            )
            previous = {}
            for record in records:
                record.label = _label(record)
                before = previous.get(getattr(record, pk_name))
                if before is not None:
                    delta = record.diff_against(before)
                    record.history_delta_changes = ChoiceLabels(
                        model, record
                    ).context_for_delta_changes(delta)
                previous[getattr(record, pk_name)] = record
            records.sort(key=lambda r: (r.history_date, r.history_id), reverse=True)
            sections.append((model._meta.verbose_name_plural, records))
        return sections
