"""Staff approve or return outcome reports in the back office."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from exhibitors import outcomes
from exhibitors.models import Consultation, ReportStatus
from tests.factories import EventFactory, ExhibitorFactory, PavilionFactory, UserFactory

pytestmark = pytest.mark.django_db
R = ReportStatus


def _staff(role):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


def _submitted(amount=1000):
    pavilion = PavilionFactory(event=EventFactory(starts_on=datetime.date(2030, 11, 5)))
    report = outcomes.report_for(ExhibitorFactory(pavilion=pavilion))
    Consultation.objects.create(
        report=report,
        met_on=pavilion.event.starts_on,
        buyer_organisation="Buyer",
        buyer_country="ES",
        amount_usd=amount,
    )
    outcomes.report_submit(report=report, user=None)
    return report


URL = "admin:exhibitors_outcomereport_changelist"


def test_reporting_approves_and_the_figures_change_by_that_report(client):
    report = _submitted(2500)
    pavilion = report.exhibitor.pavilion
    before = outcomes.pavilion_figures(pavilion)
    client.force_login(_staff("Reporting"))
    client.post(reverse(URL), {"action": "approve", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.status == R.APPROVED and report.approved_by is not None
    after = outcomes.pavilion_figures(pavilion)
    assert after.consultations - before.consultations == 1
    assert after.consultation_amount_usd - before.consultation_amount_usd == 2500


def test_returning_asks_for_a_comment_first(client):
    report = _submitted()
    client.force_login(_staff("Reporting"))
    page = client.post(reverse(URL), {"action": "send_back", "_selected_action": [report.pk]})
    assert page.status_code == 200 and b"comment" in page.content
    client.post(
        reverse(URL),
        {
            "action": "send_back",
            "_selected_action": [report.pk],
            "apply": "1",
            "comment": "The amounts look like KRW",
        },
    )
    report.refresh_from_db()
    assert report.status == R.RETURNED and report.staff_comment == "The amounts look like KRW"


def test_an_approved_report_is_read_only_in_the_admin(client):
    report = _submitted()
    outcomes.report_approve(report=report, user=None)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    url = reverse("admin:exhibitors_outcomereport_change", args=[report.pk])
    client.post(url, {"publish_amounts": "on", "survey_comment": "changed"})
    report.refresh_from_db()
    assert report.survey_comment == "" and not report.publish_amounts


def test_a_reviewer_cannot_open_the_reports(client):
    client.force_login(_staff("Reviewer"))
    assert client.get(reverse(URL)).status_code == 403


def test_a_programme_manager_reads_but_cannot_approve(client):
    report = _submitted()
    client.force_login(_staff("Programme manager"))
    assert client.get(reverse(URL)).status_code == 200
    client.post(reverse(URL), {"action": "approve", "_selected_action": [report.pk]})
    report.refresh_from_db()
    assert report.status == R.SUBMITTED


def test_the_report_list_queries_do_not_grow(client, django_assert_num_queries):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    _submitted()
    client.get(reverse(URL))
    with django_assert_num_queries(6):
        client.get(reverse(URL))
    for _ in range(5):
        _submitted()
    with django_assert_num_queries(6):
        response = client.get(reverse(URL))
    assert response.context["cl"].result_count == 6
