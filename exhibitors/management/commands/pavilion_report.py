"""``manage.py pavilion_report EVENT_SLUG [--format text|json|xlsx] [--output FILE]``

The figures of the dashboard, from the approved reports (:mod:`exhibitors.outcomes`): ``json``
is exactly :func:`outcomes.report_json`, ``xlsx`` the dashboard's workbook, ``text`` a table
followed by the press summaries in Korean and English."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from events.models import Pavilion
from exhibitors import outcomes


class Command(BaseCommand):
    help = (
        "The outcome figures of an event's pavilion, from its approved reports: totals in USD "
        "and KRW, the year-on-year change and the press summary in Korean and English."
    )

    def add_arguments(self, parser):
        parser.add_argument("event_slug")
        parser.add_argument("--pavilion", default=None, help="the pavilion's slug if several")
        parser.add_argument("--format", choices=["text", "json", "xlsx"], default="text")
        parser.add_argument("--output", help="write to this file (required for xlsx)")

    def handle(self, *args, event_slug, pavilion=None, format="text", output=None, **options):
        if format == "xlsx" and not output:
            raise CommandError(_("--output FILE is required for xlsx."))
        pavilions = Pavilion.objects.with_event().filter(event__slug=event_slug)
        if pavilion:
            pavilions = pavilions.filter(slug=pavilion)
        found = list(pavilions[:2])
        if not found:
            raise CommandError(_("No pavilion for the event “%(event)s”.") % {"event": event_slug})
        if len(found) > 1:
            raise CommandError(
                _("%(event)s has several pavilions: name one with --pavilion.")
                % {"event": event_slug}
            )
        figures = outcomes.pavilion_figures(found[0], tables=format == "xlsx")
        if format == "xlsx":
            with open(output, "wb") as file:
                file.write(outcomes.figures_xlsx(figures))
            self.stdout.write(_("Wrote %(file)s") % {"file": output})
            return
        if format == "json":
            text = json.dumps(outcomes.report_json(figures), ensure_ascii=False, indent=2)
        else:
            text = outcomes.report_text(figures)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text + "\n")
            self.stdout.write(_("Wrote %(file)s") % {"file": output})
        else:
            self.stdout.write(text)
