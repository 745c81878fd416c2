"""``PortalModelResource.unique_over_file``: a resource's unique columns checked over the file
and the existing rows, with one query for the file instead of ``full_clean``'s one a row. The
company import uses it for its key (tests/exhibitors/companies/test_resources.py); here a
unique column that is not the key, on a model of Django's own (a group's unique name)."""

import pytest
import tablib
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from portal.spreadsheets import AllOrNothingResourceOptions, PortalModelResource, import_problems

pytestmark = pytest.mark.django_db


class GroupResource(PortalModelResource):
    unique_over_file = True

    class Meta(AllOrNothingResourceOptions):
        model = Group
        fields = ["id", "name"]
        import_id_fields = ["id"]

    def validate_instance(self, instance, import_validation_errors=None, validate_unique=True):
        errors = dict(import_validation_errors or {})
        errors.update(self.unique_problems(instance, errors))
        super().validate_instance(instance, errors, validate_unique=False)


def run(rows):
    resource = GroupResource()
    result = resource.import_data(tablib.Dataset(*rows, headers=["id", "name"]))
    return [(p.row, p.column, p.message) for p in import_problems(result, resource)]


def test_a_value_another_row_has_is_refused_with_djangos_message():
    taken = Group.objects.create(name="Taken")
    problems = run([("", "Fresh"), ("", "Taken")])
    assert problems == [(3, "name", "Group with this Name already exists.")]
    assert not Group.objects.filter(name="Fresh").exists()
    assert Group.objects.get(name="Taken") == taken


def test_the_row_that_has_the_value_may_keep_it():
    taken = Group.objects.create(name="Taken")
    assert run([(taken.pk, "Taken"), ("", "Fresh")]) == []
    assert Group.objects.filter(name="Fresh").exists()


def test_a_value_twice_in_the_file_is_refused_on_the_later_row():
    problems = run([("", "Twice"), ("", "Other"), ("", "Twice")])
    assert [(row, column) for row, column, _message in problems] == [(4, "name")]
    assert "already on row 2 of this file" in problems[0][2]
    assert not Group.objects.filter(name__in=["Twice", "Other"]).exists()


def test_the_check_is_one_query_for_the_file():
    Group.objects.create(name="Taken")

    def queries(count):
        with CaptureQueriesContext(connection) as captured:
            run([("", f"New {n}") for n in range(count)] + [("", "Taken")])
        # (the library's own loader still looks each row's id up: not the check's doing)
        return [q["sql"] for q in captured if 'WHERE "auth_group"."name"' in q["sql"]]

    assert len(queries(2)) == len(queries(20)) == 1
