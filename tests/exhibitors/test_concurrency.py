"""Two managers take the last place at the same moment, two floor managers allocate the same
booth or place overlapping booths at the same moment: exactly one succeeds.

Real transactions in real threads, on PostgreSQL, where ``select_for_update`` locks (on SQLite
it does nothing, and the test transaction of an ordinary test would hide the race).
"""

import threading
from decimal import Decimal

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction
from django.utils import translation

from exhibitors.applications import services
from exhibitors.applications.models import Application, Decision, StatusChange
from exhibitors.applications.services.common import _when
from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth
from tests.exhibitors.floor import booth, exhibitor, floor
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


def race(calls, refused_by=services.ApplicationRefused):
    """Run the ``calls`` in threads released at the same moment by a barrier; each thread has
    its own connection, opened before the barrier and closed at the end. Returns
    ``(succeeded, refused)``: the indexes of the calls that returned and those that raised
    ``refused_by`` (``ApplicationRefused`` unless told); anything else fails the test."""
    barrier = threading.Barrier(len(calls))
    outcomes, unexpected = {}, []

    def run(index, call):
        try:
            connection.ensure_connection()
            barrier.wait(timeout=120)
            call()
            outcomes[index] = "ok"
        except refused_by:
            outcomes[index] = "refused"
        except BaseException as error:  # reported in the main thread
            unexpected.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=pair) for pair in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
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
    services.decisions_release(
        pavilion=pavilion, user=managers[0], now=pavilion.applications_close_at
    )
    holding = Application.objects.filter(pavilion=pavilion).holding_places()
    assert list(holding.values_list("pk", flat=True)) == [applications[succeeded[0]].pk]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_managers_releasing_the_decisions_at_once(round_):
    """One release carries out every pending decision; the other waits for it on the pavilion's
    lock, then finds nothing pending and is told who released the decisions and when (not
    that a waitlisted application cannot become waitlisted)."""
    pavilion = open_pavilion(capacity=3)
    managers = [
        UserFactory(is_staff=True, first_name=name, last_name="Park") for name in ("Mina", "Jun")
    ]
    for decision in (Decision.ACCEPT, Decision.WAITLIST, Decision.REJECT):
        application = ApplicationFactory(pavilion=pavilion)
        services.application_submit(application=application, user=None)
        services.decision_record(application=application, decision=decision, user=managers[0])
    now = pavilion.applications_close_at
    messages = {}

    def release(index):
        try:
            with translation.override("en"):  # a thread starts in the default language
                services.decisions_release(pavilion=pavilion, user=managers[index], now=now)
        except services.ApplicationRefused as error:
            messages[index] = error.message
            raise

    succeeded, refused = race([lambda: release(0), lambda: release(1)])

    assert (len(succeeded), len(refused)) == (1, 1)
    winner = managers[succeeded[0]]
    with translation.override("en"):
        when = _when(now)
    assert messages[refused[0]] == (
        f"The decisions of {pavilion.name} were already released by {winner.first_name} Park "
        f"on {when} (Korea time); nothing is left to release."
    )
    changes = StatusChange.objects.filter(application__pavilion=pavilion, note="Decision released.")
    assert {change.changed_by for change in changes} == {winner}
    assert changes.count() == 3


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


# Deadline night: the submissions ---------------------------------------------------------------


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_submissions_of_one_draft_at_once_submit_it_once(round_):
    """A double click: both lock the application's row; the second finds it submitted."""
    application = ApplicationFactory(pavilion=open_pavilion())
    user = UserFactory()

    succeeded, refused = race(
        [
            lambda: services.application_submit(application=application, user=user, notify=False)
            for _ in range(2)
        ]
    )

    assert (len(succeeded), len(refused)) == (1, 1)
    assert StatusChange.objects.filter(application=application, to_status="submitted").count() == 1


def test_a_submission_and_a_save_do_not_wait_for_the_pavilion_lock():
    """While another transaction holds the pavilion's lock (a manager's release, an
    allocation), a company saves and submits its draft: they take no place, so they lock the
    application's row alone. With the pavilion's lock they would wait, and the lock timeout
    would end them. (As the edit page does, each in its own transaction.)"""
    from events.locks import pavilion_lock

    pavilion = open_pavilion()
    application = ApplicationFactory(pavilion=pavilion)
    held, done = threading.Event(), threading.Event()
    errors = []

    def hold():
        try:
            with transaction.atomic():
                pavilion_lock(pavilion.pk)
                held.set()
                done.wait(timeout=60)
        except BaseException as error:  # reported in the main thread
            errors.append(error)
        finally:
            connection.close()

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(timeout=60)
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '2s'")
        application.goals = "Saved while the pavilion is locked"
        services.application_save(application=application, values={}, user=None)
        services.application_submit(application=application, user=None, notify=False)
    finally:
        with connection.cursor() as cursor:
            cursor.execute("RESET lock_timeout")
        done.set()
        holder.join(timeout=60)
    assert not errors, errors
    stored = Application.objects.get(pk=application.pk)
    assert (stored.status, stored.goals) == ("submitted", "Saved while the pavilion is locked")


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_submitting_while_the_company_withdraws_does_not_deadlock(round_):
    """The withdrawal locks the pavilion, then the application; the submission the
    application alone: one waits for the other, and the withdrawal goes through before or
    after the submission."""
    application = ApplicationFactory(pavilion=open_pavilion())

    succeeded, _refused = race(
        [
            lambda: services.application_submit(application=application, user=None, notify=False),
            lambda: services.application_withdraw(
                application=application, user=None, reason="Another expo"
            ),
        ]
    )

    assert 1 in succeeded
    assert Application.objects.get(pk=application.pk).status == "withdrawn"


# The floor ------------------------------------------------------------------------------------


def _booth(code, x, y, pavilion):
    return Booth(
        pavilion=pavilion,
        code=code,
        x=Decimal(x),
        y=Decimal(y),
        width=Decimal(3),
        depth=Decimal(3),
    )


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_staff_allocating_the_same_booth_to_two_exhibitors_at_once(round_):
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    exhibitors = [exhibitor(pavilion), exhibitor(pavilion)]

    succeeded, refused = race(
        [
            # each member of staff has the booth as their own page loaded it: free
            lambda e=each: booths.booth_allocate(booth=Booth.objects.get(pk=a1.pk), exhibitor=e)
            for each in exhibitors
        ],
        refused_by=booths.BoothRefused,
    )

    assert (len(succeeded), len(refused)) == (1, 1)
    a1.refresh_from_db()
    assert a1.holder == exhibitors[succeeded[0]]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_two_staff_placing_overlapping_booths_at_once(round_):
    pavilion = floor()

    succeeded, refused = race(
        [
            lambda: booths.booth_save(booth=_booth("A1", 0, 0, pavilion)),
            lambda: booths.booth_save(booth=_booth("A2", 2, 1, pavilion)),
        ],
        refused_by=booths.BoothRefused,
    )

    assert (len(succeeded), len(refused)) == (1, 1)
    assert list(Booth.objects.values_list("code", flat=True)) == [["A1", "A2"][succeeded[0]]]


@pytest.mark.parametrize("round_", range(ROUNDS))
def test_the_database_alone_refuses_overlapping_booths_written_at_once(round_):
    """Without the service and its lock, the exclusion constraint still lets only one in;
    PostgreSQL refuses the other as a violation, or, when both rows were written before either
    was checked, as a deadlock between the two checks."""
    pavilion = floor()

    def insert(booth_):
        with transaction.atomic():
            booth_.save()

    succeeded, refused = race(
        [
            lambda: insert(_booth("A1", 0, 0, pavilion)),
            lambda: insert(_booth("A2", 1, 2, pavilion)),
        ],
        refused_by=(IntegrityError, OperationalError),
    )

    assert (len(succeeded), len(refused)) == (1, 1)
    assert Booth.objects.count() == 1


def test_booths_that_share_an_edge_pass_the_exclusion_constraint():
    pavilion = floor()
    for code, x, y in [("A1", 0, 0), ("A2", 3, 0), ("B1", 0, 3), ("B2", 3, 3)]:
        _booth(code, x, y, pavilion).save()
    with pytest.raises(IntegrityError), transaction.atomic():
        _booth("X", 2, 2, pavilion).save()
    assert Booth.objects.count() == 4
