"""Which report each row of the consultation log goes into: the report of the exhibitor that
the row's ``event`` and ``registration_number`` name (opened if needed, locked and checked to
be editable), or, on a report's own upload, that report."""

from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext as _

from events.models import Pavilion
from exhibitors.companies import registration
from exhibitors.companies.models import Exhibitor, ExhibitorRole
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.resources.widgets import _name_key
from portal.spreadsheets import cell_text


def _report_key(slug, holder):
    """Rows naming the same exhibitor of the same event, however its number or name is typed,
    share one report lookup."""
    return (slug, registration.normalize(holder) if holder[:1].isdigit() else _name_key(holder))


def _names_holder(exhibitor, text):
    """Whether a row's ``registration_number`` cell names this exhibitor: its registration
    number (with or without dashes) or, for a district, its Korean or English name."""
    company = exhibitor.company
    if company.registration_number and registration.normalize(text) == company.registration_number:
        return True
    return exhibitor.role == ExhibitorRole.CO_EXHIBITOR and _name_key(text) in {
        _name_key(company.name_ko),
        _name_key(company.name_en),
    }


class ReportRows:
    """The report columns (``event``, ``registration_number``) of :class:`ConsultationResource`:
    on import, the report each row goes into (it reads ``only_report``, the report page's own
    upload or None for a staff import, and keeps what it found in ``_found``); on export, the
    consultation's report's event and holder."""

    def _find_file_reports(self, dataset):
        """The reports of every exhibitor the file names, in a few queries for the file."""
        wanted = {}
        for values in dataset.dict:
            slug = cell_text(values.get("event"))
            holder = cell_text(values.get("registration_number"))
            if slug and holder:
                wanted.setdefault(_report_key(slug, holder), (slug, holder))
        self._found.update(self._find_reports(wanted))

    def _report(self, row):
        slug = cell_text(row.get("event"))
        holder = cell_text(row.get("registration_number"))
        if self.only_report is not None:
            return self._own_report(slug, holder)
        if not slug:
            raise ValidationError({"event": _("The event is required: its slug, e.g. scewc-2024.")})
        if not holder:
            raise ValidationError(
                {
                    "registration_number": _(
                        "The registration number is required: it identifies the row."
                    )
                }
            )
        key = _report_key(slug, holder)
        if key not in self._found:  # a row that before_import could not read as it is now
            self._found.update(self._find_reports({key: (slug, holder)}))
        found = self._found[key]
        if isinstance(found, tuple):
            raise ValidationError({found[0]: found[1]})
        return found

    def _own_report(self, slug, holder):
        """The upload on a report page: a row that names an event or an exhibitor (columns the
        upload may leave out, or cells left empty) must name that report's (no query per
        row)."""
        report = self.only_report
        exhibitor = report.exhibitor
        if slug and slug != exhibitor.pavilion.event.slug:
            raise ValidationError(
                {
                    "event": _("This report is for “%(expected)s”, not “%(event)s”.")
                    % {"expected": exhibitor.pavilion.event.slug, "event": slug}
                }
            )
        if holder and not _names_holder(exhibitor, holder):
            raise ValidationError(
                {
                    "registration_number": _("This row is not your company's: %(number)s.")
                    % {"number": holder}
                }
            )
        return report

    def _find_reports(self, wanted):
        """The report of each exhibitor that rows name, ``{key: (event slug, holder)}`` ->
        ``{key: report, or (column, message)}``: opened if needed, locked and checked to be
        editable. A few queries for the whole file (the pavilions, the exhibitors, their
        reports, the locks), plus one opening for each report not opened yet."""
        slugs = {slug for slug, _holder in wanted.values()}
        pavilions = list(Pavilion.objects.filter(event__slug__in=slugs).select_related("event"))
        numbers = {registration.normalize(holder) for _slug, holder in wanted.values()}
        by_number, by_name = {}, {}
        for exhibitor in (
            Exhibitor.objects.filter(
                Q(company__registration_number__in=[n for n in numbers if n.isdigit()])
                | Q(role=ExhibitorRole.CO_EXHIBITOR),
                pavilion__in=pavilions,
            )
            .select_related("pavilion__event", "company")
            .order_by("pavilion__slug", "pk")
        ):
            slug, company = exhibitor.pavilion.event.slug, exhibitor.company
            if company.registration_number:
                by_number.setdefault((slug, company.registration_number), []).append(exhibitor)
            if exhibitor.role == ExhibitorRole.CO_EXHIBITOR:
                for name in {_name_key(company.name_ko), _name_key(company.name_en)}:
                    by_name.setdefault((slug, name), []).append(exhibitor)
        events = {pavilion.event.slug for pavilion in pavilions}
        found, chosen = {}, {}
        for key, (slug, holder) in wanted.items():
            if slug not in events:
                found[key] = ("event", _("There is no event “%(event)s”.") % {"event": slug})
                continue
            number = registration.normalize(holder)
            named = by_number.get((slug, number), []) if number.isdigit() else []
            named += [e for e in by_name.get((slug, _name_key(holder)), []) if e not in named]
            if not named:
                found[key] = (
                    "registration_number",
                    _("No exhibitor with the registration number %(number)s at “%(event)s”.")
                    % {"number": registration.display(holder), "event": slug},
                )
            elif len(named) > 1:
                found[key] = (
                    "registration_number",
                    _(
                        "%(holder)s exhibits in several pavilions of “%(event)s”; import its "
                        "consultations from its report page."
                    )
                    % {"holder": holder, "event": slug},
                )
            else:
                problem = outcomes.report_open_refusals(named[0])
                if problem:
                    found[key] = self._holder_problem(named[0], problem)
                else:
                    chosen[key] = named[0]
        reports = outcomes.reports_get_or_create(chosen.values())
        problems = outcomes.reports_lock_for_edit(reports.values())
        for key, exhibitor in chosen.items():
            report = reports[exhibitor.pk]
            problem = problems[report.pk]
            found[key] = self._holder_problem(exhibitor, problem) if problem else report
        return found

    @staticmethod
    def _holder_problem(exhibitor, problem):
        return (
            "registration_number",
            _("%(company)s: %(problem)s") % {"company": exhibitor.company, "problem": problem},
        )

    def dehydrate_event(self, consultation):
        return consultation.report.exhibitor.pavilion.event.slug

    def dehydrate_registration_number(self, consultation):
        return consultation.report.exhibitor.spreadsheet_label()
