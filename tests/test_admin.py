"""Every changelist answers in a fixed number of queries, whatever its number of rows."""

import datetime

import pytest
from django.urls import reverse

from exhibitors.applications.services import application_submit
from exhibitors.companies.models import CompanyInvitation
from tests.factories import (
    ApplicationFactory,
    CompanyFactory,
    ExhibitorFactory,
    MembershipFactory,
    PavilionFactory,
    SeriesFactory,
    SideEventFactory,
    ThemeFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def _pavilion_with_everything():
    pavilion = PavilionFactory()
    ThemeFactory(event=pavilion.event)
    SideEventFactory(pavilion=pavilion)
    exhibitor = ExhibitorFactory(pavilion=pavilion)
    member = MembershipFactory(company=exhibitor.company)
    application = ApplicationFactory(pavilion=pavilion, company=exhibitor.company)
    application_submit(application=application, user=member.user, now=_during_call(pavilion))
    CompanyInvitation.objects.create(company=exhibitor.company, email=f"{pavilion.pk}@x.example")


def _during_call(pavilion):
    return pavilion.applications_open_at + datetime.timedelta(days=1)


# Queries per changelist page (counts, the rows with their related objects,
# the filters' choices; the session and the user come from the cache): the same with one
# row as with many.
CHANGELIST_QUERIES = {
    "events_series": 3,
    "events_event": 6,
    "events_theme": 5,
    "events_pavilion": 7,
    "events_sideevent": 6,
    "exhibitors_company": 4,
    "exhibitors_membership": 3,
    "exhibitors_exhibitor": 7,
    "exhibitors_application": 8,
    "exhibitors_statuschange": 6,
    "exhibitors_companyinvitation": 3,
}
CHANGELISTS = list(CHANGELIST_QUERIES)


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_changelist_queries_do_not_grow_with_rows(
    changelist, staff_client, django_assert_num_queries
):
    url = reverse(f"admin:{changelist}_changelist")
    _pavilion_with_everything()
    staff_client.get(url)  # warm the content-type cache
    with django_assert_num_queries(CHANGELIST_QUERIES[changelist]):
        small = staff_client.get(url)
    for _ in range(6):
        _pavilion_with_everything()
    with django_assert_num_queries(CHANGELIST_QUERIES[changelist]):
        large = staff_client.get(url)
    assert small.status_code == large.status_code == 200
    assert large.context["cl"].result_count > small.context["cl"].result_count


@pytest.mark.parametrize("changelist", CHANGELISTS)
def test_change_form_opens(changelist, staff_client):
    _pavilion_with_everything()
    app_label, model_name = changelist.split("_")
    from django.apps import apps

    obj = apps.get_model(app_label, model_name).objects.first()
    response = staff_client.get(reverse(f"admin:{changelist}_change", args=[obj.pk]))
    assert response.status_code == 200


def test_the_admin_speaks_korean_and_english(staff_client):
    CompanyFactory(name_ko="누리모빌리티")
    url = reverse("admin:exhibitors_company_changelist")
    korean = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "사업자등록번호" in korean and "누리모빌리티" in korean
    english = staff_client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Business registration number" in english


def test_staff_see_a_submitted_application_and_start_its_review(staff_client, staff_user):
    application = ApplicationFactory(product_name_en="Crosswalk")
    application_submit(application=application, user=None)
    url = reverse("admin:exhibitors_application_changelist")
    page = staff_client.get(url + "?status__exact=submitted", HTTP_ACCEPT_LANGUAGE="en")
    assert page.context["cl"].result_count == 1
    assert "Submitted" in page.content.decode()
    response = staff_client.post(
        url, {"action": "start_review", "_selected_action": [application.pk]}, follow=True
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.status == "under_review"
    change = application.status_changes.last()
    assert (change.from_status, change.to_status, change.changed_by) == (
        "submitted",
        "under_review",
        staff_user,
    )


def test_staff_cannot_type_a_status_in_the_admin(staff_client):
    application = ApplicationFactory()
    url = reverse("admin:exhibitors_application_change", args=[application.pk])
    form = staff_client.get(url).context["adminform"].form
    assert "status" not in form.fields


def test_a_web_address_typed_without_a_scheme_is_kept_as_https(staff_client):
    series = SeriesFactory()
    url = reverse("admin:events_series_change", args=[series.pk])
    form = staff_client.get(url).context["adminform"].form
    data = {name: form[name].value() or "" for name in form.fields}
    data["website"] = "www.smartcityexpo.com"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    series.refresh_from_db()
    assert series.website == "https://www.smartcityexpo.com"


def test_starting_a_review_needs_its_own_permission(client):
    """``start_review`` is the programme manager's (``exhibitors.start_review``, given by
    migration 0021): staff who may only view and change applications neither see the action
    nor can post it, and the Reviewer role does not have it."""
    from django.contrib.auth.models import Group, Permission

    from exhibitors import roles

    application = ApplicationFactory()
    application_submit(application=application, user=None)
    url = reverse("admin:exhibitors_application_changelist")
    editor = UserFactory(is_staff=True)
    editor.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="exhibitors",
            codename__in=["view_application", "change_application"],
        )
    )
    client.force_login(editor)
    assert client.get(url).context["action_form"] is None  # no action left for them
    client.post(url, {"action": "start_review", "_selected_action": [application.pk]})
    application.refresh_from_db()
    assert application.status == "submitted"

    manager = UserFactory(is_staff=True)
    manager.groups.add(Group.objects.get(name=roles.PROGRAMME_MANAGER))
    client.force_login(manager)
    client.post(url, {"action": "start_review", "_selected_action": [application.pk]})
    application.refresh_from_db()
    assert application.status == "under_review"
    reviewer = Group.objects.get(name=roles.REVIEWER)
    assert not reviewer.permissions.filter(codename="start_review").exists()
