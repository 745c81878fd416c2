"""E-mail through the database task queue, as in production: the submission commits, the
mail waits in the queue, the worker sends it."""

import io

import pytest
from django.core import mail
from django.core.management import call_command

from exhibitors.applications import services
from tests.factories import ApplicationFactory, MembershipFactory

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS  # django-tasks resets its backends on setting_changed


@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_what_the_submission_queued(database_tasks):
    from django_tasks_db.models import DBTaskResult

    member = MembershipFactory()
    application = ApplicationFactory(company=member.company)
    services.application_submit(application=application, user=member.user)
    assert mail.outbox == []
    assert DBTaskResult.objects.count() == 1
    call_command(
        "db_worker", "--batch", "--no-startup-delay", stdout=io.StringIO(), stderr=io.StringIO()
    )
    assert [m.to for m in mail.outbox] == [[member.user.email]]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
