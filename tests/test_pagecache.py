"""Cached parts of the back office's pages (portal/pagecache.py): one read for the part and its
tokens, a new token at every write of a watched model, one commit callback a name and
transaction, and deletions of many rows replacing the token once."""

import datetime
from unittest import mock

import pytest
from django.db import connection, transaction
from django.utils import timezone

from exhibitors.apps import MEETINGS, OUTCOMES, ROSTER, USERS
from exhibitors.companies.models import Company
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import Consultation
from portal import pagecache, versions
from tests.factories import ExhibitorFactory, PavilionFactory, UserFactory

pytestmark = pytest.mark.django_db


def _counter():
    made = []

    def make():
        made.append(1)
        return f"value {len(made)}"

    return made, make


def test_a_part_is_made_once_then_read_until_a_watched_model_is_written():
    made, make = _counter()
    assert pagecache.cached("t:key", [ROSTER], make) == "value 1"
    assert pagecache.cached("t:key", [ROSTER], make) == "value 1"
    Company.objects.update()  # no signal: nothing changes
    assert pagecache.cached("t:key", [ROSTER], make) == "value 1"
    ExhibitorFactory()  # a company and an exhibitor saved
    assert pagecache.cached("t:key", [ROSTER], make) == "value 2"
    assert len(made) == 2


def test_a_part_found_costs_one_cache_read(django_assert_num_queries):
    _made, make = _counter()
    pagecache.cached("t:key", [ROSTER, OUTCOMES], make)
    with mock.patch.object(pagecache.cache, "get_many", wraps=pagecache.cache.get_many) as reads:
        pagecache.cached("t:key", [ROSTER, OUTCOMES], make)
    assert reads.call_count == 1


def test_written_replaces_the_names_of_the_models_written():
    before = versions.token(ROSTER, OUTCOMES, MEETINGS)
    pagecache.written(Consultation)
    after = versions.token(ROSTER, OUTCOMES, MEETINGS)
    assert before.split("-")[0] == after.split("-")[0]  # the roster: untouched
    assert before.split("-")[1] != after.split("-")[1]  # the outcomes: replaced
    assert before.split("-")[2] == after.split("-")[2]


def test_one_commit_callback_a_name_however_many_rows_are_written(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        for _ in range(5):
            pagecache.written(Consultation)
    assert len(callbacks) == 1
    before = versions.token(OUTCOMES)
    callbacks[0]()  # the commit replaces the token again
    assert versions.token(OUTCOMES) != before


def test_a_callback_dropped_with_a_savepoint_is_registered_again(
    django_capture_on_commit_callbacks,
):
    with django_capture_on_commit_callbacks() as callbacks:
        try:
            with transaction.atomic():
                pagecache.written(Consultation)
                raise RuntimeError
        except RuntimeError:
            pass
        pagecache.written(Consultation)
    assert len(callbacks) == 1


def test_deleting_many_rows_replaces_the_token_once():
    report = outcomes.report_get_or_create(ExhibitorFactory(pavilion=PavilionFactory()))
    for n in range(4):
        Consultation.objects.create(
            report=report,
            met_on=datetime.date(2030, 1, 1),
            buyer_organisation=f"B{n}",
            amount_usd=1,
        )
    with mock.patch.object(versions, "_replace", wraps=versions._replace) as replaced:
        Consultation.objects.filter(report=report).delete()
    assert [c.args[0] for c in replaced.call_args_list] == [OUTCOMES]
    assert not Consultation.objects.filter(report=report).exists()


def test_logging_in_replaces_nothing_other_saves_of_a_user_do():
    user = UserFactory()
    before = versions.token(USERS)
    user.last_login = timezone.now()
    user.save(update_fields=["last_login"])
    assert versions.token(USERS) == before
    user.first_name = "Jiwoo"
    user.save(update_fields=["first_name"])
    assert versions.token(USERS) != before


def test_until_keeps_a_part_no_longer_than_it_is_true():
    made, make = _counter()
    soon = timezone.now() + datetime.timedelta(seconds=30)
    with mock.patch.object(pagecache.cache, "set", wraps=pagecache.cache.set) as stored:
        pagecache.cached("t:soon", [ROSTER], make, until=lambda value: soon)
    assert stored.call_args.args[2] <= 30
    past = timezone.now() - datetime.timedelta(seconds=1)
    pagecache.cached("t:past", [ROSTER], make, until=lambda value: past)
    pagecache.cached("t:past", [ROSTER], make, until=lambda value: past)
    assert len(made) == 3  # the past one is never kept


def test_none_is_never_kept_and_zero_seconds_turn_the_cache_off(settings):
    calls = []
    pagecache.cached("t:none", [ROSTER], lambda: calls.append(1))
    pagecache.cached("t:none", [ROSTER], lambda: calls.append(1))
    assert len(calls) == 2
    settings.FRAGMENT_CACHE_SECONDS = 0
    made, make = _counter()
    pagecache.cached("t:off", [ROSTER], make)
    pagecache.cached("t:off", [ROSTER], make)
    assert len(made) == 2


def test_outside_a_transaction_a_write_replaces_at_once(transactional_db):
    assert not connection.in_atomic_block
    before = versions.token(OUTCOMES)
    pagecache.written(Consultation)
    assert versions.token(OUTCOMES) != before
