"""The ranking page in a real browser, in Korean at 1280 px (issue 13, item 9): company names
stay readable (whole words on a line, not one syllable per line) and applications without a
review come last without a rank."""

import os
from pathlib import Path

import pytest
from django.urls import reverse

from exhibitors.applications import reviews, services
from tests.browser.conftest import new_context
from tests.factories import ApplicationFactory, CompanyFactory, UserFactory, open_pavilion

NAMES = [
    "주식회사 한빛스마트모빌리티솔루션",
    "서울에너지플랫폼 주식회사",
    "그린인프라테크놀로지",
    "에이아이헬스케어 코리아",
    "블루이코노미 해양데이터",
    "스마트시티 거버넌스랩",
]


@pytest.fixture
def ranking(transactional_db):
    """A pavilion with six submitted applications under long Korean names: four reviewed, two
    not; pending decisions recorded by a superuser."""
    pavilion = open_pavilion()
    manager = UserFactory(username="manager@pavilion.example", is_staff=True, is_superuser=True)
    reviewer = UserFactory(username="reviewer@pavilion.example", is_staff=True, is_superuser=True)
    criteria = list(pavilion.criteria.all())
    applications = []
    for n, name in enumerate(NAMES):
        application = ApplicationFactory(
            pavilion=pavilion,
            company=CompanyFactory(name_ko=name, name_en=f"Company {n}"),
        )
        services.application_submit(application=application, user=None, notify=False)
        applications.append(application)
        if n < 4:
            review = reviews.reviewer_assign(application=application, reviewer=reviewer, user=None)
            reviews.review_submit(
                review=review,
                user=reviewer,
                values={criterion.pk: 10 - n for criterion in criteria},
            )
    services.decision_record(application=applications[0], decision="accept", user=manager)
    services.decision_record(application=applications[1], decision="waitlist", user=manager)
    return pavilion, manager, applications


def test_the_ranking_keeps_korean_company_names_readable_at_1280_px(
    live_server, browser, ranking, tmp_path
):
    pavilion, manager, applications = ranking
    context = new_context(browser, live_server, language="ko", user=manager)
    try:
        page = context.new_page()
        page.goto(
            reverse("admin:exhibitors_rankedapplication_changelist") + f"?pavilion={pavilion.pk}"
        )
        assert page.locator("html").get_attribute("lang") == "ko"
        shots = Path(os.environ.get("SCREENSHOT_DIR", tmp_path))
        page.screenshot(path=str(shots / "ranking-ko-1280.png"), full_page=True)

        rows = page.locator("#result_list tbody tr")
        assert rows.count() == len(NAMES)
        for row, application in zip(rows.all(), applications, strict=True):
            link = row.locator("td.field-company_link a, th.field-company_link a")
            line_height = float(link.evaluate("a => parseFloat(getComputedStyle(a).lineHeight)"))
            box = link.bounding_box()
            # At most two lines, never a syllable per line.
            assert box["height"] <= 2 * line_height + 1, (application.company.name_ko, box)
            assert link.inner_text().strip() == application.company.name_ko
        first_decision = rows.first.locator(".field-decision_display").inner_text()
        assert manager.username in first_decision  # who marked it, in the decision's cell
        # The whole table fits beside the navigation and the filters: nothing to scroll to.
        scroll, width = page.evaluate(
            "() => { const r = document.querySelector('.results');"
            " return [r.scrollWidth, r.clientWidth]; }"
        )
        assert scroll <= width, (scroll, width)
        ranks = [r.inner_text().strip() for r in page.locator(".field-rank_display").all()]
        assert ranks[:4] == ["1", "2", "3", "4"]
        assert all(not rank[:1].isdigit() for rank in ranks[4:])  # no rank: the empty mark
    finally:
        context.close()
