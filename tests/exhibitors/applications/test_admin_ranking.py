"""The programme manager's ranking and decisions page: the arithmetic, the query count, the
actions (mark, bulk, release, undo a promotion) and who may open it.

Scores are given through the reviewers' own services, decisions through the page's actions.
"""

import datetime
from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.contrib.messages import get_messages
from django.core import mail
from django.db.models import F
from django.urls import reverse
from django.utils import timezone

from exhibitors import roles
from exhibitors.applications import reviews, services
from exhibitors.applications.models import (
    Application,
    ApplicationStatus,
    Criterion,
    Decision,
    RankedApplication,
    StatusChange,
)
from exhibitors.applications.services.common import _when
from portal import pagecache, versions
from tests.factories import ApplicationFactory, CompanyFactory, UserFactory, open_pavilion

pytestmark = pytest.mark.django_db
URL = reverse("admin:exhibitors_rankedapplication_changelist")
DAY = datetime.timedelta(days=1)


def staff_in(role, **kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def manager():
    return staff_in(roles.PROGRAMME_MANAGER)


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


@pytest.fixture
def manager_client(client, manager):
    client.force_login(manager)
    return client


@pytest.fixture
def reviewers():
    return [staff_in(roles.REVIEWER) for _ in range(2)]


def submitted(pavilion, *, days=1, **kwargs):
    """A submitted application of a company with a contact address (so mail goes out);
    ``days`` after the call opened (earlier submissions rank first among equal scores)."""
    kwargs.setdefault("company", CompanyFactory(email="office@company.example"))
    application = ApplicationFactory(pavilion=pavilion, **kwargs)
    services.application_submit(
        application=application, user=None, now=pavilion.applications_open_at + days * DAY
    )
    return application


def score(application, reviewer, values, *, by=None):
    """Assign ``reviewer`` and submit their scores, ``values`` in the criteria's order."""
    review = reviews.reviewer_assign(application=application, reviewer=reviewer, user=by)
    criteria = application.pavilion.criteria.all()
    reviews.review_submit(
        review=review,
        user=reviewer,
        values={criterion.pk: value for criterion, value in zip(criteria, values, strict=True)},
    )
    return review


def weighted_pavilion(**kwargs):
    """Two criteria of unequal weight and scale: innovation ×3 on 0-10, plan ×1 on 0-5."""
    pavilion = open_pavilion(**kwargs)
    pavilion.criteria.all().delete()
    Criterion.objects.create(pavilion=pavilion, position=1, name_en="Innovation", weight=3)
    Criterion.objects.create(pavilion=pavilion, position=2, name_en="Plan", weight=1, scale_max=5)
    return pavilion


def points(total):
    """Scores on the four default criteria (weight 1, 0-10) that add up to ``total`` (0-40):
    the review's total is then 2.5 × ``total``."""
    return [min(10, max(total - 10 * n, 0)) for n in range(4)]


def ranked_pavilion(count, *, pavilion=None, reviewer, capacity=15):
    """``count`` submitted applications, scored in the order they are returned (totals 100,
    97.5, 95, ...) by one reviewer."""
    pavilion = pavilion or open_pavilion(capacity=capacity)
    applications = []
    for n in range(count):
        application = submitted(pavilion)
        score(application, reviewer, points(40 - n))
        applications.append(application)
    return pavilion, applications


def close_call(pavilion):
    """The call closed a minute ago: its decisions may be released."""
    pavilion.refresh_from_db()
    pavilion.applications_close_at = timezone.now() - datetime.timedelta(minutes=1)
    pavilion.save(update_fields=["applications_close_at"])
    return pavilion


def post_action(client, action, applications, follow=True, **data):
    return client.post(
        URL,
        {"action": action, "_selected_action": [a.pk for a in applications], **data},
        follow=follow,
    )


def texts(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# The arithmetic ------------------------------------------------------------------------------


def test_score_count_spread_and_order_come_from_the_database(reviewers):
    first, second = reviewers
    pavilion = weighted_pavilion()
    a = submitted(pavilion, days=1)
    b = submitted(pavilion, days=2)
    tie_early = submitted(pavilion, days=3)
    tie_late = submitted(pavilion, days=4)
    unscored = submitted(pavilion, days=0)
    ApplicationFactory(pavilion=pavilion)  # a draft: not in the ranking

    # total = (3 × innovation / 10 + 1 × plan / 5) / 4 × 100
    score(a, first, [8, 5])  # (2.4 + 1.0) / 4 = 85.00
    score(a, second, [6, 2])  # (1.8 + 0.4) / 4 = 55.00
    score(b, first, [10, 0])  # 75.00
    score(b, second, [5, 5])  # 62.50
    score(tie_early, first, [8, 3])  # 75.00
    score(tie_late, second, [8, 3])  # 75.00
    reviews.reviewer_assign(application=unscored, reviewer=first, user=None)  # not submitted
    reviews.reviewer_assign(
        application=a, reviewer=UserFactory(is_staff=True, is_superuser=True), user=None
    )

    rows = list(
        Application.objects.filter(pavilion=pavilion)
        .reviewable()
        .with_rank()
        .order_by(F("rank").asc(nulls_last=True))
    )

    assert [row.pk for row in rows] == [tie_early.pk, tie_late.pk, a.pk, b.pk, unscored.pk]
    assert [row.rank for row in rows] == [1, 2, 3, 4, None]  # no review, no rank
    by_pk = {row.pk: row for row in rows}
    assert (by_pk[a.pk].score, by_pk[a.pk].review_count, by_pk[a.pk].spread) == (
        Decimal("70"),
        2,
        Decimal("30"),
    )
    assert (by_pk[b.pk].score, by_pk[b.pk].review_count, by_pk[b.pk].spread) == (
        Decimal("68.75"),
        2,
        Decimal("12.5"),
    )
    assert (by_pk[tie_early.pk].score, by_pk[tie_early.pk].spread) == (Decimal("75"), 0)
    assert (by_pk[unscored.pk].score, by_pk[unscored.pk].review_count) == (None, 0)
    assert [
        row.pk for row in Application.objects.filter(pavilion=pavilion).reviewable().ranked()
    ] == [row.pk for row in rows]


def test_the_rank_starts_again_in_each_pavilion(reviewers):
    _, first_pavilion = ranked_pavilion(2, reviewer=reviewers[0])
    _, second_pavilion = ranked_pavilion(2, reviewer=reviewers[0])
    ranks = dict(RankedApplication.objects.reviewable().with_rank().values_list("pk", "rank"))
    assert [ranks[a.pk] for a in first_pavilion] == [1, 2]
    assert [ranks[a.pk] for a in second_pavilion] == [1, 2]


def test_the_page_shows_the_ranking_with_one_decimal(manager_client, reviewers):
    pavilion = weighted_pavilion()
    best, second = submitted(pavilion, days=2), submitted(pavilion, days=1)
    score(best, reviewers[0], [8, 5])  # 85.00
    score(best, reviewers[1], [6, 3])  # (1.8 + 0.6) / 4 = 60.00
    score(second, reviewers[0], [10, 0])  # 75.00
    score(second, reviewers[1], [5, 4])  # (1.5 + 0.8) / 4 = 57.50

    response = manager_client.get(URL, {"pavilion": pavilion.pk})

    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [(row.pk, row.rank) for row in rows] == [(best.pk, 1), (second.pk, 2)]
    page = response.content.decode()
    assert "72.5" in page and "66.3" in page  # the means, 72.50 and 66.25
    assert "25.0" in page and "17.5" in page  # the spreads
    assert "Places left (after the pending acceptances)" in page


def test_columns_sort_by_the_annotations(manager_client, reviewers):
    pavilion, applications = ranked_pavilion(3, reviewer=reviewers[0])
    cl = manager_client.get(URL).context["cl"]
    columns = cl.list_display
    for name in ("score_display", "review_count_display", "spread_display"):
        index = columns.index(name)
        response = manager_client.get(URL, {"pavilion": pavilion.pk, "o": str(index)})
        assert response.status_code == 200
    ascending = manager_client.get(
        URL, {"pavilion": pavilion.pk, "o": str(columns.index("score_display") - 1)}
    )
    assert [row.pk for row in ascending.context["cl"].result_list] == [
        a.pk for a in reversed(applications)
    ]


def test_search_by_name_and_registration_number_as_typed(manager_client, reviewers):
    pavilion, (one, other) = ranked_pavilion(2, reviewer=reviewers[0])
    number = one.company.registration_number_display  # 123-45-67890
    for term in (number, one.company.name_en):
        rows = manager_client.get(URL, {"q": term}).context["cl"].result_list
        assert [row.pk for row in rows] == [one.pk]


# Queries -------------------------------------------------------------------------------------


@pytest.mark.parametrize("chosen", [False, True], ids=["every pavilion", "one pavilion"])
def test_the_page_answers_in_the_same_number_of_queries_for_2_and_12_applications(
    chosen, manager_client, manager, reviewers, django_assert_num_queries
):
    pavilion, applications = ranked_pavilion(2, reviewer=reviewers[0])
    services.decision_record(application=applications[0], decision="accept", user=manager)
    params = {"pavilion": pavilion.pk} if chosen else {}
    manager_client.get(URL, params)  # warm the content-type cache, and the cached list
    # From the cache (portal.adminlists.CachedChangeList; the session and the user are
    # cached too): the user's permissions (2).
    with django_assert_num_queries(2):
        manager_client.get(URL, params)
    pagecache.written(Application)  # as any write of an application does
    # Drawn: the user's permissions (2), the filters' pavilions and themes, the count, the
    # rows; with a chosen pavilion also the pavilion, its places (2), its pending decisions
    expected = 10 if chosen else 6
    with django_assert_num_queries(expected):
        small = manager_client.get(URL, params)
    _, more = ranked_pavilion(10, pavilion=pavilion, reviewer=reviewers[1])
    for application in more[:5]:
        services.decision_record(application=application, decision="waitlist", user=manager)
    with django_assert_num_queries(expected):  # drawn again: the writes made it stale
        large = manager_client.get(URL, params)
    assert small.context["cl"].result_count == 2
    assert large.context["cl"].result_count == 12


# Who may open it -----------------------------------------------------------------------------


def test_a_reviewer_gets_403_and_does_not_see_it_in_the_index(client):
    client.force_login(staff_in(roles.REVIEWER))
    assert client.get(URL).status_code == 403
    assert URL not in client.get(reverse("admin:index")).content.decode()


def test_a_superuser_and_a_manager_see_the_page_and_its_actions(client, manager):
    submitted(open_pavilion())
    for user in (UserFactory(is_staff=True, is_superuser=True), manager):
        client.force_login(user)
        assert URL in client.get(reverse("admin:index")).content.decode()
        response = client.get(URL)
        assert response.status_code == 200
        assert "decide_top" in response.content.decode()


def test_someone_who_assigns_reviewers_but_does_not_decide_sees_no_decision_actions(client):
    from django.contrib.auth.models import Permission

    user = UserFactory(is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="assign_reviewers"))
    client.force_login(user)
    response = client.get(URL)
    assert response.status_code == 200
    assert "mark_accept" not in response.content.decode()
    application = submitted(open_pavilion())
    response = post_action(client, "mark_accept", [application])
    assert Application.objects.get(pk=application.pk).decision == ""


def test_the_page_is_read_only_and_links_to_the_application(manager_client):
    application = submitted(open_pavilion())
    response = manager_client.get(
        reverse("admin:exhibitors_rankedapplication_change", args=[application.pk])
    )
    assert response.status_code == 302
    assert response.url == reverse("admin:exhibitors_application_change", args=[application.pk])
    assert manager_client.get(reverse("admin:exhibitors_rankedapplication_add")).status_code == 403
    page = manager_client.get(URL).content.decode()
    assert reverse("admin:exhibitors_application_change", args=[application.pk]) in page
    assert "delete_selected" not in page


# Marking -------------------------------------------------------------------------------------


def test_marking_records_a_pending_decision_and_sends_nothing(
    manager_client, manager, django_capture_on_commit_callbacks
):
    pavilion = open_pavilion()
    first, second = submitted(pavilion), submitted(pavilion)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(manager_client, "mark_waitlist", [first, second])
    assert response.status_code == 200
    assert "2 applications marked “Waitlist”" in " ".join(texts(response))
    for application in Application.objects.filter(pk__in=[first.pk, second.pk]):
        assert (application.status, application.decision) == (
            ApplicationStatus.SUBMITTED,
            Decision.WAITLIST,
        )
        assert application.decision_by == manager and application.decision_at
    assert mail.outbox == []

    post_action(manager_client, "clear_decision", [first])
    assert Application.objects.get(pk=first.pk).decision == ""


def test_accepting_beyond_capacity_is_refused_with_a_message_naming_the_company(
    manager_client, reviewers
):
    pavilion, (best, second, third) = ranked_pavilion(3, reviewer=reviewers[0], capacity=2)
    response = post_action(manager_client, "mark_accept", [third, second, best])
    messages = texts(response)
    assert f"{third.company}: All 2 places of {pavilion.name} are taken" in " ".join(messages)
    assert "2 applications marked “Accept”" in " ".join(messages)
    decisions = dict(Application.objects.values_list("pk", "decision"))
    assert (decisions[best.pk], decisions[second.pk], decisions[third.pk]) == (
        "accept",
        "accept",
        "",
    )


def test_a_decision_that_could_not_be_released_is_refused_when_it_is_recorded(manager):
    application = submitted(open_pavilion())
    services.application_waitlist(application=application, user=manager)
    with pytest.raises(services.ApplicationRefused, match="cannot become"):
        services.decision_record(application=application, decision="waitlist", user=manager)
    services.decision_record(application=application, decision="accept", user=manager)


def test_no_decision_on_a_withdrawn_or_already_decided_application(manager_client, manager):
    pavilion = open_pavilion()
    withdrawn, rejected = submitted(pavilion), submitted(pavilion)
    services.application_withdraw(application=withdrawn, user=None, reason="No budget")
    with pytest.raises(services.ApplicationRefused, match="No decision can be taken"):
        services.decision_record(application=withdrawn, decision="accept", user=manager)
    services.application_reject(application=rejected, user=manager)
    response = post_action(manager_client, "mark_accept", [rejected])
    assert f"{rejected.company}: No decision can be taken" in " ".join(texts(response))
    assert Application.objects.get(pk=rejected.pk).decision == ""


# Accept the top N, waitlist the next M ----------------------------------------------------------


def test_top_n_accepts_15_and_waitlists_10_of_40(manager_client, manager, reviewers):
    pavilion, applications = ranked_pavilion(40, reviewer=reviewers[0], capacity=15)
    ranking = list(
        Application.objects.filter(pavilion=pavilion).ranked().values_list("pk", flat=True)
    )

    page = post_action(manager_client, "decide_top", applications[:1], follow=False)
    assert page.status_code == 200
    assert page.context["form"].initial["accept"] == 15
    assert page.context["places"] == {"capacity": 15, "held": 0, "pending": 0, "left": 15}

    response = post_action(
        manager_client, "decide_top", applications[:1], apply="1", accept="20", waitlist="10"
    )

    assert "15 marked to accept, 10 marked to waitlist" in " ".join(texts(response))
    decisions = dict(Application.objects.values_list("pk", "decision"))
    assert [decisions[pk] for pk in ranking] == ["accept"] * 15 + ["waitlist"] * 10 + [""] * 15
    assert (
        Application.objects.filter(status=ApplicationStatus.SUBMITTED).count() == 0
    )  # under review, none moved
    assert set(Application.objects.values_list("status", flat=True)) == {
        ApplicationStatus.UNDER_REVIEW
    }


def test_top_n_needs_one_pavilion_and_valid_numbers(manager_client, reviewers):
    _, (one,) = ranked_pavilion(1, reviewer=reviewers[0])
    _, (other,) = ranked_pavilion(1, reviewer=reviewers[0])
    response = post_action(manager_client, "decide_top", [one, other])
    assert "one pavilion at a time" in " ".join(texts(response))
    page = post_action(manager_client, "decide_top", [one], apply="1", accept="-1", waitlist="x")
    assert page.status_code == 200 and page.context["form"].errors
    assert Application.objects.get(pk=one.pk).decision == ""


# Release --------------------------------------------------------------------------------------


def test_release_sends_every_email_at_once_after_commit(
    manager_client, manager, reviewers, django_capture_on_commit_callbacks
):
    pavilion, applications = ranked_pavilion(6, reviewer=reviewers[0], capacity=3)
    services.decisions_record_top(pavilion=pavilion, accept=3, waitlist=2, user=manager)
    services.decision_record(application=applications[5], decision="reject", user=manager)
    close_call(pavilion)

    page = post_action(manager_client, "release_decisions", applications[:1], follow=False)
    assert page.status_code == 200
    assert [(label, len(rows)) for label, rows in page.context["groups"]] == [
        ("Accept", 3),
        ("Waitlist", 2),
        ("Reject", 1),
    ]
    assert page.context["total"] == 6

    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = post_action(
            manager_client,
            "release_decisions",
            applications[:1],
            apply="1",
            digest=page.context["digest"],
        )
        assert mail.outbox == []  # nothing leaves before the release has committed
    # one e-mail per decision (the other callbacks refresh the public pages' cache)
    assert sum(getattr(c, "func", None) is not versions._replace for c in callbacks) == 6
    assert "6 decisions of" in " ".join(texts(response))
    assert len(mail.outbox) == 6
    subjects = [message.subject for message in mail.outbox]
    assert sum("[Action required]" in s or "[조치 필요]" in s for s in subjects) == 3

    statuses = dict(Application.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in applications] == [ApplicationStatus.ACCEPTED] * 3 + [
        ApplicationStatus.WAITLISTED
    ] * 2 + [ApplicationStatus.REJECTED]
    assert not Application.objects.exclude(decision="").exists()
    released = StatusChange.objects.filter(note="Decision released.")
    assert released.count() == 6
    assert set(released.values_list("changed_by", flat=True)) == {manager.pk}
    assert all(a.confirm_by for a in Application.objects.filter(status=ApplicationStatus.ACCEPTED))


def test_release_is_all_or_nothing(
    manager_client, manager, reviewers, django_capture_on_commit_callbacks
):
    pavilion, applications = ranked_pavilion(2, reviewer=reviewers[0], capacity=2)
    for application in applications:
        services.decision_record(application=application, decision="accept", user=manager)
    close_call(pavilion)
    pavilion.capacity = 1  # the pavilion shrank after the decisions were marked
    pavilion.save()
    page = post_action(manager_client, "release_decisions", applications, follow=False)
    with django_capture_on_commit_callbacks(execute=True):
        response = post_action(
            manager_client,
            "release_decisions",
            applications,
            apply="1",
            digest=page.context["digest"],
        )
    assert "Nothing was released" in " ".join(texts(response))
    assert set(Application.objects.values_list("status", "decision")) == {
        (ApplicationStatus.UNDER_REVIEW, "accept")
    }
    assert not StatusChange.objects.filter(to_status=ApplicationStatus.ACCEPTED).exists()
    assert mail.outbox == []


def test_release_refuses_when_the_pending_decisions_changed(manager_client, manager, reviewers):
    pavilion, applications = ranked_pavilion(2, reviewer=reviewers[0])
    services.decision_record(application=applications[0], decision="accept", user=manager)
    close_call(pavilion)
    page = post_action(manager_client, "release_decisions", applications, follow=False)
    services.decision_record(application=applications[1], decision="reject", user=manager)
    response = post_action(
        manager_client, "release_decisions", applications, apply="1", digest=page.context["digest"]
    )
    assert "changed since the page was opened" in " ".join(texts(response))
    assert not Application.objects.filter(status=ApplicationStatus.ACCEPTED).exists()


# The waiting list -------------------------------------------------------------------------------


def test_a_decline_promotes_the_best_waitlisted_company_and_staff_can_undo_it(
    manager_client, manager, reviewers, django_capture_on_commit_callbacks
):
    pavilion, (accepted, best_waiting, other_waiting) = ranked_pavilion(
        3, reviewer=reviewers[0], capacity=1
    )
    services.decisions_record_top(pavilion=pavilion, accept=1, waitlist=2, user=manager)
    services.decisions_release(pavilion=close_call(pavilion), user=manager)

    now = timezone.now()
    with django_capture_on_commit_callbacks(execute=True):
        services.application_decline(application=accepted, user=None, reason="No budget", now=now)

    promoted = Application.objects.get(pk=best_waiting.pk)
    assert promoted.status == ApplicationStatus.ACCEPTED
    assert promoted.confirm_by > now
    assert Application.objects.get(pk=other_waiting.pk).status == ApplicationStatus.WAITLISTED
    assert promoted.status_changes.last().note == "Promoted from the waiting list."
    assert [m.to for m in mail.outbox] == [[best_waiting.company.email]]

    response = post_action(manager_client, "undo_promotion", [best_waiting, other_waiting])
    messages = " ".join(texts(response))
    assert "1 company is back on the waiting list" in messages
    assert f"{other_waiting.company}: Only a company promoted" in messages
    undone = Application.objects.get(pk=best_waiting.pk)
    assert undone.status == ApplicationStatus.WAITLISTED
    change = undone.status_changes.last()
    assert (change.from_status, change.to_status, change.changed_by) == (
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.WAITLISTED,
        manager,
    )


# Decisions wait for the call to close (issue 13, item 2) -----------------------------------------


def test_release_is_refused_while_the_call_is_open(manager):
    pavilion, applications = ranked_pavilion(2, reviewer=staff_in(roles.REVIEWER))
    services.decisions_record_top(pavilion=pavilion, accept=1, waitlist=1, user=manager)

    for now in (None, pavilion.applications_close_at - datetime.timedelta(seconds=1)):
        with pytest.raises(services.ApplicationRefused, match="once the call has closed"):
            services.decisions_release(pavilion=pavilion, user=manager, now=now)

    assert set(Application.objects.values_list("status", flat=True)) == {
        ApplicationStatus.UNDER_REVIEW
    }
    assert not StatusChange.objects.filter(note="Decision released.").exists()
    assert mail.outbox == []


def test_release_goes_through_at_the_deadline(manager, django_capture_on_commit_callbacks):
    pavilion, applications = ranked_pavilion(2, reviewer=staff_in(roles.REVIEWER))
    services.decisions_record_top(pavilion=pavilion, accept=1, waitlist=1, user=manager)
    with django_capture_on_commit_callbacks(execute=True):
        released = services.decisions_release(
            pavilion=pavilion, user=manager, now=pavilion.applications_close_at
        )
    assert released == 2
    statuses = dict(Application.objects.values_list("pk", "status"))
    assert [statuses[a.pk] for a in applications] == [
        ApplicationStatus.ACCEPTED,
        ApplicationStatus.WAITLISTED,
    ]


def test_rolling_admission_releases_while_the_call_is_open(manager):
    pavilion, (application,) = ranked_pavilion(1, reviewer=staff_in(roles.REVIEWER))
    pavilion.rolling_admission = True
    pavilion.save()
    services.decision_record(application=application, decision="accept", user=manager)
    assert services.decisions_release(pavilion=pavilion, user=manager) == 1
    assert Application.objects.get(pk=application.pk).status == ApplicationStatus.ACCEPTED


def test_the_ranking_page_says_why_nothing_can_be_released_and_the_action_refuses(
    manager_client, manager, reviewers
):
    pavilion, applications = ranked_pavilion(2, reviewer=reviewers[0])
    services.decision_record(application=applications[0], decision="accept", user=manager)

    page = manager_client.get(URL, {"pavilion": pavilion.pk}).content.decode()
    assert "data-release-refusal" in page
    assert "can be released once the call has closed" in page

    response = post_action(manager_client, "release_decisions", applications, follow=False)
    assert response.status_code == 302  # no confirmation page: refused at once
    messages = " ".join(texts(response))
    assert "Nothing was released" in messages and "once the call has closed" in messages
    assert Application.objects.get(pk=applications[0].pk).status == ApplicationStatus.UNDER_REVIEW

    close_call(pavilion)
    page = manager_client.get(URL, {"pavilion": pavilion.pk}).content.decode()
    assert "data-release-refusal" not in page


# Unreviewed applications are not ranked (issue 13, item 9) ---------------------------------------


def test_applications_without_a_review_come_last_without_a_rank(manager_client, reviewers):
    pavilion = open_pavilion()
    unreviewed_early = submitted(pavilion, days=0)
    scored = submitted(pavilion, days=2)
    score(scored, reviewers[0], points(20))
    assigned_only = submitted(pavilion, days=1)
    reviews.reviewer_assign(application=assigned_only, reviewer=reviewers[1], user=None)

    rows = list(
        Application.objects.filter(pavilion=pavilion)
        .reviewable()
        .with_rank()
        .order_by(F("rank").asc(nulls_last=True), "submitted_at")
    )
    assert [(row.pk, row.rank) for row in rows] == [
        (scored.pk, 1),
        (unreviewed_early.pk, None),
        (assigned_only.pk, None),
    ]

    response = manager_client.get(URL, {"pavilion": pavilion.pk})
    listed = list(response.context["cl"].result_list)
    assert [(row.pk, row.rank) for row in listed] == [
        (scored.pk, 1),
        (unreviewed_early.pk, None),
        (assigned_only.pk, None),
    ]


# Two releases of the same decisions (issue 14) ----------------------------------------------------


def test_a_second_release_says_who_released_the_decisions_and_when(manager):
    """The manager who releases decisions another manager has just released is told so, with
    the first manager's name and the time, in their own language; nothing moves twice."""
    from django.utils import translation

    pavilion, applications = ranked_pavilion(2, reviewer=staff_in(roles.REVIEWER))
    first = staff_in(roles.PROGRAMME_MANAGER, first_name="Mina", last_name="Park")
    services.decisions_record_top(pavilion=pavilion, accept=1, waitlist=1, user=manager)
    released_at = pavilion.applications_close_at + datetime.timedelta(minutes=5)
    assert services.decisions_release(pavilion=pavilion, user=first, now=released_at) == 2

    with pytest.raises(services.ApplicationRefused) as refused:
        services.decisions_release(pavilion=pavilion, user=manager, now=released_at)
    assert refused.value.message == (
        f"The decisions of {pavilion.name} were already released by Mina Park on "
        f"{_when(released_at)} (Korea time); nothing is left to release."
    )
    assert "cannot become" not in refused.value.message
    with translation.override("ko"), pytest.raises(services.ApplicationRefused) as refused:
        services.decisions_release(pavilion=pavilion, user=manager, now=released_at)
    assert "이미 Mina Park 님이" in refused.value.message
    assert StatusChange.objects.filter(note="Decision released.").count() == 2
