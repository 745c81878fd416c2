"""The public results page of a pavilion, once staff publish it."""

import io

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse

from events.models import Pavilion
from exhibitors.models import OutcomeReport
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    return Pavilion.objects.get(event__slug="scewc-2024")


def _publish(client, pavilion):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name="Reporting"))
    client.force_login(user)
    client.post(
        reverse("admin:events_pavilion_changelist"),
        {"action": "publish_results", "_selected_action": [pavilion.pk]},
    )
    client.logout()


def test_hidden_until_published_then_in_both_languages(client, demo, django_assert_max_num_queries):
    url = reverse("events:results", args=["scewc-2024", "seoul"])
    assert client.get(url).status_code == 404
    _publish(client, demo)
    with django_assert_max_num_queries(14):
        korean = client.get(url).content.decode()
    assert "수출 상담 407건" in korean and "폴란드" in korean
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "407 export consultations" in english and "Poland" in english and "Japan" in english
    assert (
        "See the results"
        in client.get(demo.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    )


def test_per_company_amounts_only_where_agreed(client, demo):
    _publish(client, demo)
    url = reverse("events:results", args=["scewc-2024", "seoul"])
    rows = client.get(url).context["rows"]
    assert all(row["amount"] is None for row in rows)
    report = OutcomeReport.objects.filter(exhibitor__pavilion=demo).first()
    OutcomeReport.objects.filter(pk=report.pk).update(publish_amounts=True)
    rows = client.get(url).context["rows"]
    shown = [row for row in rows if row["amount"] is not None]
    assert [row["exhibitor"].pk for row in shown] == [report.exhibitor_id]
