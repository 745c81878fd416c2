"""The admin's app list and sidebar come from the cache (portal/admin_site.py), per permission
set and language, and every change of who may do what shows at once."""

import pytest
from django.contrib import admin
from django.contrib.admin import AdminSite
from django.contrib.auth.models import Group, Permission
from django.test import Client, RequestFactory

from portal.admin_site import PortalAdminSite, permission_key
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

COMPANIES = "/admin/exhibitors/company/"


def _permission(codename):
    return Permission.objects.get(content_type__app_label="exhibitors", codename=codename)


@pytest.fixture
def clerk():
    """Active staff without any permission yet."""
    return UserFactory(is_staff=True)


def _client(user, language="en"):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    client.force_login(user)
    return client


def _index(user, language="en"):
    return _client(user, language).get("/admin/").text


def test_the_site_is_the_portals():
    assert isinstance(admin.site._wrapped, PortalAdminSite)


def _uncached_app_list(user, path="/admin/"):
    request = RequestFactory().get(path)
    request.user = user
    return AdminSite.get_app_list(admin.site, request)


@pytest.mark.parametrize(
    "codenames",
    [
        [],
        ["review_application"],
        ["view_company", "change_company", "view_review", "assign_reviewers"],
        ["decide_application", "view_application", "view_outcomereport", "approve_report"],
    ],
)
def test_the_cached_app_list_is_djangos(clerk, codenames):
    clerk.user_permissions.set([_permission(codename) for codename in codenames])
    request = RequestFactory().get("/admin/")
    request.user = type(clerk).objects.get(pk=clerk.pk)
    cached = admin.site.get_app_list(request)
    assert cached == _uncached_app_list(type(clerk).objects.get(pk=clerk.pk))
    again = RequestFactory().get("/admin/")
    again.user = type(clerk).objects.get(pk=clerk.pk)
    assert admin.site.get_app_list(again) == cached


def test_every_admin_decides_from_the_permission_set_alone(clerk):
    """The cache is keyed by the permission set: two users holding the same permissions (one
    directly, one through a group) get the same key and the same app list."""
    codes = ["view_company", "review_application", "view_booth", "allocate_booths"]
    permissions = [
        Permission.objects.get(codename=code, content_type__app_label=app)
        for app, code in [
            ("exhibitors", "view_company"),
            ("exhibitors", "review_application"),
            ("exhibitors", "view_booth"),
            ("events", "allocate_booths"),
        ]
    ]
    assert len(permissions) == len(codes)
    clerk.user_permissions.set(permissions)
    other = UserFactory(is_staff=True)
    group = Group.objects.create(name="Same")
    group.permissions.set(permissions)
    other.groups.add(group)
    keys, lists = [], []
    for user in (clerk, other):
        request = RequestFactory().get("/admin/")
        request.user = type(user).objects.get(pk=user.pk)
        keys.append(permission_key(request))
        lists.append(_uncached_app_list(type(user).objects.get(pk=user.pk)))
    assert keys[0] == keys[1]
    assert lists[0] == lists[1]


def test_the_index_and_the_sidebar_are_djangos_in_both_languages(clerk):
    clerk.user_permissions.set([_permission("view_company"), _permission("view_review")])
    for language, name in [("en", "Companies"), ("ko", "기업")]:
        html = _client(clerk, language).get(COMPANIES).text
        sidebar = html[html.index('id="nav-sidebar"') :]
        assert name in sidebar
        assert 'class="model-company current-model"' in sidebar
        assert f'<a href="{COMPANIES}" aria-current="page">' in sidebar
        # Another page of the same permission set marks its own model.
        html = _client(clerk, language).get("/admin/exhibitors/review/").text
        assert 'class="model-company current-model"' not in html
        assert 'class="model-review current-model"' in html


def test_joining_a_group_shows_its_models_at_once(clerk):
    assert COMPANIES not in _index(clerk)
    group = Group.objects.create(name="Clerks")
    group.permissions.add(_permission("view_company"))
    clerk.groups.add(group)  # m2m_changed of user.groups
    assert COMPANIES in _index(clerk)
    clerk.groups.remove(group)
    assert COMPANIES not in _index(clerk)


def test_a_groups_new_permission_shows_at_once(clerk):
    group = Group.objects.create(name="Clerks")
    clerk.groups.add(group)
    assert COMPANIES not in _index(clerk)
    group.permissions.add(_permission("view_company"))  # m2m_changed of group.permissions
    assert COMPANIES in _index(clerk)


def test_a_users_own_permission_shows_at_once(clerk):
    assert COMPANIES not in _index(clerk)
    clerk.user_permissions.add(_permission("view_company"))  # m2m_changed of user_permissions
    assert COMPANIES in _index(clerk)


def test_deleting_a_group_takes_its_models_away_at_once(clerk):
    group = Group.objects.create(name="Clerks")
    group.permissions.add(_permission("view_company"))
    clerk.groups.add(group)
    assert COMPANIES in _index(clerk)
    group.delete()  # post_delete of Group (its rows in the m2m tables go without a signal)
    assert COMPANIES not in _index(clerk)


def test_deleting_a_permission_takes_its_models_away_at_once(clerk):
    permission = _permission("view_company")
    clerk.user_permissions.add(permission)
    assert COMPANIES in _index(clerk)
    permission.delete()  # post_delete of Permission
    assert COMPANIES not in _index(clerk)


def test_becoming_superuser_shows_everything_at_once(clerk):
    assert COMPANIES not in _index(clerk)
    clerk.is_superuser = True
    clerk.save()
    assert COMPANIES in _index(clerk)


def test_the_index_takes_no_permission_query_once_cached(clerk, django_assert_num_queries):
    clerk.user_permissions.add(_permission("view_company"))
    client = _client(clerk)
    client.get("/admin/")
    # The recent actions (the session and the user from the cache): nothing for the app list.
    with django_assert_num_queries(1):
        assert COMPANIES in client.get("/admin/").text


def test_the_index_draws_what_each_permission_set_may_do(clerk):
    """The index's app list is cached by what it shows: "View" for a model one may only
    view, "Change" (and "Add") once one may change it."""
    clerk.user_permissions.add(_permission("view_company"))
    html = _index(clerk)
    assert f'<a href="{COMPANIES}" class="viewlink"' in html
    assert f'<a href="{COMPANIES}" class="changelink"' not in html
    clerk.user_permissions.add(_permission("change_company"))
    html = _index(clerk)
    assert f'<a href="{COMPANIES}" class="changelink"' in html
    assert f'href="{COMPANIES}add/" class="addlink"' not in html
    clerk.user_permissions.add(_permission("add_company"))
    assert f'href="{COMPANIES}add/" class="addlink"' in _index(clerk)
    # The other language draws its own copy.
    assert "기업" in _index(clerk, "ko")
