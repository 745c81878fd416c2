"""The demo data (``manage.py seed_demo``): the facts of ../shared/MISSION.md, with invented
company names.

One module per part: ``content`` holds the data (the invented companies and applicants, the
districts, the 2023 and 2024 figures, the buyers, the demo accounts) and ``buyers_content``
(the 2024 catalogue's texts, the buyer accounts, the meeting times and the words of the
requests); the seeder's code is split per domain, ``events`` (series, editions, pavilions,
side events), ``companies``, ``applications`` (applications and reviews), ``floor``,
``outcomes`` (the reports and their rows), ``accounts``, ``buyers`` (the 2024 catalogue, the
meeting slots and places, the buyer accounts) and ``meetings`` (the 2024 meetings, linked to
the consultations); ``seeder`` holds :class:`DemoSeeder`, which calls them in order, and
:func:`seed_demo`. The names are gathered here so that callers import them from
``exhibitors.demo``.

Every write is keyed on a natural key (slug, registration number, e-mail), so running
:func:`seed_demo` again changes nothing and adds nothing.
"""

from exhibitors.demo.buyers_content import (
    BUYER_ACCOUNTS,
    BUYER_EMAIL,
    CATALOGUE_2024,
    DEMO_BUYER_ORGANISATION,
    EXPO_TIME_ZONE,
    LOUNGE_TABLES,
    MEETING_BLOCKS,
    PENDING_BUYERS,
)
from exhibitors.demo.content import (
    APPLICANT_GOALS,
    APPLICANTS,
    BUYER_TYPE_WEIGHTS,
    BUYERS,
    COMPANIES,
    COMPANY_EMAIL,
    DEMO_APPLICANT,
    DEMO_EXHIBITOR,
    DEMO_PASSWORD,
    DEMO_PDF,
    DEMO_REASON,
    DISTRICTS,
    EXHIBITOR_EMAIL,
    EXHIBITORS_BY_YEAR,
    FOLLOW_UP_NOTES,
    MANAGER_EMAIL,
    MOUS_2024,
    ONSITE_CONTRACTS_BY_YEAR,
    OUTCOMES_BY_YEAR,
    REPORTING_EMAIL,
    RETURNED_COMMENT,
    RETURNED_CONSULTATIONS,
    REVIEW_COMMENTS,
    REVIEWED_APPLICATIONS,
    ROLE_ACCOUNTS,
    SCORED_PER_REVIEWER,
    STAFF_EMAIL,
    THEME_BY_SECTOR,
    THEMES,
    DemoCompany,
    RoleAccount,
)
from exhibitors.demo.events import (
    SEOUL,
    at,
    upcoming_scewc_year,
)
from exhibitors.demo.outcomes import (
    outcomes_due,
    split_exactly,
)
from exhibitors.demo.seeder import (
    DemoSeeder,
    seed_demo,
)

__all__ = [
    "APPLICANTS",
    "APPLICANT_GOALS",
    "BUYERS",
    "BUYER_ACCOUNTS",
    "BUYER_EMAIL",
    "CATALOGUE_2024",
    "DEMO_BUYER_ORGANISATION",
    "EXPO_TIME_ZONE",
    "LOUNGE_TABLES",
    "MEETING_BLOCKS",
    "PENDING_BUYERS",
    "BUYER_TYPE_WEIGHTS",
    "COMPANIES",
    "COMPANY_EMAIL",
    "DEMO_APPLICANT",
    "DEMO_EXHIBITOR",
    "DEMO_PASSWORD",
    "DEMO_PDF",
    "DEMO_REASON",
    "DISTRICTS",
    "DemoCompany",
    "DemoSeeder",
    "EXHIBITORS_BY_YEAR",
    "EXHIBITOR_EMAIL",
    "FOLLOW_UP_NOTES",
    "MANAGER_EMAIL",
    "MOUS_2024",
    "ONSITE_CONTRACTS_BY_YEAR",
    "OUTCOMES_BY_YEAR",
    "REPORTING_EMAIL",
    "RETURNED_COMMENT",
    "RETURNED_CONSULTATIONS",
    "REVIEWED_APPLICATIONS",
    "REVIEW_COMMENTS",
    "ROLE_ACCOUNTS",
    "RoleAccount",
    "SCORED_PER_REVIEWER",
    "SEOUL",
    "STAFF_EMAIL",
    "THEMES",
    "THEME_BY_SECTOR",
    "at",
    "outcomes_due",
    "seed_demo",
    "split_exactly",
    "upcoming_scewc_year",
]
