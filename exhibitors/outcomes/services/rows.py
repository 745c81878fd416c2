"""The exhibitor's edits: the report form's save, one consultation saved, confirmed or
deleted."""

from collections.abc import Iterable

from django.contrib.auth.models import AbstractBaseUser
from django.db import models, transaction
from django.utils.translation import gettext as _

from exhibitors.outcomes.models import (
    Consultation,
    ConsultationSource,
    OutcomeReport,
)
from exhibitors.outcomes.services.common import ReportRefused
from exhibitors.outcomes.services.rules import report_lock_for_edit
from portal.audit import audit, bulk_write_history


@transaction.atomic
def report_save(
    *,
    report: OutcomeReport,
    fields: Iterable[str],
    rows: Iterable[models.Model] = (),
    deleted: Iterable[models.Model] = (),
    user: AbstractBaseUser | None,
) -> OutcomeReport:
    """Save what the exhibitor typed, all together, if the report may still be changed: the
    report's own ``fields`` (their cleaned values already set on ``report``), the removed
    rows (``deleted``) and the new and changed ones (``rows``: consultations, MOUs, contracts,
    follow-ups of this report, unsaved). Only ``fields`` are written, so a stale page cannot
    bring back an old status or comment. New consultations are marked as entered on the
    report (``ConsultationSource.FORM``)."""
    report_lock_for_edit(report)
    with audit(user=user):
        report.save(update_fields=[*fields, "updated_at"])
        for row in deleted:
            row.delete()
        for row in rows:
            if isinstance(row, Consultation) and row.pk is None:
                row.source = ConsultationSource.FORM
            row.save()
    return report


@transaction.atomic
def consultation_save(
    *, report: OutcomeReport, consultation: Consultation, user: AbstractBaseUser | None
) -> Consultation:
    """Save one consultation of ``report`` (new or changed, its cleaned values set), if the
    exhibitor may still change the report. Saved by the exhibitor, its amounts are confirmed
    (``needs_confirmation`` off): a row from a meeting or the booth no longer holds up the
    report's submission. A new one is marked as entered on the report."""
    report_lock_for_edit(report)
    if consultation.report_id != report.pk:
        raise ReportRefused(_("This consultation belongs to another report."))
    if consultation.pk is None:
        consultation.source = ConsultationSource.FORM
    consultation.needs_confirmation = False
    with audit(user=user):
        consultation.save()
        report.save(update_fields=["updated_at"])
    return consultation


@transaction.atomic
def consultations_confirm(*, report: OutcomeReport, user: AbstractBaseUser | None) -> int:
    """Confirm the amounts of every row of ``report`` that waits for it (meetings held, booth
    logs), as they are, if the exhibitor may still change the report: one update, and each
    row's change in the audit trail (attributed to ``user``). Returns how many were
    confirmed."""
    report_lock_for_edit(report)
    waiting = Consultation.objects.filter(report=report, needs_confirmation=True)
    ids = list(waiting.values_list("pk", flat=True))
    if not ids:
        return 0
    with audit(user=user, reason="amounts confirmed"):
        Consultation.objects.filter(pk__in=ids).update(needs_confirmation=False)
        bulk_write_history(Consultation, ids, history_type="~")
        # The report's save makes the cached pages showing its rows stale (portal.pagecache).
        report.save(update_fields=["updated_at"])
    return len(ids)


@transaction.atomic
def consultation_delete(
    *, report: OutcomeReport, consultation: Consultation, user: AbstractBaseUser | None
) -> None:
    """Remove one consultation from ``report``, if the exhibitor may still change the report."""
    report_lock_for_edit(report)
    if consultation.report_id != report.pk:
        raise ReportRefused(_("This consultation belongs to another report."))
    with audit(user=user):
        consultation.delete()
        report.save(update_fields=["updated_at"])
