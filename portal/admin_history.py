"""The audit trail in the admin: a "History" page on every tracked object.

:class:`AuditedAdmin` is simple-history's admin with three changes:

- the page is read only: an old version is shown, never restored (a restore would bypass the
  services that keep the rules), and the version page refuses anything but GET;
- a staff user sees the history of an object only if they may see the object itself in this
  admin: the admin's row rule (:meth:`AuditedAdmin.row_rule`, which ``get_queryset`` applies)
  holds for the object, or, for a deleted one, for its last recorded version (a reviewer reads
  the history of their own reviews, deleted or not, never another reviewer's);
- the page of one version shows every field read only, with the value it had and nothing
  else: no choice lists (which would list every user, every pavilion...), people by name;
- the rows that belong to the object (a review's scores, a report's consultations, MOUs,
  contracts and follow-ups) are listed with their own changes under the object's, deleted
  rows included, in a fixed number of queries.
"""

import datetime

from django.contrib.admin import helpers
from django.contrib.admin.utils import flatten_fieldsets, unquote
from django.contrib.auth import get_user_model
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import BooleanField
from django.forms import modelform_factory
from django.http import Http404, HttpResponseNotAllowed
from django.utils import formats, timezone
from django.utils.translation import gettext as _
from simple_history.admin import SimpleHistoryAdmin
from simple_history.models import DeletedObject
from simple_history.template_utils import HistoricalRecordContextHelper

from portal.names import display_name


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
        if isinstance(value, get_user_model()):
            return display_name(value)
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


def _restore_relations(obj, depth=3):
    """Give ``obj`` the rows it names that were deleted since (a deleted report's consultation
    names its report, which names its exhibitor...) as their last recorded versions, so that it
    can still be named."""
    for field in obj._meta.concrete_fields:
        if not (field.many_to_one or field.one_to_one) or getattr(obj, field.attname) is None:
            continue
        try:
            getattr(obj, field.name)
        except ObjectDoesNotExist:
            history = getattr(field.related_model, "history", None)
            if history is None:
                continue
            pk = {field.related_model._meta.pk.attname: getattr(obj, field.attname)}
            last = history.filter(**pk).order_by("-history_date", "-history_id").first()
            if last is None:
                continue
            related = last.instance
            if depth > 1:
                _restore_relations(related, depth - 1)
            field.set_cached_value(obj, related)


def _name(obj):
    """The object by name. A name that needs a row deleted since (a deleted report's
    consultation is named after its report) is made from that row's last version, which stays
    on ``obj`` for the page's template; without one, the object's kind and number."""
    try:
        return str(obj)
    except ObjectDoesNotExist:
        _restore_relations(obj)
    try:
        return str(obj)
    except ObjectDoesNotExist:
        return f"{obj._meta.verbose_name} #{obj.pk}"


def _person(field):
    """A read-only cell that names the user of ``field`` (a foreign key to a user)."""

    def person(obj):
        user = getattr(obj, field.name)
        return display_name(user) if user is not None else "—"

    person.short_description = field.verbose_name
    person.__name__ = field.name
    return person


def _yes_no(field):
    """A read-only cell for a yes/no field that may be unanswered: "Yes", "No" or empty (the
    admin's icon for an unanswered one is labelled "None", in English)."""

    def yes_no(obj):
        value = getattr(obj, field.name)
        return "—" if value is None else (_("Yes") if value else _("No"))

    yes_no.short_description = field.verbose_name
    yes_no.__name__ = field.name
    return yes_no


class AuditedAdmin(SimpleHistoryAdmin):
    #: Related objects the history list shows by name (select_related paths of the history
    #: model), so that the page takes the same number of queries however long the history.
    history_select_related = ()
    #: ``(model, foreign key attname)``: rows of the object whose history is listed with it.
    history_related = ()

    object_history_template = "admin/exhibitors/object_history.html"
    object_history_list_template = "admin/exhibitors/object_history_list.html"

    def row_rule(self, request):
        """The rows of this admin that ``request.user`` may see, as a ``Q`` over the model's
        own fields, or ``None`` for every row. ``get_queryset`` applies it to the live rows; the
        history pages apply it to the last recorded version of a deleted object, so a row rule
        goes here, never into ``get_queryset`` alone."""
        return None

    def get_queryset(self, request):
        queryset = super().get_queryset(request)
        rule = self.row_rule(request)
        return queryset if rule is None else queryset.filter(rule)

    def get_history_queryset(self, request, history_manager, pk_name, object_id):
        queryset = super().get_history_queryset(request, history_manager, pk_name, object_id)
        return queryset.select_related(*self.history_select_related)

    # Both titles name the object the page shows before its template does (see _name).

    def history_view_title(self, request, obj):
        return _("History of %(object)s") % {"object": _name(obj)}

    def history_form_view_title(self, request, obj):
        return _("%(object)s as it was then") % {"object": _name(obj)}

    def get_historical_record_context_helper(self, request, historical_record):
        return ChoiceLabels(self.model, historical_record)

    def _check_may_see(self, request, object_id):
        if not self.has_view_or_change_permission(request):
            raise PermissionDenied
        pk = {self.model._meta.pk.attname: unquote(object_id)}
        try:
            if self.get_queryset(request).filter(**pk).exists():
                return
            if self.model._default_manager.filter(**pk).exists():
                raise Http404  # there, but not for this user
            # Deleted (or never there): the row rule holds for its last recorded version.
            rule = self.row_rule(request)
            if rule is not None:
                history = self.model.history
                last = history.filter(**pk).order_by("-history_date", "-history_id")
                last = last.values("history_id")[:1]
                if not history.filter(rule, history_id__in=last).exists():
                    raise Http404
        except (ValueError, ValidationError) as error:
            raise Http404 from error

    def history_view(self, request, object_id, extra_context=None):
        self._check_may_see(request, object_id)
        context = {"related_history": self.related_history(object_id), **(extra_context or {})}
        return super().history_view(request, object_id, extra_context=context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        if request.method != "GET":
            return HttpResponseNotAllowed(["GET"])
        self._check_may_see(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context)

    def render_history_view(self, request, template, context, **kwargs):
        if "adminform" in context:  # the page of one version
            context = {**context, "adminform": self._version_form(request, context["original"])}
        return super().render_history_view(request, template, context, **kwargs)

    def _version_form(self, request, version):
        """The version's fields, all read only: the value each had, never a widget with the
        choices (a user field would list every account). People show by name."""
        people = {
            field.name: _person(field)
            for field in self.model._meta.concrete_fields
            if field.is_relation and field.related_model is get_user_model()
        }
        people.update(
            (field.name, _yes_no(field))
            for field in self.model._meta.concrete_fields
            if isinstance(field, BooleanField) and field.null
        )

        def shown(name):
            if isinstance(name, (list, tuple)):
                return tuple(shown(each) for each in name)
            return people.get(name, name)

        fieldsets = [
            (title, {**options, "fields": [shown(name) for name in options["fields"]]})
            for title, options in self.get_fieldsets(request, version)
        ]
        form = modelform_factory(self.model, fields=[])(instance=version)
        return helpers.AdminForm(
            form, fieldsets, {}, readonly_fields=flatten_fieldsets(fieldsets), model_admin=self
        )

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
