"""Scores and reviews leave the back office as spreadsheets, for programme managers only."""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group
from django.forms import BooleanField
from django.urls import reverse

from exhibitors.applications import reviews
from exhibitors.applications.services import application_submit
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def _staff(role):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def reviewed():
    reviewer = _staff("Reviewer")
    application = ApplicationFactory(company__name_en="Nuri Mobility")
    application_submit(application=application, user=None)
    review = reviews.reviewer_assign(application=application, reviewer=reviewer, user=None)
    values = {c.pk: 8 for c in application.pavilion.criteria.all()}
    reviews.review_submit(review=review, user=reviewer, values=values, comment="=HYPERLINK(1)")
    return application, reviewer


def _export(client, name, fmt):
    url = reverse(f"admin:exhibitors_{name}_export")
    form = client.get(url).context["form"]
    formats = dict(form.fields["format"].choices)
    index = next(key for key, label in formats.items() if label.lower() == fmt)
    data = {"format": index, "resource": 0}
    data.update(
        {key: True for key, field in form.fields.items() if isinstance(field, BooleanField)}
    )
    return client.post(url, data)


@pytest.mark.parametrize("name", ["rankedapplication", "review"])
def test_a_programme_manager_exports_xlsx(client, reviewed, name):
    client.force_login(_staff("Programme manager"))
    response = _export(client, name, "xlsx")
    assert response.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    application, _ = reviewed
    cells = [str(cell) for row in sheet.iter_rows(values_only=True) for cell in row]
    assert application.company.registration_number_display in cells
    assert "80.00" in cells


def test_review_comments_cannot_become_formulas(client, reviewed):
    client.force_login(_staff("Programme manager"))
    response = _export(client, "review", "xlsx")
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
    values = [cell for row in sheet.iter_rows(values_only=True) for cell in row]
    assert not any(isinstance(v, str) and v.startswith("=") for v in values)


@pytest.mark.parametrize("name", ["rankedapplication", "review"])
def test_a_reviewer_cannot_export(client, reviewed, name):
    _, reviewer = reviewed
    client.force_login(reviewer)
    assert client.get(reverse(f"admin:exhibitors_{name}_export")).status_code == 403


@pytest.mark.parametrize("name", ["rankedapplication", "review"])
def test_the_list_offers_the_export_to_a_manager(client, reviewed, name):
    client.force_login(_staff("Programme manager"))
    page = client.get(reverse(f"admin:exhibitors_{name}_changelist")).content.decode()
    assert reverse(f"admin:exhibitors_{name}_export") in page
