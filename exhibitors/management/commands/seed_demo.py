from django.core.management.base import BaseCommand

from exhibitors.demo import COMPANY_EMAIL, DEMO_PASSWORD, STAFF_EMAIL, seed_demo


class Command(BaseCommand):
    help = (
        "Load the demo data (SCEWC 2023 and 2024, Smart Life Week 2024, an open call) and the "
        "demo accounts. Safe to run again: it adds nothing twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args, **options):
        seed_demo(stdout=self.stdout)
        if not options["quiet_logins"]:
            self.stdout.write(
                self.style.SUCCESS(
                    f"\nDemo logins (password for both: {DEMO_PASSWORD})\n"
                    f"  staff, back office at /admin/: {STAFF_EMAIL}\n"
                    f"  company user:                  {COMPANY_EMAIL}\n"
                )
            )
