from django.core.management.base import BaseCommand

from exhibitors.demo import (
    BUYER_EMAIL,
    COMPANY_EMAIL,
    DEMO_BUYER_ORGANISATION,
    DEMO_EXHIBITOR,
    DEMO_PASSWORD,
    EXHIBITOR_EMAIL,
    ROLE_ACCOUNTS,
    STAFF_EMAIL,
    seed_demo,
)

#: What each demo login is for, in the printed table.
WHAT = {
    STAFF_EMAIL: "superuser, back office at /admin/",
    COMPANY_EMAIL: "company user (Hanbit Smart Lab), a draft to the open call",
    EXHIBITOR_EMAIL: (
        f"exhibitor ({DEMO_EXHIBITOR.name_en}, SCEWC 2024): its booth, a returned outcome report"
    ),
    BUYER_EMAIL: (
        f"buyer ({DEMO_BUYER_ORGANISATION}, Spain): the SCEWC 2024 catalogue, its meetings there"
    ),
}


class Command(BaseCommand):
    help = (
        "Load the demo data (SCEWC 2023 and 2024, Smart Life Week 2024, an open call with 40 "
        "submitted applications, the 2024 catalogue, buyers and meetings) and the demo accounts. Safe to run again: it adds nothing "
        "twice."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--quiet-logins", action="store_true", help="Do not print the demo logins."
        )

    def handle(self, *args, **options):
        seed_demo(stdout=self.stdout)
        if not options["quiet_logins"]:
            logins = [
                (STAFF_EMAIL, WHAT[STAFF_EMAIL]),
                *((a.email, f"staff, {a.group.lower()}") for a in ROLE_ACCOUNTS),
                (COMPANY_EMAIL, WHAT[COMPANY_EMAIL]),
                (EXHIBITOR_EMAIL, WHAT[EXHIBITOR_EMAIL]),
                (BUYER_EMAIL, WHAT[BUYER_EMAIL]),
            ]
            width = max(len(email) for email, _ in logins)
            table = "\n".join(f"  {email:<{width}}  {what}" for email, what in logins)
            self.stdout.write(
                self.style.SUCCESS(
                    f"\nDemo logins (the same password for all: {DEMO_PASSWORD})\n{table}\n"
                )
            )
