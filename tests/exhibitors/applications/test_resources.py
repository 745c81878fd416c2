"""The review exports: applications with their scores, every submitted review."""

import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.utils import timezone

from exhibitors import roles
from exhibitors.applications import reviews, services
from exhibitors.applications.models import Application, Decision
from exhibitors.applications.resources import ApplicationScoreResource, ReviewResource
from portal.spreadsheets import neutralise_formula
from tests.factories import ApplicationFactory, CompanyFactory, UserFactory, open_pavilion

pytestmark = pytest.mark.django_db

APPLICATION_COLUMNS = [
    "event",
    "pavilion",
    "business registration number",
    "name (Korean)",
    "name (English)",
    "status",
    "pending decision",
    "exhibition theme",
    "score (0-100)",
    "number of reviews",
    "spread between reviewers",
    "submitted",
]
REVIEW_COLUMNS = [
    "event",
    "pavilion",
    "business registration number",
    "company",
    "reviewer",
    "submitted",
    "score (0-100)",
    "scores",
    "comment",
]


@pytest.fixture
def reviewers():
    group = Group.objects.get(name=roles.REVIEWER)
    users = [UserFactory(username=f"reviewer{n}@example.com", is_staff=True) for n in (1, 2, 3)]
    for user in users:
        user.groups.add(group)
    return users


@pytest.fixture
def pavilion():
    return open_pavilion()


def reviewed(pavilion, reviewers, scores, *, company=None, comment="Strong export record."):
    """A submitted application, reviewed through the services: one review per entry of
    ``scores`` (a score per criterion, in the criteria's order)."""
    application = ApplicationFactory(pavilion=pavilion, company=company or CompanyFactory())
    services.application_submit(application=application, user=None)
    criteria = list(pavilion.criteria.all())
    for reviewer, values in zip(reviewers, scores, strict=False):
        review = reviews.reviewer_assign(application=application, reviewer=reviewer, user=None)
        reviews.review_submit(
            review=review,
            user=reviewer,
            values={c.pk: v for c, v in zip(criteria, values, strict=True)},
            comment=comment,
        )
    return application


def rows(resource):
    return resource.export().dict


def test_application_scores_columns_and_values(pavilion, reviewers):
    middle = reviewed(
        pavilion,
        reviewers,
        [(8, 7, 9, 6), (6, 6, 6, 6), (7, 7, 7, 7)],
        company=CompanyFactory(name_ko="누리모빌리티", name_en="Nuri Mobility"),
    )
    best = reviewed(pavilion, reviewers, [(10, 10, 10, 10), (9, 9, 9, 9)])
    unscored = reviewed(pavilion, reviewers, [])
    services.decision_record(application=best, decision=Decision.ACCEPT, user=None)
    ApplicationFactory(pavilion=pavilion)  # a draft is not in the ranking

    resource = ApplicationScoreResource()
    assert resource.get_export_headers() == APPLICATION_COLUMNS
    exported = rows(resource)
    assert [r["business registration number"] for r in exported] == [
        a.company.registration_number_display for a in (best, middle, unscored)
    ]
    first, second, third = exported
    assert (
        first["pending decision"],
        first["score (0-100)"],
        first["number of reviews"],
        first["spread between reviewers"],
    ) == ("Accept", Decimal("95.00"), "2", Decimal("10.00"))
    # 75.00, 60.00 and 70.00: the mean to two places, the spread between the extremes
    assert second == {
        "event": pavilion.event.slug,
        "pavilion": "seoul",
        "business registration number": middle.company.registration_number_display,
        "name (Korean)": "누리모빌리티",
        "name (English)": "Nuri Mobility",
        "status": "Under review",
        "pending decision": "",
        "exhibition theme": "Mobility",
        "score (0-100)": Decimal("68.33"),
        "number of reviews": "3",
        "spread between reviewers": Decimal("15.00"),
        "submitted": timezone.localtime(middle.submitted_at).strftime("%Y-%m-%d %H:%M:%S"),
    }
    assert (third["score (0-100)"], third["number of reviews"], third["status"]) == (
        "",
        "0",
        "Submitted",
    )
    assert unscored.status == "submitted"


def test_one_pavilion_or_the_chosen_rows_only(pavilion, reviewers):
    ours = reviewed(pavilion, reviewers, [(5, 5, 5, 5)])
    other = reviewed(open_pavilion(), reviewers, [(6, 6, 6, 6)])
    assert len(rows(ApplicationScoreResource())) == 2
    assert [r["event"] for r in rows(ApplicationScoreResource(pavilion=pavilion))] == [
        pavilion.event.slug
    ]
    chosen = ApplicationScoreResource().export(queryset=Application.objects.filter(pk=other.pk))
    assert [r["event"] for r in chosen.dict] == [other.pavilion.event.slug]
    assert [r["event"] for r in rows(ReviewResource(pavilion=ours.pavilion))] == [
        pavilion.event.slug
    ]


def test_reviews_columns_and_values(pavilion, reviewers):
    application = reviewed(
        pavilion,
        reviewers,
        [(8, 7, 9, 6), (6, 6, 6, 6)],
        company=CompanyFactory(name_en="Nuri Mobility"),
        comment="Good pilots in Seoul.",
    )
    reviews.reviewer_assign(application=application, reviewer=reviewers[2], user=None)  # open

    resource = ReviewResource()
    assert resource.get_export_headers() == REVIEW_COLUMNS
    exported = rows(resource)
    assert [r["reviewer"] for r in exported] == ["reviewer1@example.com", "reviewer2@example.com"]
    first = exported[0]
    assert first["business registration number"] == application.company.registration_number_display
    assert first["company"] == "Nuri Mobility"
    assert first["score (0-100)"] == Decimal("75.00")
    assert first["scores"] == (
        "Innovation 8/10; Export readiness 7/10; Fit with the theme 9/10; "
        "Completeness of the plan 6/10"
    )
    assert first["comment"] == "Good pilots in Seoul."


@pytest.mark.parametrize(
    "text",
    [
        '=HYPERLINK("http://evil.example","Click")',
        "==1+1",  # the library's own escaping strips only one "="
        "+82-2-123-4567",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)",
        "\t=1+1",
    ],
)
def test_cells_never_become_formulas_in_xlsx_or_csv(pavilion, reviewers, text):
    company = CompanyFactory(name_ko=text, name_en=text)
    reviewed(pavilion, reviewers, [(5, 5, 5, 5)], company=company, comment=text)

    for resource in ("ApplicationScoreResource", "ReviewResource"):
        xlsx = export_command("XLSX", resource)
        sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
        cells = [cell for row in sheet.iter_rows(min_row=2) for cell in row]
        assert all(cell.data_type != "f" for cell in cells)
        assert f"'{text}" in [cell.value for cell in cells]

        table = list(csv.reader(io.StringIO(export_command("CSV", resource).decode())))
        assert all(not value.startswith(("=", "+", "-", "@", "\t")) for value in table[1])
        assert f"'{text}" in table[1]


def export_command(export_format, resource):
    out = io.TextIOWrapper(io.BytesIO(), encoding="utf-8")
    call_command(
        "export", export_format, f"exhibitors.applications.resources.{resource}", stdout=out
    )
    out.flush()
    return out.buffer.getvalue()


@pytest.mark.parametrize(
    "value", ["-5", "3.50", "1,234", "", "Seoul", "e-mail", Decimal("-1.5"), 3, None]
)
def test_numbers_and_plain_text_are_left_alone(value):
    assert neutralise_formula(value) == value


def test_an_export_only_resource_refuses_to_import():
    dataset = ApplicationScoreResource().export()
    with pytest.raises(ValueError, match="exported, not imported"):
        ApplicationScoreResource().import_data(dataset)


@pytest.mark.parametrize(
    ("resource_class", "queries"), [(ApplicationScoreResource, 1), (ReviewResource, 2)]
)
def test_exports_take_a_fixed_number_of_queries(
    resource_class, queries, pavilion, reviewers, django_assert_num_queries
):
    reviewed(pavilion, reviewers, [(5, 6, 7, 8), (8, 7, 6, 5)])
    with django_assert_num_queries(queries):
        small = resource_class().export()
    for n in range(5):
        reviewed(pavilion, reviewers, [(n, 6, 7, 8), (8, 7, 6, n), (5, 5, 5, 5)])
    with django_assert_num_queries(queries):
        large = resource_class().export()
    assert len(large) > len(small) >= 1
