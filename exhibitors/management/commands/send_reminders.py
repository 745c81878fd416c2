from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from exhibitors import reminders
from portal.audit import audit

#: What the daily run does, in this order: lapsed acceptances first (the waiting list moves up
#: before anyone is reminded), then one step per kind of reminder. Each step is
#: ``(function, summary)``: the function takes ``now``, ``days`` and ``dry_run`` and returns
#: what it did; the summary words its count. The meetings come last: unanswered requests
#: expire, then tomorrow's schedules go out.
STEPS = [
    (
        reminders.acceptances_expire,
        lambda n: ngettext("%(count)s acceptance expired", "%(count)s acceptances expired", n),
    ),
    (
        reminders.booth_offers_expire,
        lambda n: ngettext("%(count)s booth offer expired", "%(count)s booth offers expired", n),
    ),
    (
        reminders.reviewers_remind,
        lambda n: ngettext(
            "%(count)s reminder to a reviewer", "%(count)s reminders to reviewers", n
        ),
    ),
    (
        reminders.reports_remind,
        lambda n: ngettext(
            "%(count)s reminder to file an outcome report",
            "%(count)s reminders to file an outcome report",
            n,
        ),
    ),
    (
        reminders.confirmations_remind,
        lambda n: ngettext(
            "%(count)s reminder to confirm participation",
            "%(count)s reminders to confirm participation",
            n,
        ),
    ),
    (
        reminders.meetings_expire,
        lambda n: ngettext(
            "%(count)s meeting request expired", "%(count)s meeting requests expired", n
        ),
    ),
    (
        reminders.meetings_remind,
        lambda n: ngettext(
            "%(count)s schedule of tomorrow's meetings",
            "%(count)s schedules of tomorrow's meetings",
            n,
        ),
    ),
]


class Command(BaseCommand):
    help = (
        "Run daily: remind reviewers with unfinished reviews, accepted companies that have "
        "not confirmed and exhibitors whose outcome report is not submitted, a few days before "
        "their deadline (once per deadline), buyers and exhibitors with meetings the next day "
        "(their schedule, once), and expire unanswered meeting requests, "
        "acceptances not confirmed by the deadline, which moves the waiting list up, and booth "
        "offers not accepted in time."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--days",
            type=int,
            default=3,
            help="Remind about deadlines within this many days (default 3).",
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help="Only say what would be sent and expired; send nothing, change nothing.",
        )

    def handle(self, *args, days, dry_run, verbosity, **options):
        if days < 0:
            raise CommandError(_("--days cannot be negative."))
        now = timezone.now()
        parts = []
        for step, summary in STEPS:
            with audit(reason="manage.py send_reminders"):
                done = step(now=now, days=days, dry_run=dry_run)
            parts.append(summary(len(done)) % {"count": len(done)})
            if verbosity >= 2:
                for item in done:
                    self.stdout.write(
                        f"  {item.about}" + (f" → {', '.join(item.to)}" if item.to else "")
                    )
        line = ", ".join(parts) + "."
        if dry_run:
            line = _("Dry run, nothing sent or changed: %(summary)s") % {"summary": line}
        self.stdout.write(line)
