"""Query budgets of the pages and exports not pinned elsewhere: each answers in the same fixed
number of queries with few rows and with many (issue 8). The other pins live beside their
features (test_admin.py for most changelists, applications/test_admin_ranking,
applications/test_reviews, outcomes/test_dashboard, floor/test_admin_floorplan, floor/test_views,
outcomes/test_views_results, outcomes/test_admin, applications/test_resources, test_pages)."""

import datetime
from decimal import Decimal

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from exhibitors.applications.models import Consent, ConsentKind, Criterion
from exhibitors.applications.services import application_submit
from exhibitors.companies.resources import CompanyResource
from exhibitors.floor.resources import BoothResource
from exhibitors.outcomes.models import FiguresPublication, PublicationKind
from tests.exhibitors.floor import booth
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    MembershipFactory,
    PavilionFactory,
    SideEventFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _criteria(pavilion, n):
    for k in range(n):
        Criterion.objects.create(
            pavilion=pavilion, position=k, name_en=f"C{k}", name_ko=f"기준{k}", weight=1
        )


def _grow_criteria(n):
    _criteria(PavilionFactory(), n)


def _grow_groups(n):
    for _ in range(n):
        Group.objects.create(name=f"Group {Group.objects.count()}")


def _grow_users(n):
    for _ in range(n):
        user = UserFactory()
        user.groups.add(Group.objects.first())


def _grow_addresses(n):
    for _ in range(n):
        user = UserFactory()
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)


def _grow_tasks(n):
    for k in range(n):
        DBTaskResult.objects.create(
            args_kwargs={"args": [], "kwargs": {"to": [f"{k}@example.com"]}},
            task_path="portal.mail.send_email",
            queue_name="default",
            backend_name="default",
        )


def _grow_consents(n):
    for _ in range(n):
        Consent.objects.create(user=UserFactory(), kind=ConsentKind.PRIVACY, version="2026-12")


def _grow_publications(n):
    pavilion, staff = PavilionFactory(), UserFactory(is_staff=True)
    for version in range(1, n + 1):
        FiguresPublication.objects.create(
            pavilion=pavilion,
            version=version,
            kind=PublicationKind.PUBLISH,
            published_at=timezone.now(),
            published_by=staff,
        )


# (changelist, how to add rows, queries)
CHANGELISTS = {
    "exhibitors_criterion": (_grow_criteria, 5),
    "auth_group": (_grow_groups, 3),
    "auth_user": (_grow_users, 4),
    "account_emailaddress": (_grow_addresses, 3),
    "django_tasks_database_dbtaskresult": (_grow_tasks, 5),
    "exhibitors_consent": (_grow_consents, 6),
    "exhibitors_figurespublication": (_grow_publications, 5),
}


@pytest.mark.parametrize("changelist", list(CHANGELISTS))
def test_changelists_take_a_fixed_number_of_queries(
    changelist, staff_client, django_assert_num_queries
):
    grow, queries = CHANGELISTS[changelist]
    url = reverse(f"admin:{changelist}_changelist")
    grow(1)
    staff_client.get(url)  # the content types are cached from now on
    with django_assert_num_queries(queries):
        small = staff_client.get(url)
    grow(12)
    with django_assert_num_queries(queries):
        large = staff_client.get(url)
    assert small.status_code == large.status_code == 200
    assert large.context["cl"].result_count > small.context["cl"].result_count


def test_company_export_takes_a_fixed_number_of_queries(django_assert_num_queries):
    CompanyFactory()
    with django_assert_num_queries(1):
        small = CompanyResource().export()
    for _ in range(15):
        CompanyFactory()
    with django_assert_num_queries(1):
        large = CompanyResource().export()
    assert len(large) == len(small) + 15


def test_booth_export_takes_a_fixed_number_of_queries(django_assert_num_queries):
    pavilion = PavilionFactory()
    booth(pavilion, "A1", 0, 0)
    with django_assert_num_queries(1):
        small = BoothResource().export()
    for k in range(2, 14):
        booth(pavilion, f"A{k}", 3 * (k % 7), 4 * (k // 7))
    with django_assert_num_queries(1):
        large = BoothResource().export()
    assert len(large) == len(small) + 12


def test_the_pavilion_page_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    pavilion = PavilionFactory()
    ThemeFactory(event=pavilion.event)
    SideEventFactory(pavilion=pavilion)
    url = pavilion.get_absolute_url()
    with django_assert_num_queries(PAVILION_QUERIES):
        small = client.get(url)
    for _ in range(8):
        ThemeFactory(event=pavilion.event)
        SideEventFactory(pavilion=pavilion)
    with django_assert_num_queries(PAVILION_QUERIES):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert len(large.context["themes"]) == len(small.context["themes"]) + 8


#: the pavilion with its event, its themes, its side events, its places taken, and whether its
#: exhibitor catalogue is published (inside the cached fragment: on a cold cache only)
PAVILION_QUERIES = 5


def test_the_application_page_takes_a_fixed_number_of_queries(client, django_assert_num_queries):
    """An application's page with its history of status changes, one or several."""
    application = ApplicationFactory()
    member = MembershipFactory(company=application.company)
    client.force_login(member.user)
    pavilion = application.pavilion
    application_submit(
        application=application,
        user=member.user,
        now=pavilion.applications_open_at + datetime.timedelta(days=1),
    )
    url = reverse("exhibitors:application", args=[application.pk])
    client.get(url)  # the session and the user are cached from now on
    with django_assert_num_queries(APPLICATION_QUERIES):
        small = client.get(url)
    for k in range(6):  # more history, each change by another user
        application.status_changes.create(
            from_status="submitted",
            to_status="submitted",
            changed_by=UserFactory(),
            changed_at=pavilion.applications_open_at + datetime.timedelta(days=2, hours=k),
            note=f"note {Decimal(k)}",
        )
    with django_assert_num_queries(APPLICATION_QUERIES):
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert len(large.context["changes"]) == len(small.context["changes"]) + 6


APPLICATION_QUERIES = 2  # the session, the user and the membership are cached


@pytest.mark.parametrize("language", ["en", "ko"])
def test_the_quick_action_checkbox_is_djangos_markup(language):
    """The long change lists draw their row checkboxes without the widget templates, and the
    markup is exactly Django's (the admin's JavaScript selects rows by it)."""
    from django.contrib import admin
    from django.utils import translation

    from exhibitors.applications.admin_ranking import RankingAdmin
    from exhibitors.applications.models import RankedApplication

    application = ApplicationFactory(company=CompanyFactory(name_en='A "quoted" <Co>'))
    ranked = RankedApplication.objects.get(pk=application.pk)
    model_admin = RankingAdmin(RankedApplication, admin.site)
    with translation.override(language):
        assert model_admin.action_checkbox(ranked) == admin.ModelAdmin.action_checkbox(
            model_admin, ranked
        )
