"""The company and consultation imports skip Django's per-row SQL check of the models' check
constraints (issue 8: one query a row fewer) because every constraint is also a field rule.
These tests keep the two in step: each constraint's violation is still a row error naming its
column, and a new constraint makes the guard below fail until its rule is checked here too."""

import pytest
from django.db import models

from exhibitors.companies.models import Company
from exhibitors.outcomes.models import Consultation
from tests.exhibitors.companies.test_resources import GOOD_ROWS, csv_bytes, import_bytes
from tests.exhibitors.outcomes.test_resources import row, staff_import

pytestmark = pytest.mark.django_db


def _check_constraints(model):
    return {c.name for c in model._meta.constraints if isinstance(c, models.CheckConstraint)}


def test_every_check_constraint_of_an_imported_model_is_covered_here():
    assert _check_constraints(Company) == {
        "company_has_registration_number",
        "company_founded_plausible",
    }
    assert _check_constraints(Consultation) == {"consultation_amounts_not_negative"}


@pytest.mark.parametrize(
    ("line", "column"),
    [
        # company_founded_plausible
        ("2208112341,그린셀에너지,Greencell Energy,이서연,1700,58,,,,company", "founded"),
        # company_has_registration_number
        (",무번호,No number,,2015,,,,,company", "registration_number"),
    ],
)
def test_a_company_row_breaking_a_constraint_is_a_row_error(line, column):
    _result, problems = import_bytes(csv_bytes([GOOD_ROWS[0], line]))
    assert Company.objects.count() == 0
    assert [(p.row, p.column) for p in problems] == [(3, column)]


@pytest.mark.parametrize("column", ["amount_usd", "expected_contract_usd"])
def test_a_consultation_row_breaking_the_constraint_is_a_row_error(column):
    from tests.exhibitors.exhibiting import confirmed_exhibitor, started_pavilion

    exhibitor = confirmed_exhibitor(started_pavilion(slug="expo-2030"))
    problems = staff_import([row(exhibitor), row(exhibitor, **{column: "-1"})])
    assert Consultation.objects.count() == 0
    assert [(p.row, p.column) for p in problems] == [(3, column)]
