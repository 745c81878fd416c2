"""``manage.py pavilion_report EVENT_SLUG [--published] [--format text|json|xlsx] [--output FILE]``

The figures of the dashboard, from the approved reports (:mod:`exhibitors.outcomes.figures`): ``json``
is exactly :func:`figures_totals`, ``xlsx`` the dashboard's workbook, ``text`` a table
followed by the press summaries in Korean and English. With ``--published``, the figures as
published on the results page (the latest publication, frozen), with which version it is."""

import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from events.models import Pavilion
from exhibitors.outcomes.exports import (
    figures_xlsx,
    published_json,
    published_text,
    published_xlsx,
    report_text,
)
from exhibitors.outcomes.figures import figures_totals, pavilion_figures
from exhibitors.outcomes.selectors import published_figures


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
        parser.add_argument(
            "--published",
            action="store_true",
            help="the figures as published on the results page, not the live ones",
        )

    def handle(
        self,
        *args,
        event_slug,
        pavilion=None,
        format="text",
        output=None,
        published=False,
        **options,
    ):
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
        if published:
            figures = published_figures(found[0])
            if figures is None:
                raise CommandError(
                    _("The results of %(pavilion)s are not published.") % {"pavilion": found[0]}
                )
            write_xlsx, as_json, as_text = (
                published_xlsx,
                published_json,
                published_text,
            )
        else:
            figures = pavilion_figures(found[0], tables=format == "xlsx")
            write_xlsx, as_json, as_text = (
                figures_xlsx,
                figures_totals,
                report_text,
            )
        if format == "xlsx":
            with open(output, "wb") as file:
                file.write(write_xlsx(figures))
            self.stdout.write(_("Wrote %(file)s") % {"file": output})
            return
        if format == "json":
            text = json.dumps(as_json(figures), ensure_ascii=False, indent=2)
        else:
            text = as_text(figures)
        if output:
            with open(output, "w", encoding="utf-8") as file:
                file.write(text + "\n")
            self.stdout.write(_("Wrote %(file)s") % {"file": output})
        else:
            self.stdout.write(text)
