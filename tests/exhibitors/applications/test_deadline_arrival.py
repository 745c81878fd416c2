"""Deadline night (issue 14): a submission is judged by when it reached the portal, not by
when its turn came in the server's queue. ``portal.arrival`` stamps ``request.arrived_at``
(the trusted load balancer's ``X-Request-Start``, or the moment the first middleware ran) and
``applications.submission_time`` believes it at most ``SUBMISSION_GRACE_SECONDS`` back.
Clocks are moved with time-machine, never raced."""

import datetime

import pytest
import time_machine
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from exhibitors.applications import services
from exhibitors.applications.models import Application, ApplicationStatus
from portal.arrival import ArrivalMiddleware, parse_request_start
from tests.exhibitors.applications.test_views import complete_post
from tests.factories import ApplicationFactory, MembershipFactory

pytestmark = pytest.mark.django_db
SECOND = datetime.timedelta(seconds=1)


@pytest.fixture
def late_night(client):
    """A complete draft whose call closes at ``deadline``, and its company's user logged in."""
    member = MembershipFactory()
    application = ApplicationFactory(company=member.company)
    pavilion = application.pavilion
    deadline = (timezone.now() + datetime.timedelta(days=1)).replace(microsecond=0)
    pavilion.applications_close_at = deadline
    pavilion.save()
    client.force_login(member.user)
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client, application, deadline


def _submit(client, application, *, request_start=None):
    url = reverse("exhibitors:application_edit", args=[application.pk])
    headers = {} if request_start is None else {"HTTP_X_REQUEST_START": request_start}
    return client.post(url, complete_post(application, submit="1"), **headers)


def _seconds(moment):
    return f"t={moment.timestamp():.3f}"


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1, SUBMISSION_GRACE_SECONDS=60)
@pytest.mark.parametrize(
    "header",
    [
        _seconds,  # nginx: t=${msec}
        lambda moment: str(int(moment.timestamp() * 1000)),  # Heroku: milliseconds
        lambda moment: f"t={int(moment.timestamp() * 1_000_000)}",  # microseconds
    ],
    ids=["seconds", "milliseconds", "microseconds"],
)
def test_a_submission_that_arrived_before_the_deadline_is_accepted_when_handled_after(
    late_night, header
):
    client, application, deadline = late_night
    arrived = deadline - 2 * SECOND
    with time_machine.travel(deadline + 5 * SECOND, tick=False):
        response = _submit(client, application, request_start=header(arrived))
    assert response.status_code == 302
    assert response.url == reverse("exhibitors:application", args=[application.pk])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at == arrived


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1, SUBMISSION_GRACE_SECONDS=60)
def test_a_submission_that_arrived_after_the_deadline_is_refused(late_night):
    client, application, deadline = late_night
    with time_machine.travel(deadline + 5 * SECOND, tick=False):
        response = _submit(client, application, request_start=_seconds(deadline + SECOND))
    assert response.status_code == 302
    assert response.url == reverse("exhibitors:application", args=[application.pk])
    assert Application.objects.get().status == ApplicationStatus.DRAFT


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1, SUBMISSION_GRACE_SECONDS=60)
def test_a_header_claiming_an_arrival_ten_minutes_earlier_is_not_believed_beyond_the_grace(
    late_night,
):
    client, application, deadline = late_night
    handled = deadline + 90 * SECOND
    with time_machine.travel(handled, tick=False):
        response = _submit(
            client, application, request_start=_seconds(handled - datetime.timedelta(minutes=10))
        )
    assert response.status_code == 302
    assert (
        Application.objects.get().status == ApplicationStatus.DRAFT
    )  # judged at handled - 60 s: too late

    # Handled 5 s after the deadline, the same forged claim gets the grace and no more: the
    # submission counts as arrived 60 s before it was handled, not ten minutes before.
    handled = deadline + 5 * SECOND
    with time_machine.travel(handled, tick=False):
        _submit(
            client, application, request_start=_seconds(handled - datetime.timedelta(minutes=10))
        )
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at == handled - 60 * SECOND


@override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=0)
def test_without_a_trusted_proxy_the_header_is_ignored(late_night):
    client, application, deadline = late_night
    with time_machine.travel(deadline + 5 * SECOND, tick=False):
        _submit(client, application, request_start=_seconds(deadline - 2 * SECOND))
    assert Application.objects.get().status == ApplicationStatus.DRAFT


@override_settings(SUBMISSION_GRACE_SECONDS=60)
def test_the_service_judges_the_window_by_the_arrival(late_night):
    _client, application, deadline = late_night
    user = application.company.memberships.get().user
    services.application_submit(
        application=application,
        user=user,
        arrived_at=deadline - 2 * SECOND,
        now=deadline + 5 * SECOND,
    )
    application.refresh_from_db()
    assert (
        application.status == ApplicationStatus.SUBMITTED
        and application.submitted_at == deadline - 2 * SECOND
    )


@override_settings(SUBMISSION_GRACE_SECONDS=60)
def test_a_change_to_a_submitted_application_that_arrived_in_time_is_saved(late_night):
    client, application, deadline = late_night
    user = application.company.memberships.get().user
    services.application_submit(application=application, user=user, now=deadline - 60 * SECOND)
    url = reverse("exhibitors:application_edit", args=[application.pk])
    data = complete_post(application, product_name_en="Changed in time", save_draft="1")
    data["loaded_version"] = Application.objects.get().version
    with (
        override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1),
        time_machine.travel(deadline + 3 * SECOND, tick=False),
    ):
        response = client.post(url, data, HTTP_X_REQUEST_START=_seconds(deadline - SECOND))
    assert response.status_code == 302
    assert Application.objects.get().product_name_en == "Changed in time"


def test_the_middleware_stamps_the_moment_it_ran_and_never_a_future_arrival():
    moment = timezone.now().replace(microsecond=0)
    seen = {}

    def view(request):
        seen["arrived_at"] = request.arrived_at
        return None

    middleware = ArrivalMiddleware(view)
    factory = RequestFactory()
    with time_machine.travel(moment, tick=False):
        middleware(factory.get("/"))
        assert seen["arrived_at"] == moment
        with override_settings(ALLAUTH_TRUSTED_PROXY_COUNT=1):
            future = _seconds(moment + datetime.timedelta(hours=1))
            middleware(factory.get("/", HTTP_X_REQUEST_START=future))
            assert seen["arrived_at"] == moment
            middleware(factory.get("/", HTTP_X_REQUEST_START="t=garbage"))
            assert seen["arrived_at"] == moment


@pytest.mark.parametrize("value", ["", "t=", "t=nan", "t=inf", "t=-5", "soon", "t=1e400"])
def test_a_malformed_request_start_names_no_moment(value):
    assert parse_request_start(value) is None


@pytest.mark.parametrize(
    "language, sentence",
    [
        ("en", "Submissions that reach the portal before the deadline are accepted"),
        ("ko", "마감 전에 포털에 도착한 제출은"),
    ],
)
def test_the_pages_say_how_the_deadline_is_judged(late_night, language, sentence):
    client, application, _deadline = late_night
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = language
    pavilion = application.pavilion
    pavilion_page = client.get(
        reverse("events:pavilion", args=[pavilion.event.slug, pavilion.slug])
    )
    form = client.get(reverse("exhibitors:application_edit", args=[application.pk]))
    assert sentence in pavilion_page.content.decode()
    assert sentence in form.content.decode()
