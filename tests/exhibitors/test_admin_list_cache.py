"""The back office's lists (the reviews, the ranking, the outcome reports) are drawn once and
read from the cache (portal.adminlists.CachedChangeList), and every write of what they show
makes the cached copy stale at once: each test below fails if the invalidation it names is
removed (a name left out of ``list_cache_names``, a model left out of its name's
``pagecache.watch`` in ``exhibitors.apps``, or a bulk write that does not call
``pagecache.written``)."""

import datetime

import pytest
import tablib
import time_machine
from django.contrib.auth.models import update_last_login
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exhibitors import roles
from exhibitors.applications import reviews, services
from exhibitors.companies.resources import CompanyResource
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import Consultation, ReportStatus
from portal import versions
from tests.exhibitors.applications.test_admin_ranking import (
    points,
    ranked_pavilion,
    score,
    staff_in,
    submitted,
)
from tests.exhibitors.reporting import filed, staff
from tests.factories import CompanyFactory, ExhibitorFactory, PavilionFactory, ThemeFactory

pytestmark = pytest.mark.django_db

REVIEWS = reverse("admin:exhibitors_review_changelist")
RANKING = reverse("admin:exhibitors_rankedapplication_changelist")
REPORTS = reverse("admin:exhibitors_outcomereport_changelist")


def _client(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _cached(client, url, django_assert_max_num_queries, **params):
    """The page, drawn once, then read from the cache (no query for the list)."""
    drawn = client.get(url, params).text
    with django_assert_max_num_queries(4):  # session, user, permissions (2)
        cached = client.get(url, params)
    assert "cl" not in cached.context or not hasattr(cached.context["cl"], "result_list")
    assert cached.text.replace(_csrf(cached.text), "") == drawn.replace(_csrf(drawn), "")
    return cached.text


def _csrf(html):
    start = html.index('name="csrfmiddlewaretoken" value="') + len(
        'name="csrfmiddlewaretoken" value="'
    )
    return html[start : html.index('"', start)]


# The reviews ----------------------------------------------------------------------------------


@pytest.fixture
def review_world():
    manager = staff_in(roles.PROGRAMME_MANAGER)
    reviewer = staff_in(roles.REVIEWER, first_name="Ari", last_name="Kim")
    pavilion, (application,) = ranked_pavilion(1, reviewer=staff_in(roles.REVIEWER))
    review = reviews.reviewer_assign(application=application, reviewer=reviewer, user=manager)
    return manager, reviewer, application, review


def test_the_reviews_list_shows_a_submitted_review_at_once(
    review_world, django_assert_max_num_queries
):
    _, reviewer, application, review = review_world
    client = _client(reviewer)
    assert "0 of 1 review done" in _cached(client, REVIEWS, django_assert_max_num_queries)
    criteria = application.pavilion.criteria.all()
    reviews.review_submit(
        review=review,
        user=reviewer,
        values={c.pk: v for c, v in zip(criteria, points(40), strict=True)},
    )  # Review saved
    page = client.get(REVIEWS).text
    assert "1 of 1 review done" in page and "100.0" in page


def test_each_reviewer_reads_their_own_cached_list(review_world, django_assert_max_num_queries):
    _, reviewer, application, _ = review_world
    other = staff_in(roles.REVIEWER)
    _cached(_client(reviewer), REVIEWS, django_assert_max_num_queries)
    page = _client(other).get(REVIEWS).text
    assert application.company.name not in page and "0 of 0 reviews done" in page


@pytest.mark.parametrize("what", ["company", "pavilion", "event", "theme", "application"])
def test_the_reviews_list_shows_a_renamed_row_at_once(
    what, review_world, django_assert_max_num_queries
):
    _, reviewer, application, _ = review_world
    theme = ThemeFactory(event=application.pavilion.event, name_en="Other Theme")
    client = _client(reviewer)
    _cached(client, REVIEWS, django_assert_max_num_queries)
    if what == "company":
        application.company.name_en = "Renamed Robotics"
        application.company.save()
    elif what == "pavilion":
        application.pavilion.name_en = "Renamed Robotics"
        application.pavilion.save()
    elif what == "event":
        application.pavilion.event.name_en = "Renamed Robotics"
        application.pavilion.event.save()
    elif what == "theme":
        application.theme.name_en = "Renamed Robotics"
        application.theme.save()
    else:
        application.theme = theme  # another theme of the event, made before
        application.save()
    shown = "Other Theme" if what == "application" else "Renamed Robotics"
    assert shown in client.get(REVIEWS).text


def test_the_managers_reviews_list_shows_a_renamed_reviewer_at_once(
    review_world, django_assert_max_num_queries
):
    manager, reviewer, _, _ = review_world
    client = _client(manager)
    assert "Ari" in _cached(client, REVIEWS, django_assert_max_num_queries)
    reviewer.first_name = "Bora"
    reviewer.save()
    assert "Bora" in client.get(REVIEWS).text


def test_a_login_does_not_make_the_lists_stale(review_world):
    """A login stamps the user's ``last_login``: nothing any list shows."""
    _, reviewer, _, _ = review_world
    before = versions.token("exhibitors:users")
    update_last_login(None, reviewer)
    assert versions.token("exhibitors:users") == before
    reviewer.first_name = "Bora"
    reviewer.save()
    assert versions.token("exhibitors:users") != before


def test_an_imported_company_name_shows_at_once(review_world, django_assert_max_num_queries):
    """Company imports write with bulk_update (no signal): AuditedBulkWrites bumps."""
    _, reviewer, application, _ = review_world
    client = _client(reviewer)
    _cached(client, REVIEWS, django_assert_max_num_queries)
    company = application.company
    resource = CompanyResource()
    dataset = resource.export(queryset=type(company).objects.filter(pk=company.pk))
    data = tablib.Dataset(headers=dataset.headers)
    row = list(dataset[0])
    row[dataset.headers.index("name_en")] = "Imported Name Robotics"
    data.append(row)
    result = resource.import_data(data, dry_run=False, use_transactions=True)
    assert not result.has_errors() and not result.has_validation_errors()
    assert "Imported Name Robotics" in client.get(REVIEWS).text


# The ranking ----------------------------------------------------------------------------------


@pytest.fixture
def ranking_world():
    manager = staff_in(roles.PROGRAMME_MANAGER, first_name="Mina", last_name="Park")
    reviewer = staff_in(roles.REVIEWER)
    pavilion, applications = ranked_pavilion(2, reviewer=reviewer)
    return manager, reviewer, pavilion, applications


def test_the_ranking_shows_a_decision_and_who_marked_it_at_once(
    ranking_world, django_assert_max_num_queries
):
    manager, _, pavilion, applications = ranking_world
    client = _client(staff_in(roles.PROGRAMME_MANAGER))  # not the one who marks
    page = _cached(client, RANKING, django_assert_max_num_queries, pavilion=pavilion.pk)
    assert "Accept 0 · Waitlist 0" in page
    services.decision_record(application=applications[0], decision="accept", user=manager)
    page = _cached(client, RANKING, django_assert_max_num_queries, pavilion=pavilion.pk)
    assert "Accept 1 · Waitlist 0" in page and "Mina" in page
    manager.first_name = "Yuna"  # the name of who marked it (auth.User)
    manager.save()
    assert "Yuna" in client.get(RANKING, {"pavilion": pavilion.pk}).text


def test_the_ranking_shows_a_new_score_at_once(ranking_world, django_assert_max_num_queries):
    manager, _, pavilion, applications = ranking_world
    client = _client(manager)
    _cached(client, RANKING, django_assert_max_num_queries, pavilion=pavilion.pk)
    newcomer = submitted(pavilion, company=CompanyFactory(name_en="Newcomer Labs"))
    assert "Newcomer Labs" in client.get(RANKING, {"pavilion": pavilion.pk}).text
    score(newcomer, staff_in(roles.REVIEWER), points(10))  # 25.0
    second = staff_in(roles.REVIEWER)
    review = reviews.reviewer_assign(application=newcomer, reviewer=second, user=manager)
    assert "25.0" in _cached(client, RANKING, django_assert_max_num_queries, pavilion=pavilion.pk)
    values = dict(zip(pavilion.criteria.values_list("pk", flat=True), points(20), strict=True))
    reviews.review_submit(review=review, user=second, values=values)  # only the Review saved
    assert "37.5" in client.get(RANKING, {"pavilion": pavilion.pk}).text  # (25 + 50) / 2


@pytest.mark.parametrize("what", ["company", "pavilion", "event", "theme"])
def test_the_ranking_shows_a_renamed_row_at_once(
    what, ranking_world, django_assert_max_num_queries
):
    manager, _, pavilion, applications = ranking_world
    client = _client(manager)
    _cached(client, RANKING, django_assert_max_num_queries)
    application = applications[0]
    row = {
        "company": application.company,
        "pavilion": pavilion,
        "event": pavilion.event,
        "theme": application.theme,
    }[what]
    row.name_en = "Renamed Robotics"
    row.save()
    assert "Renamed Robotics" in client.get(RANKING).text


def test_the_rankings_release_notice_ends_when_the_call_closes(
    ranking_world, django_assert_max_num_queries
):
    """No write happens at the deadline: the cached copy ends there by itself."""
    manager, _, pavilion, _ = ranking_world
    pavilion.applications_close_at = timezone.now() + datetime.timedelta(minutes=10)
    pavilion.save()  # within the cached copy's lifetime
    client = _client(manager)
    page = _cached(client, RANKING, django_assert_max_num_queries, pavilion=pavilion.pk)
    assert "data-release-refusal" in page
    after = pavilion.applications_close_at + datetime.timedelta(seconds=1)
    with time_machine.travel(after, tick=False):
        assert timezone.now() > pavilion.applications_close_at
        assert "data-release-refusal" not in client.get(RANKING, {"pavilion": pavilion.pk}).text


# The outcome reports --------------------------------------------------------------------------


@pytest.fixture
def report():
    return filed(PavilionFactory(), [1000], status=ReportStatus.SUBMITTED)


def test_the_reports_list_shows_an_approval_at_once(report, django_assert_max_num_queries):
    client = _client(staff())
    assert "Submitted" in _cached(client, REPORTS, django_assert_max_num_queries)
    outcomes.report_approve(report=report, user=staff())  # OutcomeReport saved
    page = client.get(REPORTS).text
    assert "Approved" in page and "Submitted</td>" not in page


def test_the_reports_list_shows_a_new_consultation_at_once(report, django_assert_max_num_queries):
    client = _client(staff())
    assert "1,000" in _cached(client, REPORTS, django_assert_max_num_queries)
    Consultation.objects.create(  # Consultation saved (the report itself is not)
        report=report,
        met_on=report.exhibitor.pavilion.event.starts_on,
        buyer_organisation="Buyer",
        buyer_country="ES",
        amount_usd=2000,
        expected_contract_usd=0,
    )
    assert "3,000" in client.get(REPORTS).text


def test_the_reports_list_shows_reports_opened_in_bulk_at_once(
    report, django_assert_max_num_queries
):
    """``reports_get_or_create`` opens reports with one bulk insert (no signal)."""
    client = _client(staff())
    _cached(client, REPORTS, django_assert_max_num_queries)
    company = CompanyFactory(name_en="Bulk Opened Robotics")
    exhibitor = ExhibitorFactory(pavilion=report.exhibitor.pavilion, company=company)
    token = versions.token("exhibitors:outcomes")
    outcomes.reports_get_or_create([exhibitor])
    assert versions.token("exhibitors:outcomes") != token
    assert "Bulk Opened Robotics" in client.get(REPORTS).text


@pytest.mark.parametrize("what", ["company", "pavilion", "event", "exhibitor"])
def test_the_reports_list_shows_a_renamed_row_at_once(what, report, django_assert_max_num_queries):
    company = CompanyFactory(name_en="Renamed Robotics")
    client = _client(staff())
    _cached(client, REPORTS, django_assert_max_num_queries)
    exhibitor = report.exhibitor
    if what == "exhibitor":
        exhibitor.company = company
        exhibitor.save()
    else:
        row = {
            "company": exhibitor.company,
            "pavilion": exhibitor.pavilion,
            "event": exhibitor.pavilion.event,
        }[what]
        row.name_en = "Renamed Robotics"
        row.save()
    assert "Renamed Robotics" in client.get(REPORTS).text


# Both languages, the CSRF token and the messages ---------------------------------------------


def test_each_language_has_its_own_copy_and_the_token_is_never_cached(
    report, django_assert_max_num_queries
):
    import pickle

    from django.core.cache import cache

    user = staff()
    english_page = _cached(_client(user, "en"), REPORTS, django_assert_max_num_queries)
    korean_page = _cached(_client(user, "ko"), REPORTS, django_assert_max_num_queries)
    assert "Select outcome report to view" in english_page
    assert "Select outcome report to view" not in korean_page
    entries = [
        pickle.loads(value)
        for key, value in cache._cache.items()
        if ":lists:exhibitors.outcomereport:" in key
    ]
    assert len(entries) == 2
    for entry in entries:
        content = "".join(entry["parts"])
        assert 'id="changelist-form"' in content and "csrfmiddlewaretoken" not in content
    for page in (english_page, korean_page):  # each page has its own token in its form
        form = page[page.index('id="changelist-form"') :]
        assert form.index('name="csrfmiddlewaretoken"') < form.index('id="result_list"')


def test_a_message_after_an_action_shows_on_the_cached_list(report):
    client = _client(staff())
    client.get(REPORTS)
    response = client.post(
        REPORTS, {"action": "approve", "_selected_action": [report.pk]}, follow=True
    )
    assert 'class="messagelist"' in response.text
    assert "Approved" in response.text


def test_the_reports_list_shows_imported_consultations_at_once(django_assert_max_num_queries):
    """Consultation imports write with bulk_create (no signal): AuditedBulkWrites bumps."""
    from exhibitors.outcomes.resources import ConsultationResource, consultation_log_import

    draft = filed(PavilionFactory(), [1000], status=ReportStatus.DRAFT)
    client = _client(staff())
    assert "1,000" in _cached(client, REPORTS, django_assert_max_num_queries)
    dataset = tablib.Dataset(headers=ConsultationResource.UPLOAD_COLUMNS)
    row = {
        "met_on": draft.exhibitor.pavilion.event.starts_on.isoformat(),
        "buyer_organisation": "Rhein Mobility GmbH",
        "buyer_country": "DE",
        "amount_usd": 2000,
    }
    dataset.append([row.get(column, "") for column in dataset.headers])
    added, problems, _ = consultation_log_import(report=draft, dataset=dataset)
    assert (added, problems) == (1, [])
    assert "3,000" in client.get(REPORTS).text
