"""The reviewer's side in the admin: assignments, the review page, conflicts of interest,
documents, bulk assignment, criteria and the weighted arithmetic."""

from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.contrib.auth.models import Group, Permission
from django.contrib.messages import get_messages
from django.urls import reverse

from exhibitors import roles
from exhibitors.applications import reviews, selectors
from exhibitors.applications.models import Application, Criterion, Review, Score, StatusChange
from exhibitors.applications.services import application_submit
from portal import pagecache
from tests.factories import ApplicationFactory, UserFactory, open_pavilion

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(client):
    """The admin in English (the portal's default language is Korean)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


CHANGELIST = "admin:exhibitors_review_changelist"


def _staff(role, **kwargs):
    user = UserFactory(is_staff=True, **kwargs)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def manager():
    return _staff(roles.PROGRAMME_MANAGER, first_name="Mina", last_name="Manager")


@pytest.fixture
def reviewer():
    return _staff(roles.REVIEWER, first_name="Ari", last_name="Reviewer")


@pytest.fixture
def other_reviewer():
    return _staff(roles.REVIEWER, first_name="Bora", last_name="Reviewer")


@pytest.fixture
def pavilion():
    return open_pavilion()


def _submitted(pavilion, **kwargs):
    application = ApplicationFactory(pavilion=pavilion, **kwargs)
    application_submit(application=application, user=None)
    return application


def _assign(application, reviewer, manager):
    return reviews.reviewer_assign(application=application, reviewer=reviewer, user=manager)


def _score_url(review):
    return reverse("admin:exhibitors_review_score", args=[review.pk])


def _document_url(application, kind="introduction"):
    return reverse("admin:exhibitors_review_document", args=[application.pk, kind])


def _criteria(application):
    return list(application.pavilion.criteria.all())


def _scores(application, values, comment=""):
    data = {f"criterion_{c.pk}": v for c, v in zip(_criteria(application), values, strict=True)}
    return {**data, "comment": comment, "submit_review": "1"}


def _submit(review, values, comment=""):
    criteria = _criteria(review.application)
    return reviews.review_submit(
        review=review,
        user=review.reviewer,
        values={c.pk: v for c, v in zip(criteria, values, strict=True)},
        comment=comment,
    )


def _messages(response):
    return [str(message) for message in get_messages(response.wsgi_request)]


# The list of assignments ----------------------------------------------------------------


def test_a_reviewer_sees_only_their_own_assignments(
    client, pavilion, manager, reviewer, other_reviewer
):
    mine = [_submitted(pavilion, company__name_en=f"Mine {n}") for n in range(2)]
    theirs = _submitted(pavilion, company__name_en="Theirs")
    for application in mine:
        _assign(application, reviewer, manager)
    _assign(theirs, other_reviewer, manager)
    _submit(Review.objects.get(application=mine[0], reviewer=reviewer), [5, 5, 5, 5])

    client.force_login(reviewer)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert {r.application for r in response.context["cl"].result_list} == set(mine)
    page = response.content.decode()
    assert "Theirs" not in page
    assert "1 of 2 reviews done" in page
    assert "reviewer_name" not in response.context["cl"].list_display

    client.force_login(manager)
    response = client.get(reverse(CHANGELIST))
    assert response.context["cl"].result_count == 3
    assert "reviewer_name" in response.context["cl"].list_display


def test_the_state_filter_and_the_search(client, pavilion, manager, reviewer):
    done, todo, conflict = (
        _submitted(pavilion, company__name_en=name) for name in ("Done Co", "Todo Co", "Tied Co")
    )
    for application in (done, todo, conflict):
        _assign(application, reviewer, manager)
    _submit(Review.objects.get(application=done), [1, 2, 3, 4])
    review = Review.objects.get(application=conflict)
    reviews.review_declare_conflict(review=review, user=reviewer, note="Former employer")

    client.force_login(reviewer)
    url = reverse(CHANGELIST)

    def companies(query):
        response = client.get(url + query)
        return [r.application.company.name_en for r in response.context["cl"].result_list]

    assert companies("?state=todo") == ["Todo Co"]
    assert companies("?state=submitted") == ["Done Co"]
    assert companies("?state=conflict") == ["Tied Co"]
    assert companies("?q=Done") == ["Done Co"]


@pytest.mark.parametrize("who", ["reviewer", "manager"])
def test_the_review_list_answers_in_a_fixed_number_of_queries(
    who, client, pavilion, manager, reviewer, django_assert_num_queries
):
    user = {"reviewer": reviewer, "manager": manager}[who]
    # (the session and the user are cached) progress, permissions (2), the events' filter, [the reviewers' filter],
    # two counts, the rows with everything they show
    expected = {"reviewer": 7, "manager": 8}[who]

    def assign_one():
        return _assign(_submitted(open_pavilion()), reviewer, manager)

    _submit(assign_one(), [3, 4, 5, 6])
    client.force_login(user)
    url = reverse(CHANGELIST)
    client.get(url)  # warm the content-type cache, and the cached list
    # From the cache (portal.adminlists.CachedChangeList; the session and the user are
    # cached too): the user's permissions (2).
    with django_assert_num_queries(2):
        client.get(url)
    pagecache.written(Review)  # as any write of a review does
    with django_assert_num_queries(expected):
        small = client.get(url)
    for _ in range(5):
        assign_one()
    with django_assert_num_queries(expected):  # drawn again: the writes made it stale
        large = client.get(url)
    assert small.status_code == large.status_code == 200
    assert (small.context["cl"].result_count, large.context["cl"].result_count) == (1, 6)


# By-hand assignment -----------------------------------------------------------------------


def test_a_programme_manager_assigns_a_reviewer_by_hand(client, pavilion, manager, reviewer):
    application = _submitted(pavilion)
    client.force_login(manager)
    add = reverse("admin:exhibitors_review_add")
    form = client.get(add).context["adminform"].form
    assert set(form.fields) == {"application", "reviewer"}
    assert reviewer in form.fields["reviewer"].queryset
    assert manager not in form.fields["reviewer"].queryset  # not in the Reviewer group

    response = client.post(add, {"application": application.pk, "reviewer": reviewer.pk})
    assert response.status_code == 302
    review = Review.objects.get()
    assert (review.application, review.reviewer, review.assigned_by) == (
        application,
        reviewer,
        manager,
    )
    application.refresh_from_db()
    assert application.status == "under_review"
    change = StatusChange.objects.filter(application=application).last()
    assert (change.to_status, change.changed_by) == ("under_review", manager)


def test_by_hand_assignment_refuses_what_the_rules_refuse(client, pavilion, manager, reviewer):
    floor = _staff(roles.FLOOR_MANAGER)
    draft = ApplicationFactory(pavilion=pavilion)
    submitted = _submitted(pavilion)
    client.force_login(manager)
    add = reverse("admin:exhibitors_review_add")

    response = client.post(add, {"application": submitted.pk, "reviewer": floor.pk})
    assert response.status_code == 200
    assert "reviewer" in response.context["adminform"].form.errors

    response = client.post(add, {"application": draft.pk, "reviewer": reviewer.pk})
    assert response.status_code == 200
    assert response.context["adminform"].form.non_field_errors() == [
        "Only submitted applications can be reviewed; this one is “Draft”."
    ]
    assert not Review.objects.exists()


def test_reviewers_cannot_add_change_or_delete_assignments(client, pavilion, manager, reviewer):
    review = _assign(_submitted(pavilion), reviewer, manager)
    client.force_login(reviewer)
    assert client.get(reverse("admin:exhibitors_review_add")).status_code == 403
    change = reverse("admin:exhibitors_review_change", args=[review.pk])
    page = client.get(change)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.post(change, {"comment": "typed in the admin"}).status_code == 403
    assert client.post(reverse("admin:exhibitors_review_delete", args=[review.pk])).status_code == (
        403
    )
    review.refresh_from_db()
    assert review.comment == "" and review.submitted_at is None


# The review page --------------------------------------------------------------------------


def test_a_reviewer_sees_the_application_and_submits_a_review(client, pavilion, manager, reviewer):
    application = _submitted(
        pavilion,
        product_name_ko="스마트 횡단보도",
        product_description_en="A crosswalk that keeps pedestrians safe",
        exports_description="Vietnam, 2023, USD 120,000",
        goals="Meet European distributors",
    )
    review = _assign(application, reviewer, manager)
    client.force_login(reviewer)

    page = client.get(_score_url(review))
    assert page.status_code == 200
    assert "admin/base_site.html" in [t.name for t in page.templates]
    html = page.content.decode()
    for text in (
        "스마트 횡단보도",
        "A crosswalk that keeps pedestrians safe",
        "Vietnam, 2023, USD 120,000",
        "Meet European distributors",
        "Spain",
        _document_url(application),
        'class="breadcrumbs"',
    ):
        assert text in html
    form = page.context["form"]
    innovation = form.fields[f"criterion_{_criteria(application)[0].pk}"]
    assert innovation.label == "Innovation"
    assert "From 0 to 10." in innovation.help_text
    assert (innovation.min_value, innovation.max_value) == (0, 10)

    response = client.post(_score_url(review), _scores(application, [7, 8, 6, 8], "Good fit"))
    assert response.status_code == 302 and response.url == _score_url(review)
    review.refresh_from_db()
    assert review.submitted_at is not None
    assert review.total == Decimal("72.50")  # (7 + 8 + 6 + 8) / 40
    assert review.comment == "Good fit"
    assert Score.objects.filter(review=review).count() == 4

    client.get(reverse(CHANGELIST))
    page = client.get(reverse(CHANGELIST))
    assert "1 of 1 review done" in page.content.decode()


@pytest.mark.parametrize("bad", [11, -1])
def test_a_score_outside_the_scale_is_refused_next_to_its_field(
    bad, client, pavilion, manager, reviewer
):
    application = _submitted(pavilion)
    review = _assign(application, reviewer, manager)
    client.force_login(reviewer)
    response = client.post(
        _score_url(review),
        _scores(application, [bad, 8, 6, 8], "Kept when refused"),
    )
    assert response.status_code == 200
    form = response.context["form"]
    first = f"criterion_{_criteria(application)[0].pk}"
    assert form.errors == {first: ["The score must be between 0 and 10."]}
    html = response.content.decode()
    assert f'value="{bad}"' in html and "Kept when refused" in html
    review.refresh_from_db()
    assert review.submitted_at is None and review.total is None
    assert not Score.objects.exists()


def test_the_service_refuses_a_score_outside_the_scale(pavilion, manager, reviewer):
    application = _submitted(pavilion)
    review = _assign(application, reviewer, manager)
    criteria = _criteria(application)
    with pytest.raises(reviews.ReviewRefused) as refused:
        reviews.review_submit(
            review=review, user=reviewer, values={c.pk: 11 for c in criteria}, comment=""
        )
    assert set(refused.value.errors) == {c.pk for c in criteria}
    assert not Score.objects.exists()


def test_a_missing_score_is_refused(client, pavilion, manager, reviewer):
    application = _submitted(pavilion)
    review = _assign(application, reviewer, manager)
    client.force_login(reviewer)
    data = _scores(application, [1, 2, 3, 4])
    second = f"criterion_{_criteria(application)[1].pk}"
    data[second] = ""
    response = client.post(_score_url(review), data)
    assert response.context["form"].errors == {second: ["Give a score."]}
    assert not Score.objects.exists()


def test_a_review_by_someone_not_assigned_is_refused(
    client, pavilion, manager, reviewer, other_reviewer
):
    application = _submitted(pavilion)
    review = _assign(application, reviewer, manager)
    data = _scores(application, [7, 8, 6, 8])

    client.force_login(other_reviewer)
    assert client.get(_score_url(review)).status_code == 404
    assert client.post(_score_url(review), data).status_code == 404

    client.force_login(manager)
    page = client.get(_score_url(review))
    assert page.status_code == 200 and page.context["form"] is None  # may read, not score
    assert client.post(_score_url(review), data).status_code == 403

    with pytest.raises(reviews.ReviewRefused, match="assigned to another reviewer"):
        reviews.review_submit(
            review=review,
            user=other_reviewer,
            values={c.pk: 5 for c in _criteria(application)},
        )
    review.refresh_from_db()
    assert review.submitted_at is None and not Score.objects.exists()


def test_others_scores_are_hidden_until_the_reviewer_submitted_their_own(
    client, pavilion, manager, reviewer, other_reviewer
):
    application = _submitted(pavilion)
    mine = _assign(application, reviewer, manager)
    theirs = _assign(application, other_reviewer, manager)
    _submit(theirs, [10, 9, 10, 9], "Bora thinks the demo is weak")
    client.force_login(reviewer)

    before = client.get(_score_url(mine))
    html = before.content.decode()
    assert not before.context["others_visible"] and before.context["others"] == []
    assert "Bora thinks the demo is weak" not in html
    assert "95.00" not in html
    assert "shown once you have submitted your own review" in html

    client.post(_score_url(mine), _scores(application, [5, 5, 5, 5]))
    after = client.get(_score_url(mine))
    html = after.content.decode()
    assert [row["review"] for row in after.context["others"]] == [theirs]
    assert after.context["others"][0]["scores"] == [10, 9, 10, 9]
    assert "Bora thinks the demo is weak" in html
    assert "95.00" in html and "Bora Reviewer" in html


def test_a_programme_manager_sees_every_submitted_review(
    client, pavilion, manager, reviewer, other_reviewer
):
    application = _submitted(pavilion)
    mine = _assign(application, reviewer, manager)
    theirs = _assign(application, other_reviewer, manager)
    _submit(theirs, [10, 9, 10, 9], "Visible to the manager")
    client.force_login(manager)
    page = client.get(_score_url(mine))
    assert "Visible to the manager" in page.content.decode()


def test_declaring_a_conflict_takes_the_reviewer_off(client, pavilion, manager, reviewer):
    application = _submitted(pavilion)
    review = _assign(application, reviewer, manager)
    client.force_login(reviewer)
    response = client.post(
        _score_url(review),
        {"note": "I advised them last year", "declare_conflict": "1"},
    )
    assert response.status_code == 302 and response.url == reverse(CHANGELIST)
    assert any("conflict of interest" in message for message in _messages(response))
    review.refresh_from_db()
    assert review.conflict_declared_at is not None
    assert review.conflict_note == "I advised them last year"
    assert not Review.objects.active().filter(application=application).exists()
    assert selectors.reviewer_progress(reviewer) == (0, 0)
    assert client.get(_score_url(review)).status_code == 404
    assert client.get(_document_url(application)).status_code == 404

    with pytest.raises(reviews.ReviewRefused, match="conflict of interest"):
        _assign(application, reviewer, manager)
    client.force_login(manager)
    response = client.post(
        reverse("admin:exhibitors_review_add"),
        {"application": application.pk, "reviewer": reviewer.pk},
    )
    assert response.status_code == 200
    assert "declared a conflict of interest" in str(response.context["adminform"].form.errors)


def test_a_submitted_review_is_final(client, pavilion, manager, reviewer):
    application = _submitted(pavilion)
    review = _assign(application, reviewer, manager)
    _submit(review, [1, 1, 1, 1])
    client.force_login(reviewer)
    page = client.get(_score_url(review))
    assert page.context["form"] is None and page.context["own_rows"]
    response = client.post(_score_url(review), _scores(application, [9, 9, 9, 9]))
    assert response.status_code == 302 and response.url == _score_url(review)
    assert _messages(response) == ["This review is already submitted."]
    review.refresh_from_db()
    assert review.total == Decimal("10.00")


# Staff without the reviewer's permissions -------------------------------------------------


@pytest.mark.parametrize("role", [roles.FLOOR_MANAGER, roles.REPORTING])
def test_floor_managers_and_reporting_cannot_open_the_review_pages(
    role, client, pavilion, manager, reviewer
):
    application = _submitted(pavilion)
    review = _assign(application, reviewer, manager)
    client.force_login(_staff(role))
    for url in (
        reverse(CHANGELIST),
        reverse("admin:exhibitors_review_add"),
        _score_url(review),
        reverse("admin:exhibitors_review_change", args=[review.pk]),
        reverse("admin:exhibitors_criterion_changelist"),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(_score_url(review), _scores(application, [1, 1, 1, 1])).status_code == 403
    assert client.get(_document_url(application)).status_code == 404
    assert not Score.objects.exists()


# Documents --------------------------------------------------------------------------------


def test_documents_for_the_assigned_reviewer_and_staff_who_view_applications(
    client, pavilion, manager, reviewer, other_reviewer
):
    application = _submitted(pavilion, company__name_en="Hanbit Smart Lab")
    _assign(application, reviewer, manager)
    url = _document_url(application)

    for user in (reviewer, manager):
        client.force_login(user)
        response = client.get(url)
        assert response.status_code == 200
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "hanbit-smart-lab" in response["Content-Disposition"]
        assert b"".join(response.streaming_content).startswith(b"%PDF")

    client.force_login(manager)
    assert client.get(_document_url(application, "image")).status_code == 404  # none uploaded
    assert client.get(_document_url(application, "passport")).status_code == 404

    client.force_login(other_reviewer)
    assert client.get(url).status_code == 404

    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "/admin/login/" in response.url


# Bulk assignment --------------------------------------------------------------------------


def _action(client, applications, **data):
    return client.post(
        reverse("admin:exhibitors_application_changelist"),
        {"action": "assign_reviewers", "_selected_action": [a.pk for a in applications], **data},
    )


def test_bulk_assignment_spreads_applications_evenly(client, pavilion, manager):
    applications = [_submitted(pavilion) for _ in range(6)]
    draft = ApplicationFactory(pavilion=pavilion)
    team = [_staff(roles.REVIEWER) for _ in range(3)]
    client.force_login(manager)

    page = _action(client, [*applications, draft])
    assert page.status_code == 200
    assert "admin/exhibitors/application/assign_reviewers.html" in [t.name for t in page.templates]
    choices = set(page.context["form"].fields["reviewers"].queryset)
    assert set(team) <= choices
    assert page.context["left_out"] == [draft]
    assert not Review.objects.exists()

    response = _action(
        client,
        [*applications, draft],
        apply="1",
        reviewers=[r.pk for r in team],
        per_application=2,
    )
    assert response.status_code == 302
    assert "12 reviews of 6 applications assigned to 3 reviewers." in _messages(response)
    for user in team:
        assert Review.objects.filter(reviewer=user).count() == 4
    for application in applications:
        assert application.reviews.count() == 2
        application.refresh_from_db()
        assert application.status == "under_review"
    assert not draft.reviews.exists()


def test_bulk_assignment_reports_a_refusal(client, pavilion, manager, reviewer):
    applications = [_submitted(pavilion) for _ in range(2)]
    client.force_login(manager)
    response = _action(client, applications, apply="1", reviewers=[reviewer.pk], per_application=2)
    assert response.status_code == 200  # the page again, with what was chosen
    assert "Each application can get between 1 and 1 reviewers." in _messages(response)
    assert not Review.objects.exists()


def test_the_assign_action_is_only_for_programme_managers(client, pavilion, manager, reviewer):
    application = _submitted(pavilion)
    viewer = UserFactory(is_staff=True)
    viewer.user_permissions.add(
        Permission.objects.get(codename="view_application", content_type__app_label="exhibitors")
    )
    url = reverse("admin:exhibitors_application_changelist")

    client.force_login(manager)
    actions = dict(client.get(url).context["action_form"].fields["action"].choices)
    assert "assign_reviewers" in actions

    client.force_login(viewer)
    assert client.get(url).context["action_form"] is None  # neither assign nor start_review
    _action(client, [application], apply="1", reviewers=[reviewer.pk], per_application=1)
    assert not Review.objects.exists()

    client.force_login(reviewer)  # reviewers do not even see the applications' list
    assert client.get(url).status_code == 403


# Criteria ---------------------------------------------------------------------------------


class _FormValues(HTMLParser):
    """What a browser sends for the form with the given id (inputs, selects, textareas)."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, []
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        if not self.inside:
            return
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in {"submit", "button", "file", "image"}:
                return
            if kind in {"checkbox", "radio"} and "checked" not in attrs:
                return
            self.data.append((name, attrs.get("value", "on" if kind == "checkbox" else "")))
        elif tag == "select":
            self._select = name
        elif tag == "option" and self._select and "selected" in attrs:
            self.data.append((self._select, attrs.get("value", "")))
        elif tag == "textarea":
            self._textarea = name
            self.data.append((name, ""))

    def handle_data(self, data):
        if self._textarea:
            name, value = self.data.pop()
            self.data.append((name, value + data))

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self._select = None
        elif tag == "textarea":
            self._textarea = None


def _form_data(response, form_id):
    parser = _FormValues(form_id)
    parser.feed(response.content.decode())
    data = {}
    for name, value in parser.data:
        data.setdefault(name, []).append(value.strip("\n") if value else value)
    return data


def test_changing_the_criteria_in_the_pavilion_recomputes_the_totals(
    client, pavilion, manager, reviewer
):
    application = _submitted(pavilion)
    review = _assign(application, reviewer, manager)
    _submit(review, [10, 10, 0, 0])
    review.refresh_from_db()
    assert review.total == Decimal("50.00")

    client.force_login(manager)
    url = reverse("admin:events_pavilion_change", args=[pavilion.pk])
    page = client.get(url)
    assert page.status_code == 200
    data = _form_data(page, "pavilion_form")
    innovation = _criteria(application)[0]
    assert data["criteria-0-id"] == [str(innovation.pk)]
    data["criteria-0-weight"] = ["3"]
    response = client.post(url, {**data, "_save": "Save"})
    assert response.status_code == 302, response.context["errors"]

    innovation.refresh_from_db()
    assert innovation.weight == 3
    review.refresh_from_db()
    assert review.total == Decimal("66.67")  # (3 × 10/10 + 1 × 10/10) / 6 weights


def test_a_new_pavilion_gets_the_default_criteria_and_no_criteria_form(client, manager):
    client.force_login(manager)
    page = client.get(reverse("admin:events_pavilion_add"))
    assert page.status_code == 200
    assert "criteria-TOTAL_FORMS" not in page.content.decode()
    pavilion = open_pavilion()
    assert [c.name_en for c in pavilion.criteria.all()] == [
        "Innovation",
        "Export readiness",
        "Fit with the theme",
        "Completeness of the plan",
    ]


def test_the_criterion_admin_recomputes_and_guards_the_scale(client, pavilion, manager, reviewer):
    application = _submitted(pavilion)
    review = _assign(application, reviewer, manager)
    _submit(review, [8, 10, 0, 0])  # 18 / 40
    innovation = _criteria(application)[0]
    client.force_login(manager)

    assert client.get(reverse("admin:exhibitors_criterion_changelist")).status_code == 200
    url = reverse("admin:exhibitors_criterion_change", args=[innovation.pk])
    fields = {
        "position": innovation.position,
        "name_en": innovation.name_en,
        "name_ko": innovation.name_ko,
        "description_en": innovation.description_en,
        "description_ko": innovation.description_ko,
        "weight": "1",
    }
    response = client.post(url, {**fields, "scale_max": 5})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["scale_max"] == [
        "Reviews already gave 8 on this criterion; the highest score cannot be lower."
    ]

    response = client.post(url, {**fields, "scale_max": 20})
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.total == Decimal("35.00")  # (8/20 + 10/10 + 0/10 + 0/10) / 4 = 1.4 / 4


# The arithmetic ---------------------------------------------------------------------------


def test_review_total_and_ranking_with_unequal_weights_and_scales(pavilion, manager):
    pavilion.criteria.all().delete()
    impact = Criterion.objects.create(
        pavilion=pavilion, position=1, name_en="Impact", name_ko="영향", weight=2, scale_max=10
    )
    market = Criterion.objects.create(
        pavilion=pavilion, position=2, name_en="Market", name_ko="시장", weight=1, scale_max=5
    )
    plan = Criterion.objects.create(
        pavilion=pavilion,
        position=3,
        name_en="Plan",
        name_ko="계획",
        weight=Decimal("0.5"),
        scale_max=100,
    )
    criteria = [impact, market, plan]
    # Σ weight × value / highest = 2 × 7/10 + 1 × 3/5 + 0.5 × 40/100 = 1.4 + 0.6 + 0.2 = 2.2;
    # over Σ weight = 3.5: 2.2 / 3.5 = 0.628571… → 62.86 out of 100.
    values = {impact.pk: 7, market.pk: 3, plan.pk: 40}
    assert reviews.review_total(criteria, values) == Decimal("62.86")

    application = _submitted(pavilion)
    first, second = (_staff(roles.REVIEWER) for _ in range(2))
    one = _assign(application, first, manager)
    two = _assign(application, second, manager)
    reviews.review_submit(review=one, user=first, values=values)
    # Everything at the top of its scale is 100, whatever the weights.
    reviews.review_submit(
        review=two, user=second, values={impact.pk: 10, market.pk: 5, plan.pk: 100}
    )
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.total, two.total) == (Decimal("62.86"), Decimal("100.00"))

    ranked = Application.objects.filter(pk=application.pk).with_scores().get()
    assert ranked.review_count == 2
    # mean (62.86 + 100) / 2 = 81.43; spread 100 − 62.86 = 37.14
    assert Decimal(str(ranked.score)).quantize(Decimal("0.01")) == Decimal("81.43")
    assert Decimal(str(ranked.spread)).quantize(Decimal("0.01")) == Decimal("37.14")


def test_a_pavilion_without_criteria_cannot_be_scored(pavilion, manager, reviewer):
    pavilion.criteria.all().delete()
    review = _assign(_submitted(pavilion), reviewer, manager)
    with pytest.raises(reviews.ReviewRefused, match="no review criteria"):
        reviews.review_submit(review=review, user=reviewer, values={})


def test_the_application_is_chosen_by_autocomplete(client, pavilion, manager):
    application = _submitted(pavilion, company__name_en="Nuri Mobility")
    _submitted(pavilion, company__name_en="Other Co")
    client.force_login(manager)
    response = client.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "exhibitors",
            "model_name": "review",
            "field_name": "application",
            "term": "Nuri",
        },
    )
    assert response.status_code == 200
    assert [r["id"] for r in response.json()["results"]] == [str(application.pk)]


def test_a_reviewers_pages_name_no_other_account(
    client, pavilion, manager, reviewer, other_reviewer
):
    """The review list (with its filters), the score page, the History page and the page of a
    version: a reviewer's pages show no other account's e-mail address and no list of users."""
    from exhibitors.applications import reviews as review_services

    application = _submitted(pavilion)
    other_pavilion = open_pavilion()
    elsewhere = _submitted(other_pavilion)
    own = review_services.reviewer_assign(application=application, reviewer=reviewer, user=manager)
    review_services.reviewer_assign(application=application, reviewer=other_reviewer, user=manager)
    review_services.reviewer_assign(application=elsewhere, reviewer=other_reviewer, user=manager)
    outsiders = [manager, other_reviewer, UserFactory(), UserFactory(is_staff=True)]
    version = own.history.order_by("-history_id").first()
    pages = [
        reverse("admin:exhibitors_review_changelist"),
        reverse("admin:exhibitors_review_score", args=[own.pk]),
        reverse("admin:exhibitors_review_history", args=[own.pk]),
        reverse("admin:exhibitors_review_simple_history", args=[own.pk, version.pk]),
    ]
    client.force_login(reviewer)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        text = response.content.decode()
        for user in outsiders:
            assert user.email not in text, (url, user.email)
        assert "<select" not in text, url  # no list of users, pavilions...
        assert str(other_pavilion.event) not in text, url  # the event filter: own events only
