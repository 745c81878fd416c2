"""Staff approve or return outcome reports in the back office."""

import pytest
from django.contrib.admin.models import LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from exhibitors import roles
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.figures import pavilion_figures
from exhibitors.outcomes.models import OutcomeReport, ReportStatus
from portal import pagecache
from tests.exhibitors.reporting import filed, staff
from tests.factories import PavilionFactory

pytestmark = pytest.mark.django_db

URL = "admin:exhibitors_outcomereport_changelist"


def _submitted(amount=1000, pavilion=None):
    return filed(pavilion or PavilionFactory(), [amount], status=ReportStatus.SUBMITTED)


def _act(client, action, *reports, **data):
    return client.post(
        reverse(URL),
        {"action": action, "_selected_action": [r.pk for r in reports], **data},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_reporting_approves_and_the_figures_change_by_that_report(client):
    report = _submitted(2500)
    pavilion = report.exhibitor.pavilion
    before = pavilion_figures(pavilion)
    user = staff(roles.REPORTING)
    client.force_login(user)
    _act(client, "approve", report)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and report.approved_by == user
    after = pavilion_figures(pavilion)
    assert after.consultations - before.consultations == 1
    assert after.consultation_amount_usd - before.consultation_amount_usd == 2500
    entry = LogEntry.objects.get(object_id=str(report.pk))
    with translation.override("en"):
        assert entry.user == user and "status" in entry.get_change_message()


def test_a_superuser_approves_too(client):
    report = _submitted()
    client.force_login(staff())
    _act(client, "approve", report)
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED


def test_returning_asks_for_a_comment_first(client):
    report = _submitted()
    client.force_login(staff(roles.REPORTING))
    page = _act(client, "send_back", report)
    assert page.status_code == 200 and b'name="comment"' in page.content
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED  # the question page changes nothing
    _act(client, "send_back", report, apply="1", comment="The amounts look like KRW")
    report.refresh_from_db()
    assert (
        report.status == ReportStatus.RETURNED
        and report.staff_comment == "The amounts look like KRW"
    )


def test_a_report_is_not_returned_without_a_comment(client):
    report = _submitted()
    client.force_login(staff(roles.REPORTING))
    page = _act(client, "send_back", report, apply="1", comment="   ")
    assert page.status_code == 200 and b"errorlist" in page.content
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED and report.staff_comment == ""


def test_a_draft_cannot_be_approved_and_says_why(client):
    draft = filed(PavilionFactory(), [100], status=ReportStatus.DRAFT)
    client.force_login(staff(roles.REPORTING))
    page = _act(client, "approve", draft)
    draft.refresh_from_db()
    assert draft.status == ReportStatus.DRAFT
    messages = [str(m) for m in page.wsgi_request._messages]
    assert any(str(draft.exhibitor.company) in m and "cannot become" in m for m in messages)


def test_an_approved_report_reopened_counts_no_longer(client):
    report = filed(PavilionFactory(), [700])
    pavilion = report.exhibitor.pavilion
    assert pavilion_figures(pavilion).consultations == 1
    client.force_login(staff(roles.REPORTING))
    _act(client, "send_back", report, apply="1", comment="A consultation is counted twice")
    report.refresh_from_db()
    assert report.status == ReportStatus.RETURNED and report.approved_at is None
    assert pavilion_figures(pavilion).consultations == 0


def test_an_approved_report_is_read_only_in_the_admin(client):
    report = filed(PavilionFactory(), [1000])
    client.force_login(staff())
    url = reverse("admin:exhibitors_outcomereport_change", args=[report.pk])
    page = client.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert b'name="_save"' not in page.content
    client.post(url, {"publish_amounts": "on", "survey_comment": "changed"})
    report.refresh_from_db()
    assert report.survey_comment == "" and not report.publish_amounts
    assert report.consultations.count() == 1


def test_the_report_page_offers_the_moves_its_status_allows(client):
    report = _submitted()
    url = reverse("admin:exhibitors_outcomereport_change", args=[report.pk])
    client.force_login(staff(roles.REPORTING))
    html = client.get(url).content.decode()
    assert 'value="approve"' in html and 'value="send_back"' in html
    outcomes.report_approve(report=report, user=None)
    html = client.get(url).content.decode()
    assert 'value="approve"' not in html and 'value="send_back"' in html  # reopen only
    client.force_login(staff(roles.PROGRAMME_MANAGER))
    assert 'value="send_back"' not in client.get(url).content.decode()


def test_a_reviewer_cannot_open_the_reports(client):
    report = _submitted()
    client.force_login(staff(roles.REVIEWER))
    assert client.get(reverse(URL)).status_code == 403
    assert _act(client, "approve", report).status_code == 403
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_a_programme_manager_reads_but_cannot_approve(client):
    report = _submitted()
    client.force_login(staff(roles.PROGRAMME_MANAGER))
    assert client.get(reverse(URL)).status_code == 200
    _act(client, "approve", report)
    _act(client, "send_back", report, apply="1", comment="No")
    report.refresh_from_db()
    assert report.status == ReportStatus.SUBMITTED


def test_the_list_shows_company_pavilion_count_and_amount(client):
    report = filed(PavilionFactory(), [1000, 2500.5], status=ReportStatus.SUBMITTED)
    client.force_login(staff(roles.REPORTING))
    page = client.get(reverse(URL), HTTP_ACCEPT_LANGUAGE="en")
    html = page.content.decode()
    assert str(report.exhibitor.company) in html and report.exhibitor.pavilion.name_en in html
    row = page.context["cl"].result_list[0]
    assert (row.consultation_count, row.consultation_amount) == (2, 3500.5)
    assert "3,500" in html or "3,501" in html


def test_the_report_list_queries_do_not_grow(client, django_assert_num_queries):
    client.force_login(staff())
    pavilion = PavilionFactory()
    _submitted(pavilion=pavilion)
    client.get(reverse(URL))
    # From the cache (portal.adminlists.CachedChangeList; the session and the user of this
    # superuser are cached too): no query.
    with django_assert_num_queries(0):
        client.get(reverse(URL))
    pagecache.written(OutcomeReport)  # as any write of a report does
    with django_assert_num_queries(4):
        client.get(reverse(URL))
    for n in range(5):
        filed(
            pavilion,
            [10] * (n + 20),
            status=ReportStatus.SUBMITTED if n % 2 else ReportStatus.APPROVED,
        )
    with django_assert_num_queries(4):  # drawn again: the new reports made it stale
        response = client.get(reverse(URL))
    assert response.context["cl"].result_count == 6


@pytest.mark.parametrize("model", ["consultation", "mou", "onsitecontract", "followup"])
def test_the_rows_of_the_reports_are_read_only_lists(client, model):
    report = filed(PavilionFactory(), [100], mous=["PL"], contracts=[50])
    client.force_login(staff(roles.REPORTING))
    changelist = reverse(f"admin:exhibitors_{model}_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(reverse(f"admin:exhibitors_{model}_add")).status_code == 403
    if model == "consultation":
        change = reverse(f"admin:exhibitors_{model}_change", args=[report.consultations.get().pk])
        page = client.get(change)
        assert page.status_code == 200 and not page.context["has_change_permission"]
    client.force_login(staff(roles.REVIEWER))
    assert client.get(changelist).status_code == 403


@pytest.mark.parametrize("model", ["consultation", "mou", "onsitecontract", "followup"])
def test_the_row_lists_queries_do_not_grow(client, model, django_assert_num_queries):
    client.force_login(staff())
    pavilion = PavilionFactory()
    filed(pavilion, [100], mous=["PL"], contracts=[50]).follow_ups.create(months=3)
    url = reverse(f"admin:exhibitors_{model}_changelist")
    client.get(url)
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for _ in range(6):
        report = filed(PavilionFactory(), [100] * 5, mous=["PL", "JP"], contracts=[5, 6])
        report.follow_ups.create(months=6)
    with django_assert_num_queries(len(small)):
        response = client.get(url)
    assert response.context["cl"].result_count > 6
