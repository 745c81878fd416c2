"""The audit trail: who changed what, when, and why (django-simple-history).

Every tracked model (applications, reviews and scores, booths, outcome reports and their rows,
companies and exhibitors) declares ``history = AuditedRecords()``; each save or delete then
writes a historical row with the whole object, the date, the user and a reason.

Who: in a request, the signed-in user (``HistoryRequestMiddleware``); a service that is told
who acts (``by``/``user``) says so with :func:`audit`, which wins over the request; outside a
request (management commands, the task worker) there is no user, and the command names
itself as the reason with :func:`audit`.

Code that writes without ``save()`` (``bulk_create``, ``bulk_update``, ``QuerySet.update``)
leaves no history: use ``simple_history.utils.bulk_create_with_history`` and
``bulk_update_with_history`` with ``default_change_reason=current_reason()`` instead, or,
where thousands of rows are written at once (the imports), ``bulk_create``/``bulk_update``
followed by :func:`bulk_write_history`, which copies the rows into the history table in the
database.
"""

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from simple_history.models import HistoricalRecords


@dataclass(frozen=True)
class _Acting:
    user: object = None
    reason: str = ""


_NOBODY = _Acting()
_acting = ContextVar("history_acting", default=None)

#: The longest reason kept (simple-history's column is 100 characters).
REASON_LENGTH = 100


@contextmanager
def audit(*, user=None, reason=""):
    """Attribute every change made inside the block to ``user`` and give it ``reason``. Blocks
    nest: an inner block without a user (or reason) keeps the outer one's."""
    outer = _acting.get() or _NOBODY
    token = _acting.set(
        _Acting(
            user=user if user is not None and user.is_authenticated else outer.user,
            reason=str(reason)[:REASON_LENGTH] if reason else outer.reason,
        )
    )
    try:
        yield
    finally:
        _acting.reset(token)


def current_user():
    return (_acting.get() or _NOBODY).user


def current_reason():
    return (_acting.get() or _NOBODY).reason


def _history_user(instance=None, request=None, **kwargs):
    """The user a historical row is attributed to: the one :func:`audit` names, else the
    request's signed-in user, else nobody."""
    user = current_user()
    if user is not None:
        return user
    if request is not None and request.user.is_authenticated:
        return request.user
    return None


class AuditedRecords(HistoricalRecords):
    """``HistoricalRecords`` that take who and why from :func:`audit` as well."""

    def __init__(self, **kwargs):
        kwargs.setdefault("get_user", _history_user)
        super().__init__(**kwargs)

    def get_change_reason_for_object(self, instance, history_type, using):
        return (
            super().get_change_reason_for_object(instance, history_type, using) or current_reason()
        )


#: Rows copied into the history table per INSERT … SELECT (well under every database's limit
#: on query parameters).
COPY_BATCH = 500


def bulk_write_history(model, pks, *, history_type, using="default"):
    """The historical rows of the rows ``pks`` of ``model``, just written with ``bulk_create``
    (``history_type`` "+") or ``bulk_update`` ("~"), copied inside the database: one
    ``INSERT … SELECT`` per :data:`COPY_BATCH` rows instead of a model instance and a set of
    parameters per row (simple-history's ``bulk_history_create``, which made the history
    cost one and a half times the rows themselves in an import). The rows hold what
    simple-history's helpers write: every tracked column, the date, the user and reason of
    :func:`audit` (or the request's user), the type (``tests/exhibitors/test_history.py``
    compares the two)."""
    from django.conf import settings
    from django.db import connections
    from django.utils import timezone

    if not pks or not getattr(settings, "SIMPLE_HISTORY_ENABLED", True):
        return
    history = model.history.model
    connection = connections[using]
    quote = connection.ops.quote_name
    pairs = [
        (history._meta.get_field(field.name).column, field.column)
        for field in history.tracked_fields
    ]
    user = history.get_default_history_user(None)
    stamped = {
        "history_date": connection.ops.adapt_datetimefield_value(timezone.now()),
        "history_change_reason": current_reason(),
        "history_type": history_type,
        "history_user_id": getattr(user, "pk", None),
    }
    copied = {target for target, _source in pairs} | {history._meta.pk.column}
    unknown = [
        field.column
        for field in history._meta.concrete_fields
        if field.column not in copied and field.attname not in stamped
    ]
    if unknown:  # a history field this copy does not know how to fill
        raise ValueError(f"{history.__name__}: no value for {', '.join(unknown)}")
    targets = [target for target, _source in pairs] + [
        history._meta.get_field(attname.removesuffix("_id")).column for attname in stamped
    ]
    sources = [quote(source) for _target, source in pairs] + ["%s"] * len(stamped)
    pk = quote(model._meta.pk.column)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), COPY_BATCH):
            batch = list(pks[start : start + COPY_BATCH])
            cursor.execute(
                f"INSERT INTO {quote(history._meta.db_table)} "
                f"({', '.join(quote(column) for column in targets)}) "
                f"SELECT {', '.join(sources)} FROM {quote(model._meta.db_table)} "
                f"WHERE {pk} IN ({', '.join(['%s'] * len(batch))}) ORDER BY {pk}",
                [*stamped.values(), *batch],
            )
