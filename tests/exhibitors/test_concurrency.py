"""Two managers take the last place at the same moment: exactly one succeeds.

Real transactions in real threads, on PostgreSQL, where ``select_for_update`` locks (on SQLite
it does nothing, and the test transaction of an ordinary test would hide the race).
"""

import threading

import pytest
from django.db import connection

from exhibitors import applications as services
from exhibitors.models import Application, Decision
from tests.factories import ApplicationFactory, UserFactory, open_pavilion

pytestmark = [
    pytest.mark.skipif(
        connection.vendor != "postgresql",
        reason="row locks (select_for_update) only hold on PostgreSQL; "
        "run with DATABASE_URL=postgres://...",
    ),
    pytest.mark.django_db(transaction=True),
]

ROUNDS = 5


def race(calls):
    """Run the ``calls`` in threads released at the same moment by a barrier; each thread has
    its own connection, opened before the barrier and closed at the end. Returns
    ``(succeeded, refused)``: the indexes of the calls that returned and those that raised
    ``ApplicationError``; anything else fails the test."""
    barrier = threading.Barrier(len(calls))
    outcomes, unexpected = {}, []

    def run(index, call):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=10)
            call()
            outcomes[index] = "ok"
        except services.ApplicationError:
            outcomes[index] = "refused"
        except BaseException as error:  # reported in the main thread
            unexpected.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert not unexpected, unexpected
    assert not any(thread.is_alive() for thread in threads)
    succeeded = [i for i, outcome in outcomes.items() if outcome == "ok"]
    refused = [i for i, outcome in outcomes.items() if outcome == "refused"]
    return succeeded, refused


def last_place():
    """A pavilion with one place and two submitted applications."""
    pavilion = open_pavilion(capacity=1)
    applications = []
    for _ in range(2):
        application = ApplicationFactory(pavilion=pavilion)
        services.application_submit(application=application, user=None)
        applications.append(application)
    return pavilion, applications, [UserFactory(is_staff=True) for _ in applications]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_managers_accepting_the_last_place_at_once(round_):
    pavilion, applications, managers = last_place()

    succeeded, refused = race(
        [
            lambda a=application, m=manager: services.application_accept(
                application=a, user=m, notify=False
            )
            for application, manager in zip(applications, managers, strict=True)
        ]
    )

    assert (len(succeeded), len(refused)) == (1, 1)
    holding = Application.objects.filter(pavilion=pavilion).holding_places()
    assert list(holding.values_list("pk", flat=True)) == [applications[succeeded[0]].pk]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_managers_marking_the_last_place_to_accept_at_once(round_):
    pavilion, applications, managers = last_place()

    succeeded, refused = race(
        [
            lambda a=application, m=manager: services.decision_record(
                application=a, decision=Decision.ACCEPT, user=m
            )
            for application, manager in zip(applications, managers, strict=True)
        ]
    )

    assert (len(succeeded), len(refused)) == (1, 1)
    pending = Application.objects.filter(pavilion=pavilion, decision=Decision.ACCEPT)
    assert list(pending.values_list("pk", flat=True)) == [applications[succeeded[0]].pk]
    assert services.places_left(pavilion, counting_pending=True) == 0
    # released, the one pending acceptance takes the one place
    services.decisions_release(pavilion=pavilion, user=managers[0])
    holding = Application.objects.filter(pavilion=pavilion).holding_places()
    assert list(holding.values_list("pk", flat=True)) == [applications[succeeded[0]].pk]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_accepting_while_the_company_withdraws_does_not_deadlock(round_):
    """Both lock the pavilion first, then the application: one waits for the other. (Locking
    the application first in one of them deadlocked most rounds.)"""
    pavilion, (application, _), (manager, _) = last_place()

    succeeded, refused = race(
        [
            lambda: services.application_accept(
                application=application, user=manager, notify=False
            ),
            lambda: services.application_withdraw(
                application=application, user=None, reason="Another expo"
            ),
        ]
    )

    assert 1 in succeeded  # the withdrawal always goes through, before or after the accept
    assert Application.objects.get(pk=application.pk).status == "withdrawn"
    assert not Application.objects.filter(pavilion=pavilion).holding_places().exists()
