"""The demo seeder: writes the demo data (:mod:`exhibitors.demo.content`) domain by domain, in
order, through the modules of this package.

Every write is keyed on a natural key (slug, registration number, e-mail), so running
:func:`seed_demo` again changes nothing and adds nothing.
"""

import datetime
from decimal import Decimal

from django.db import transaction

from events.models import Event, Pavilion
from exhibitors import roles
from exhibitors.applications.models import ApplicationStatus
from exhibitors.companies.models import Company, ExhibitorRole
from exhibitors.demo import accounts, applications, buyers, companies, events, floor, outcomes
from exhibitors.demo.content import (
    APPLICANTS,
    COMPANIES,
    DEMO_APPLICANT,
    DEMO_EXHIBITOR,
    DEMO_REASON,
    DISTRICTS,
    EXHIBITOR_EMAIL,
    EXHIBITORS_BY_YEAR,
    MANAGER_EMAIL,
    REPORTING_EMAIL,
    ROLE_ACCOUNTS,
)
from exhibitors.demo.events import at
from portal.audit import audit


class DemoSeeder:
    def __init__(self, today=None, stdout=None):
        self.today = today or datetime.date.today()
        self.stdout = stdout

    def log(self, message):
        if self.stdout is not None:
            self.stdout.write(message)

    @transaction.atomic
    def run(self):
        scewc, slw = events.seed_series()
        organisations = {
            c.serial: companies.company(c) for c in [*COMPANIES, *APPLICANTS, DEMO_APPLICANT]
        }
        districts = [companies.district(*d) for d in DISTRICTS]

        scewc_2023 = events.scewc(scewc, 2023, datetime.date(2023, 11, 7), Decimal("1312.00"))
        scewc_2024 = events.scewc(
            scewc,
            2024,
            datetime.date(2024, 11, 5),
            Decimal("1397.00"),
            headline_theme="LIVE BETTER",
            participants=25_771,
            participant_countries=130,
        )
        past = {}
        for year, event in [(2023, scewc_2023), (2024, scewc_2024)]:
            pavilion = past[year] = events.pavilion(
                event,
                opens=at(year, 5, 2, 10),
                closes=at(year, 6, 14, 18),
                confirms=at(year, 7, 5, 18),
                reports=at(year, 12, 6, 18),
            )
            for demo in EXHIBITORS_BY_YEAR[year]:
                applications.confirmed_application(pavilion, demo, organisations[demo.serial])
            for district in districts:
                companies.exhibitor(pavilion, district, ExhibitorRole.CO_EXHIBITOR)
            if year == 2024:
                events.side_events_2024(pavilion)
            floor.floor(pavilion)

        events.smart_life_week_2024(slw)

        upcoming = events.upcoming(scewc, today=self.today)
        upcoming_pavilion = upcoming.pavilions.get()
        users = accounts.users(organisations[DEMO_APPLICANT.serial])
        users.update(accounts.role_users())
        users["exhibitor"] = accounts.company_user(
            EXHIBITOR_EMAIL,
            organisations[DEMO_EXHIBITOR.serial],
            DEMO_EXHIBITOR.representative[1:],
            DEMO_EXHIBITOR.representative[0],
        )
        for year, pavilion in past.items():
            outcomes.outcome_reports(
                pavilion, year, staff=users["staff"], reviewer=users[REPORTING_EMAIL]
            )
        buyers.buyers_2024(past[2024], staff=users["staff"], today=self.today)
        applications.draft_application(
            upcoming_pavilion, organisations[DEMO_APPLICANT.serial], users["company"]
        )
        for position, demo in enumerate(APPLICANTS):
            applications.submitted_application(
                upcoming_pavilion, demo, organisations[demo.serial], position=position
            )
        applications.reviews(
            upcoming_pavilion,
            reviewers=[users[a.email] for a in ROLE_ACCOUNTS if a.group == roles.REVIEWER],
            manager=users[MANAGER_EMAIL],
            today=self.today,
        )
        submitted = upcoming_pavilion.applications.exclude(status=ApplicationStatus.DRAFT)
        self.log(
            f"Demo data ready: {Event.objects.count()} events, "
            f"{Pavilion.objects.count()} pavilions, {Company.objects.count()} organisations; "
            f"open call: {upcoming.slug}, {submitted.count()} applications submitted."
        )
        return users


def seed_demo(today=None, stdout=None):
    with audit(reason=DEMO_REASON):
        return DemoSeeder(today=today, stdout=stdout).run()
