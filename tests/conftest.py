import pytest
from django.core.cache import cache
from django.utils import translation

from tests.factories import UserFactory


@pytest.fixture(autouse=True)
def _english_by_default():
    """Tests read English unless they switch; each test starts from the same language."""
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the database is rolled back after every test,
    and cached pages or login throttles must not outlive it."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def staff_user(db):
    return UserFactory(username="staff@example.com", is_staff=True, is_superuser=True)


@pytest.fixture
def staff_client(client, staff_user):
    client.force_login(staff_user)
    return client


def restore_staff_roles():
    """Make the staff roles' groups again, with their permissions, as the data migrations made
    them (``ROLES`` of 0004_staff_roles and the ``GRANTS`` of the later permission migrations).

    A transactional test (the browser tests, with ``live_server``) starts from a database that
    an earlier transactional test may have flushed, which takes the groups with it. Django's
    ``serialized_rollback`` would restore them but collides on PostgreSQL with the content
    types that the flush's post_migrate made again."""
    import sys

    from django.apps import apps
    from django.contrib.auth.management import create_permissions
    from django.contrib.auth.models import Group, Permission
    from django.db.migrations.loader import MigrationLoader

    for config in apps.get_app_configs():
        create_permissions(config, verbosity=0)
    loader = MigrationLoader(None, ignore_no_migrations=True)
    for key in sorted(loader.disk_migrations):
        module = sys.modules[type(loader.disk_migrations[key]).__module__]
        for grants in (getattr(module, "ROLES", None), getattr(module, "GRANTS", None)):
            for name, codes in (grants or {}).items():
                group, _ = Group.objects.get_or_create(name=name)
                for code in codes:
                    app_label, codename = code.split(".")
                    group.permissions.add(
                        Permission.objects.get(content_type__app_label=app_label, codename=codename)
                    )
