"""The reads of the company's pages: every row carries what the company may do next."""

import datetime

import pytest
from django.utils import timezone

from exhibitors.applications import selectors, services
from exhibitors.applications.models import Application
from tests.factories import ApplicationFactory, CompanyFactory

pytestmark = pytest.mark.django_db


def test_every_listed_application_carries_its_next_steps():
    company = CompanyFactory()
    draft = ApplicationFactory(company=company)
    accepted = ApplicationFactory(company=company)
    services.application_submit(application=accepted, user=None)
    services.application_accept(application=accepted, user=None)
    ApplicationFactory()  # another company's

    rows = {a.pk: a for a in selectors.company_applications(company=company)}

    assert set(rows) == {draft.pk, accepted.pk}
    assert rows[draft.pk].next == services.application_next_steps(draft)
    assert rows[draft.pk].next.can_submit and not rows[draft.pk].next.can_confirm
    assert rows[accepted.pk].next.can_confirm and rows[accepted.pk].next.can_decline
    assert not rows[accepted.pk].next.can_edit


def test_the_list_reads_in_one_query_whatever_the_count(django_assert_num_queries):
    company = CompanyFactory()
    for _ in range(3):
        ApplicationFactory(company=company)
    with django_assert_num_queries(1):
        selectors.company_applications(company=company)


def test_one_application_is_found_only_for_its_own_company():
    application = ApplicationFactory()
    found = selectors.company_application(company=application.company, pk=application.pk)
    assert found == application and found.next.can_submit
    with pytest.raises(Application.DoesNotExist):
        selectors.company_application(company=CompanyFactory(), pk=application.pk)


def test_the_flags_follow_the_dates_not_only_the_status():
    application = ApplicationFactory()
    services.application_submit(application=application, user=None)
    services.application_accept(application=application, user=None)
    deadline = services.confirmation_deadline(application)
    before = services.application_next_steps(application, deadline)
    after = services.application_next_steps(application, deadline + datetime.timedelta(seconds=1))
    assert before.can_confirm and before.can_respond and before.can_withdraw
    assert not after.can_confirm and not after.can_decline and not after.can_respond
    started = application.pavilion.event.starts_at
    assert not services.application_next_steps(application, started).can_withdraw
    assert timezone.now() < deadline


# The ranking and the reviewers' lists --------------------------------------------------------


def _submitted(**kwargs):
    application = ApplicationFactory(**kwargs)
    services.application_submit(application=application, user=None)
    return application


def test_the_ranking_reads_its_rows_in_one_query(django_assert_num_queries):
    first = _submitted()
    _submitted(pavilion=first.pavilion)
    ApplicationFactory(pavilion=first.pavilion)  # a draft is not ranked
    with django_assert_num_queries(1):
        rows = list(selectors.ranking_rows())
        assert [row.company.name for row in rows]
    assert len(rows) == 2
    assert list(selectors.ranking_pavilions()) == [first.pavilion]
    assert list(selectors.ranking_themes(pavilion_id=first.pavilion.pk)) == [first.theme]


def test_a_selection_has_a_pavilion_only_when_it_spans_one():
    one, other = _submitted(), _submitted()
    both = Application.objects.filter(pk__in=[one.pk, other.pk])
    assert selectors.selection_pavilion(applications=both) is None
    assert selectors.selection_pavilion(applications=both.filter(pk=one.pk)) == one.pavilion


def test_the_head_of_the_ranking_counts_places_and_pending_decisions():
    application = _submitted()
    services.decision_record(application=application, decision="accept", user=None)
    summary = selectors.ranking_summary(pavilion=application.pavilion)
    assert summary["places"]["pending"] == 1
    assert [count for _label, count in summary["pending"]] == [1, 0, 0]  # accept, waitlist, reject
    assert summary["release_refusals"]  # the call is still open
    assert selectors.decisions_pending_rows(pavilion=application.pavilion) == [application]
