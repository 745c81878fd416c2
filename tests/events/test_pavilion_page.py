"""What the public pavilion page tells an applicant (issue 13, items 2 and 9): that every
place is taken and a new application goes to the waiting list (right at once, although the
page is cached), rolling admission, and who may apply, what exhibitors get and whom to ask."""

import pytest
from django.test import Client
from django.urls import reverse

from exhibitors.applications import services
from exhibitors.applications.models import Application
from tests.exhibitors.applications.test_views import complete_post
from tests.factories import ApplicationFactory, MembershipFactory, open_pavilion

pytestmark = pytest.mark.django_db


@pytest.fixture
def english():
    return Client(HTTP_ACCEPT_LANGUAGE="en")


@pytest.fixture
def korean():
    return Client(HTTP_ACCEPT_LANGUAGE="ko")


def accepted(pavilion):
    application = ApplicationFactory(pavilion=pavilion)
    services.application_submit(application=application, user=None, notify=False)
    return services.application_accept(application=application, user=None, notify=False)


def full_pavilion(capacity=2):
    pavilion = open_pavilion(capacity=capacity)
    holders = [accepted(pavilion) for _ in range(capacity)]
    services.application_confirm(application=holders[0], user=None)  # confirmed counts too
    return pavilion


def test_a_full_pavilion_says_so_in_english(english):
    page = english.get(full_pavilion().get_absolute_url()).text
    assert "All 2 places are taken." in page
    assert "a new application goes to the waiting list" in page
    assert "Sign up to apply for the waiting list" in page
    assert "data-full" in page


def test_a_full_pavilion_says_so_in_korean(korean):
    page = korean.get(full_pavilion().get_absolute_url()).text
    assert "자리 2개가 모두 찼습니다." in page
    assert "새 신청서는 대기 명단에 오르며" in page
    assert "가입하고 대기 명단에 신청하기" in page


def test_a_pavilion_with_places_left_does_not(english):
    pavilion = open_pavilion(capacity=2)
    accepted(pavilion)
    page = english.get(pavilion.get_absolute_url()).text
    assert "places are taken" not in page and "waiting list" not in page
    assert "Sign up to apply" in page


def test_the_cached_page_turns_full_and_back_when_places_are_taken_and_given_back(
    english, korean, django_assert_num_queries
):
    pavilion = open_pavilion(capacity=1)
    url = pavilion.get_absolute_url()
    assert "places are taken" not in english.get(url).text
    assert "모두 찼습니다" not in korean.get(url).text
    with django_assert_num_queries(0):  # both copies come from the cache
        english.get(url)
        korean.get(url)

    holder = accepted(pavilion)  # the last place is taken
    assert "The place is taken." in english.get(url).text
    assert "자리 1개가 모두 찼습니다." in korean.get(url).text

    services.application_withdraw(application=holder, user=None, reason="No budget")
    assert "place is taken" not in english.get(url).text
    assert "모두 찼습니다" not in korean.get(url).text


def test_starting_and_submitting_in_a_full_pavilion_tell_of_the_waiting_list(client):
    pavilion = full_pavilion()
    member = MembershipFactory()
    client.force_login(member.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"

    started = client.post(
        reverse("exhibitors:application_start", args=[pavilion.event.slug, pavilion.slug]),
        follow=True,
    )
    assert "your application goes to the waiting list" in started.text
    assert "Apply for the waiting list" not in started.text  # the form, not the pavilion page

    application = Application.objects.get(company=member.company)
    submitted = client.post(
        reverse("exhibitors:application_edit", args=[application.pk]),
        {**complete_post(application), "submit": "1"},
        follow=True,
    )
    assert "Your application is submitted" in submitted.text
    assert "your application goes to the waiting list" in submitted.text


def test_rolling_admission_and_the_applicants_details_in_the_visitors_language(english, korean):
    pavilion = open_pavilion(
        rolling_admission=True,
        eligibility_en="Seoul-based start-ups and SMEs",
        eligibility_ko="서울 소재 스타트업과 중소기업",
        benefits_en="A furnished booth",
        benefits_ko="부스 제공",
        contact_name="Kim Minji",
        contact_email="pavilion@sdf.example",
        contact_phone="02-1234-5678",
    )
    url = pavilion.get_absolute_url()
    page = english.get(url).text
    assert "Rolling: applications are decided as they come in" in page
    assert "Seoul-based start-ups and SMEs" in page and "A furnished booth" in page
    assert "Kim Minji" in page and "mailto:pavilion@sdf.example" in page and "02-1234-5678" in page
    assert "서울 소재" not in page
    page = korean.get(url).text
    assert "수시 선정" in page
    assert "서울 소재 스타트업과 중소기업" in page and "부스 제공" in page
    assert "Seoul-based" not in page


def test_nothing_is_shown_of_details_left_empty(english):
    page = english.get(open_pavilion().get_absolute_url()).text
    assert "Who may apply" not in page and "What exhibitors get" not in page
    assert "data-rolling-admission" not in page and "data-contact" not in page


def test_staff_set_them_in_the_admin(staff_client):
    pavilion = open_pavilion()
    page = staff_client.get(reverse("admin:events_pavilion_change", args=[pavilion.pk])).text
    for field in (
        "rolling_admission",
        "eligibility_en",
        "eligibility_ko",
        "benefits_en",
        "benefits_ko",
        "contact_name",
        "contact_email",
        "contact_phone",
    ):
        assert f'name="{field}"' in page


def test_the_home_page_cards_name_the_event_with_the_pavilion(english, korean):
    pavilion = open_pavilion()
    link = f'<a href="{pavilion.get_absolute_url()}">'
    assert f"{link}{pavilion.event.name_ko} · 서울관</a>" in korean.get("/").text
    assert f"{link}{pavilion.event.name_en} · Seoul Pavilion</a>" in english.get("/").text
