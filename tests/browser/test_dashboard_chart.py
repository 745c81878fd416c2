"""The outcome dashboard's chart in a real browser, under the portal's own strict Content Security
Policy (django-csp: scripts from the portal's own files only, no inline script): Chart.js (from
npm, served by staticfiles) draws every edition from the page's JSON data."""

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from tests.browser.conftest import new_context
from tests.exhibitors.reporting import filed, staff
from tests.factories import EventFactory, PavilionFactory, SeriesFactory


@pytest.fixture
def editions(transactional_db):
    series = SeriesFactory()
    previous = PavilionFactory(
        event=EventFactory(series=series, starts_on=datetime.date(2029, 11, 5))
    )
    current = PavilionFactory(
        event=EventFactory(
            series=series, starts_on=datetime.date(2030, 11, 5), usd_krw_rate=Decimal("1400")
        )
    )
    filed(previous, [1000] * 3)
    filed(current, [2000] * 4, mous=["PL"])
    return previous, current


def test_the_chart_draws_under_a_strict_csp(transactional_db, live_server, browser, editions):
    previous, pavilion = editions
    # a superuser: the roles' groups come from a data migration, gone once a transactional
    # test has flushed the database
    context = new_context(browser, live_server, user=staff())
    page = context.new_page()
    violations, errors = [], []
    page.on("console", lambda message: violations.append(message.text))
    page.on("pageerror", lambda error: errors.append(str(error)))

    url = reverse("admin:events_pavilion_dashboard", args=[pavilion.pk])
    try:
        response = page.goto(url)
        policy = response.headers["content-security-policy"]
        page.wait_for_function(
            "() => window.Chart && Chart.getChart(document.getElementById('edition-chart'))"
        )
        drawn = page.evaluate(
            """() => {
                const chart = Chart.getChart(document.getElementById('edition-chart'));
                return {
                    labels: chart.data.labels,
                    counts: chart.data.datasets[0].data,
                    amounts: chart.data.datasets[1].data,
                    height: chart.height,
                };
            }"""
        )
    finally:
        context.close()
    assert drawn["labels"] == [previous.event.name_en, pavilion.event.name_en]
    assert drawn["counts"] == [3, 4] and drawn["amounts"] == [3000, 8000]
    assert drawn["height"] > 0
    # django-csp writes the directives in no fixed order (it varies with the hash seed): read
    # the policy as directives rather than as one text.
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";") if part.strip())
    assert directives["script-src"] == "'self'"
    assert "unsafe-inline" not in policy
    assert not errors
    assert not [text for text in violations if "Content Security Policy" in text]
