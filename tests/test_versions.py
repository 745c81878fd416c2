"""Version tokens (portal/versions.py): what every cached page's key carries."""

import pytest
from django.db import transaction

from portal import versions

pytestmark = pytest.mark.django_db


def test_a_token_stays_until_its_data_changes():
    first = versions.token("a")
    assert versions.token("a") == first
    versions.bump("a")
    assert versions.token("a") != first


def test_names_are_independent_and_read_together():
    a, b = versions.token("a"), versions.token("b")
    assert versions.token("a", "b") == f"{a}-{b}"
    versions.bump("b")
    assert versions.token("a") == a
    assert versions.token("a", "b") != f"{a}-{b}"


def test_a_change_replaces_the_token_again_when_it_commits(django_capture_on_commit_callbacks, db):
    with django_capture_on_commit_callbacks(execute=False) as callbacks, transaction.atomic():
        versions.bump("a")
        during = versions.token("a")  # a reader caches the old rows under this token
    for callback in callbacks:
        callback()
    assert versions.token("a") != during


def test_receiver_takes_the_signals_arguments():
    before = versions.token("c")
    versions.receiver("c")(sender=object, instance=None, created=True, using="default")
    assert versions.token("c") != before
