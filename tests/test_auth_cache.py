"""The signed-in user, their membership and company come from the cache (portal/auth_cache.py),
and the navigation bar and language switch from cached copies (portal/templatetags/
page_parts.py): every write that changes what they hold shows on the next request, a password
change still logs the other sessions out, a deactivated user or a removed member loses access
at once."""

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from exhibitors.companies.models import Company
from portal import auth_cache, versions
from tests.exhibitors.companies.test_resources import csv_bytes, import_bytes
from tests.factories import CompanyFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db

APPLICATIONS = "/applications/"


@pytest.fixture
def member():
    return MembershipFactory(company=CompanyFactory(name_en="Nuri Mobility")).user


def _client(user):
    client = Client(HTTP_ACCEPT_LANGUAGE="en")
    client.force_login(user)
    return client


def test_sessions_are_read_through_the_cache_unless_the_cache_is_the_database():
    from portal.settings.base import cache_from_url, session_engine

    assert settings.SESSION_ENGINE == "django.contrib.sessions.backends.cached_db"
    for url, engine in [
        ("locmem", "cached_db"),
        ("redis://127.0.0.1:6379/0", "cached_db"),
        ("database", "db"),
    ]:
        caches = {"default": cache_from_url(url)}
        assert session_engine(caches) == f"django.contrib.sessions.backends.{engine}"


def test_a_signed_in_page_reads_neither_session_nor_user_nor_membership(
    member, django_assert_num_queries
):
    client = _client(member)
    client.get(APPLICATIONS)  # fills the cache
    # Nothing: the session, the user with the membership and the page itself (its list of
    # applications, exhibitors.applications.views) come from the cache.
    with django_assert_num_queries(0):
        response = client.get(APPLICATIONS)
    assert response.status_code == 200
    assert response.context["user"].pk == member.pk
    assert "Nuri Mobility" in response.text


def test_a_password_change_logs_the_other_sessions_out(member):
    mine, other = _client(member), _client(member)
    assert other.get(APPLICATIONS).status_code == 200  # its user is cached
    response = mine.post(
        reverse("account_change_password"),
        {
            "oldpassword": "secret-pass-123",
            "password1": "n3w-Pass-w0rd!",
            "password2": "n3w-Pass-w0rd!",
        },
    )
    assert response.status_code == 302
    assert mine.get(APPLICATIONS).status_code == 200  # the session that changed it stays
    response = other.get(APPLICATIONS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_a_password_set_elsewhere_logs_every_session_out(member):
    client = _client(member)
    assert client.get(APPLICATIONS).status_code == 200
    member.set_password("another-pass-456")
    member.save()
    assert client.get(APPLICATIONS)["Location"].startswith(reverse("account_login"))


def test_a_deactivated_user_is_logged_out_at_once(member):
    client = _client(member)
    assert client.get(APPLICATIONS).status_code == 200
    member.is_active = False
    member.save()
    assert client.get(APPLICATIONS)["Location"].startswith(reverse("account_login"))


def test_a_deleted_user_is_logged_out_at_once():
    user = UserFactory()  # no membership, whose deletion would tell as well
    client = _client(user)
    assert "Log out" in client.get("/").text
    user.delete()
    assert "Log out" not in client.get("/").text


def test_a_removed_member_loses_the_company_at_once(member):
    client = _client(member)
    assert client.get(APPLICATIONS).status_code == 200
    member.membership.delete()
    response = client.get(APPLICATIONS)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("exhibitors:company_create"))


def test_a_membership_moved_to_another_company_shows_at_once(member):
    client = _client(member)
    assert "Nuri Mobility" in client.get(APPLICATIONS).text
    membership = member.membership
    membership.company = CompanyFactory(name_en="Greencell Energy")
    membership.save()
    assert "Greencell Energy" in client.get(APPLICATIONS).text


def test_a_company_edit_shows_at_once(member):
    client = _client(member)
    assert "Nuri Mobility" in client.get(APPLICATIONS).text
    company = member.membership.company
    company.name_en = "Nuri Mobility Korea"
    company.save()
    assert "Nuri Mobility Korea" in client.get(APPLICATIONS).text


def test_a_company_import_shows_at_once():
    """The import writes in bulk, without signals: it bumps the companies' token itself."""
    company = CompanyFactory(registration_number="1234567891", name_en="Old Name")
    member = MembershipFactory(company=company).user
    client = _client(member)
    assert "Old Name" in client.get(APPLICATIONS).text
    row = "123-45-67891,누리모빌리티,Nuri Mobility,김도윤,2017,34,,,,company"
    _result, problems = import_bytes(csv_bytes([row]))
    assert problems == []
    assert Company.objects.get(pk=company.pk).name_en == "Nuri Mobility"
    assert "Nuri Mobility" in client.get(APPLICATIONS).text


def test_groups_and_permissions_changes_make_the_copy_stale():
    user = UserFactory()
    group = Group.objects.create(name="Cache test group")

    def token():
        return versions.token(auth_cache.user_version(user.pk))

    for change in (
        lambda: user.groups.add(group),
        lambda: user.groups.remove(group),
        lambda: group.user_set.add(user),
        lambda: group.user_set.clear(),
        lambda: user.user_permissions.set([1]),
        lambda: user.user_permissions.clear(),
    ):
        before = token()
        change()
        assert token() != before


def test_staff_made_so_get_the_back_office_link_at_once(member):
    client = _client(member)
    assert reverse("admin:index") not in client.get(APPLICATIONS).text
    member.is_staff = True
    member.save()
    assert reverse("admin:index") in client.get(APPLICATIONS).text


# The navigation bar and the language switch.


def _csrf_tokens(html):
    import re

    return re.findall(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)


def test_the_navigation_shows_a_new_address_at_once(member):
    client = _client(member)
    assert member.email in client.get(APPLICATIONS).text
    member.email = "renamed@example.com"
    member.save()
    assert "renamed@example.com" in client.get(APPLICATIONS).text


def test_each_user_and_language_has_their_own_navigation(member):
    other = MembershipFactory().user
    client, other_client = _client(member), _client(other)
    client.get(APPLICATIONS)
    html = other_client.get(APPLICATIONS).text
    assert other.email in html and member.email not in html
    korean = Client(HTTP_ACCEPT_LANGUAGE="ko")
    korean.force_login(member)
    assert "로그아웃" in korean.get(APPLICATIONS).text
    assert "Log out" in client.get(APPLICATIONS).text


def test_the_anonymous_and_the_buyer_navigation_differ(member):
    Client(HTTP_ACCEPT_LANGUAGE="en").get("/")
    client = _client(member)
    assert "Log out" in client.get("/").text
    session = client.session
    session["buyer_role"] = True
    session.save()
    assert reverse("exhibitors:buyer_home") in client.get("/").text
    assert "Log out" not in Client(HTTP_ACCEPT_LANGUAGE="en").get("/").text


def test_no_csrf_token_nor_address_is_shared_between_visitors(member):
    first, second = _client(member), _client(member)
    one = first.get(APPLICATIONS).text
    two = second.get(APPLICATIONS + "?from=second").text
    tokens_one, tokens_two = _csrf_tokens(one), _csrf_tokens(two)
    assert len(tokens_one) == 2 and len(tokens_two) == 2  # the logout and the language forms
    assert "c7f0e2a9" not in one + two
    assert set(tokens_one).isdisjoint(tokens_two)
    assert 'name="next" type="hidden" value="/applications/"' in one
    assert 'name="next" type="hidden" value="/applications/?from=second"' in two
    # The token works: the navigation's logout form logs out.
    response = second.post(reverse("account_logout"), {"csrfmiddlewaretoken": tokens_two[0]})
    assert response.status_code == 302


def test_the_page_parts_cache_can_be_turned_off(member, settings):
    settings.PUBLIC_CACHE_SECONDS = 0
    client = _client(member)
    html = client.get(APPLICATIONS + "?a=1&b=2").text
    assert member.email in html
    assert 'value="/applications/?a=1&amp;b=2"' in html
    assert len(_csrf_tokens(html)) == 2
