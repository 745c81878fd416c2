"""``manage.py allocate_booths EVENT_SLUG [--dry-run] [--format text|json]``"""

import json

from django.core.management.base import BaseCommand, CommandError

from events.models import Pavilion
from exhibitors.companies.models import ExhibitorRole
from exhibitors.floor.services import BoothRefused, pavilion_allocate
from portal.audit import audit


def _holder(exhibitor):
    company = exhibitor.company
    if exhibitor.role == ExhibitorRole.COMPANY and company.registration_number:
        return company.registration_number_display
    return company.name_en


class Command(BaseCommand):
    help = (
        "Place every confirmed exhibitor without a booth into the free booths of the event's "
        "pavilions: themes grouped, corners to the best-ranked who asked, districts in "
        "district booths. Booths allocated by hand are never moved."
    )

    def add_arguments(self, parser):
        parser.add_argument("event_slug")
        parser.add_argument("--pavilion", help="the pavilion's slug, if the event has several")
        parser.add_argument("--dry-run", action="store_true", help="show the plan, write nothing")
        parser.add_argument("--format", choices=["text", "json"], default="text")

    def handle(self, *args, event_slug, pavilion=None, dry_run=False, format="text", **options):
        pavilions = Pavilion.objects.filter(event__slug=event_slug).select_related("event")
        if pavilion:
            pavilions = pavilions.filter(slug=pavilion)
        if not pavilions:
            raise CommandError(f"No pavilion for the event {event_slug!r}.")
        placed, unplaced = [], []
        for each in pavilions:
            try:
                with audit(reason=f"manage.py allocate_booths {event_slug}"):
                    plan = pavilion_allocate(pavilion=each, dry_run=dry_run)
            except BoothRefused as error:
                raise CommandError(error.message) from error
            for booth, exhibitor, theme in plan.placed:
                placed.append(
                    {
                        "booth": booth.code,
                        "x": str(booth.x),
                        "y": str(booth.y),
                        "width": str(booth.width),
                        "depth": str(booth.depth),
                        "holder": _holder(exhibitor),
                        "theme": theme.name_en if theme else "",
                    }
                )
            unplaced.extend(
                {"holder": _holder(exhibitor), "reason": str(reason)}
                for exhibitor, reason in plan.unplaced
            )
        if format == "json":
            self.stdout.write(
                json.dumps({"placed": placed, "unplaced": unplaced}, ensure_ascii=False, indent=2)
            )
            return
        verb = "Would place" if dry_run else "Placed"
        for row in placed:
            self.stdout.write(f"{verb} {row['holder']} in {row['booth']} ({row['theme'] or '-'})")
        for row in unplaced:
            self.stdout.write(f"Could not place {row['holder']}: {row['reason']}")
        self.stdout.write(
            f"{len(placed)} placed, {len(unplaced)} not placed"
            + (" (dry run, nothing written)." if dry_run else ".")
        )
