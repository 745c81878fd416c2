"""The audit trail (``portal.audit``): every change to applications, reviews and scores,
booths and allocations, and outcome reports is kept with who, when and what changed, whether
it came from a page, a service, an import or a management command, and staff read it on the
object's History page in the admin (only for objects they may see)."""

import datetime
import io
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from exhibitors import roles
from exhibitors.applications import reviews
from exhibitors.applications import services as applications
from exhibitors.applications.models import (
    Application,
    ApplicationStatus,
    Criterion,
    Decision,
    Review,
    Score,
)
from exhibitors.floor import services as booths
from exhibitors.floor.models import Booth
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.models import Consultation
from tests.exhibitors.exhibiting import confirmed_exhibitor, member_of, started_pavilion
from tests.exhibitors.floor import booth, exhibitor, floor, reviewer, row, theme
from tests.factories import ApplicationFactory, UserFactory

pytestmark = pytest.mark.django_db


def staff_in(role):
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=role))
    return user


@pytest.fixture
def client(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def latest(obj):
    return obj.history.order_by("-history_date", "-history_id").first()


def history_url(obj):
    return reverse(f"admin:exhibitors_{obj._meta.model_name}_history", args=[obj.pk])


# Who and what: services, reviewers, allocation ---------------------------------------------


def test_a_status_move_by_the_service_is_kept_with_the_acting_user_and_its_note():
    pavilion = floor()
    company_user = UserFactory()
    manager = staff_in(roles.PROGRAMME_MANAGER)
    application = ApplicationFactory(pavilion=pavilion)
    applications.application_submit(application=application, user=company_user, notify=False)
    submitted = latest(application)
    assert submitted.history_user == company_user
    changes = {
        c.field: (c.old, c.new) for c in submitted.diff_against(submitted.prev_record).changes
    }
    assert changes["status"] == (ApplicationStatus.DRAFT, ApplicationStatus.SUBMITTED)

    applications.application_accept(
        application=application, user=manager, note="Strong export plan", notify=False
    )
    accepted = latest(application)
    assert (accepted.status, accepted.history_user, accepted.history_change_reason) == (
        ApplicationStatus.ACCEPTED,
        manager,
        "Strong export plan",
    )
    # The decision log (StatusChange) and the history agree on who moved it.
    assert application.status_changes.last().changed_by == manager


def test_a_released_decision_is_kept_until_its_clearing():
    pavilion = floor()
    manager = staff_in(roles.PROGRAMME_MANAGER)
    application = ApplicationFactory(pavilion=pavilion)
    applications.application_submit(application=application, user=None, notify=False)
    applications.decision_record(application=application, decision=Decision.REJECT, user=manager)
    applications.decisions_release(
        pavilion=pavilion, user=manager, now=pavilion.applications_close_at
    )
    application.refresh_from_db()
    assert (application.status, application.decision) == (ApplicationStatus.REJECTED, "")
    versions = list(application.history.order_by("history_date", "history_id"))
    assert [(v.status, v.decision) for v in versions[-3:]] == [
        (ApplicationStatus.SUBMITTED, Decision.REJECT),  # recorded
        (ApplicationStatus.REJECTED, Decision.REJECT),  # released
        (ApplicationStatus.REJECTED, ""),  # cleared: a queryset update would have left no trace
    ]
    assert {v.history_user for v in versions[-3:]} == {manager}


def test_a_reviewers_scores_are_kept_and_a_criteria_change_keeps_old_and_new_totals(client):
    pavilion = floor()
    by = reviewer()
    manager = staff_in(roles.PROGRAMME_MANAGER)
    application = ApplicationFactory(pavilion=pavilion)
    applications.application_submit(application=application, user=None, notify=False)
    review = reviews.reviewer_assign(application=application, reviewer=by, user=manager)
    assert latest(review).history_user == manager  # the assignment
    criteria = list(pavilion.criteria.all())
    reviews.review_submit(
        review=review, user=by, values={c.pk: 8 if c == criteria[0] else 4 for c in criteria}
    )
    submitted = latest(review)
    assert submitted.history_user == by
    changes = {
        c.field: (c.old, c.new) for c in submitted.diff_against(submitted.prev_record).changes
    }
    assert changes["total"] == (None, Decimal("50.00"))
    scores = Score.history.filter(review_id=review.pk)
    assert sorted(s.value for s in scores) == [4, 4, 4, 8]
    assert {(s.history_type, s.history_user) for s in scores} == {("+", by)}

    # The programme manager doubles the weight of the first criterion in the admin: the
    # review's total moves from 50 to 56, and the history keeps both, with who did it.
    client.force_login(manager)
    first = criteria[0]
    response = client.post(
        reverse("admin:exhibitors_criterion_change", args=[first.pk]),
        {
            "position": first.position,
            "name_en": first.name_en,
            "name_ko": first.name_ko,
            "description_en": first.description_en,
            "description_ko": first.description_ko,
            "weight": "2",
            "scale_max": first.scale_max,
        },
    )
    assert response.status_code == 302
    recomputed = latest(review)
    changes = {
        c.field: (c.old, c.new) for c in recomputed.diff_against(recomputed.prev_record).changes
    }
    assert changes == {"total": (Decimal("50.00"), Decimal("56.00"))}
    assert recomputed.history_user == manager
    assert Criterion.objects.get(pk=first.pk).weight == 2


def test_an_allocation_run_in_the_admin_leaves_history_for_every_booth_it_changed(client):
    pavilion = floor()
    a1, a2, a3 = row(pavilion, "A", 0, 3)
    mobility = theme(pavilion, "Mobility")
    placed = [exhibitor(pavilion, theme=mobility, name_en=f"Placed {n}") for n in range(2)]
    before = {b.pk: b.history.count() for b in (a1, a2, a3)}
    floor_manager = staff_in(roles.FLOOR_MANAGER)
    client.force_login(floor_manager)
    changelist = reverse("admin:exhibitors_booth_changelist")
    selected = {"action": "allocate_automatically", "_selected_action": [a1.pk]}
    digest = client.post(changelist, selected).context["digest"]
    response = client.post(changelist, {**selected, "apply": "1", "digest": digest})
    assert response.status_code == 302
    allocated = Booth.objects.filter(holder__isnull=False)
    assert {b.holder for b in allocated} == set(placed)
    for each in Booth.objects.all():
        new = list(each.history.all()[: each.history.count() - before[each.pk]])
        if each.holder_id is None:
            assert new == []  # the free booth left alone has no new version
            continue
        (version,) = new
        assert (version.history_type, version.holder_id, version.placed_by_hand) == (
            "~",
            each.holder_id,
            False,
        )
        assert version.history_user == floor_manager
        assert version.history_change_reason == "Automatic allocation"


def test_an_allocation_by_the_command_names_the_command():
    pavilion = floor()
    a1, a2 = row(pavilion, "A", 0, 2)
    exhibitor(pavilion)
    call_command("allocate_booths", pavilion.event.slug, stdout=io.StringIO())
    version = latest(Booth.objects.get(holder__isnull=False))
    assert version.history_user is None
    assert version.history_change_reason == f"manage.py allocate_booths {pavilion.event.slug}"


def test_a_booth_freed_by_a_withdrawal_is_kept_in_its_history():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    company = exhibitor(pavilion)
    booths.booth_allocate(booth=a1, exhibitor=company)
    application = Application.objects.get(pavilion=pavilion, company=company.company)
    user = UserFactory()
    applications.application_withdraw(application=application, user=user, reason="No budget")
    version = latest(a1)
    assert (version.holder_id, version.history_user) == (None, user)
    assert version.prev_record.holder_id == company.pk


def test_expired_offers_are_kept_with_the_commands_reason():
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    company = exhibitor(pavilion)
    now = timezone.now()
    booths.booth_offer(booth=a1, exhibitor=company, expires_at=now + datetime.timedelta(hours=1))
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(timezone, "now", lambda: now + datetime.timedelta(hours=2))
        call_command("send_reminders", stdout=io.StringIO())
    version = latest(a1)
    assert (version.held_for_id, version.hold_expires_at) == (None, None)
    assert version.history_change_reason == "manage.py send_reminders"


# Imports -----------------------------------------------------------------------------------


BOOTH_HEADER = "event,pavilion,code,kind,x,y,width,depth,holder"


def test_a_booth_import_in_the_admin_leaves_history_with_the_importing_user(client):
    pavilion = floor()
    staff = UserFactory(is_staff=True, is_superuser=True)
    client.force_login(staff)
    content = f"{BOOTH_HEADER}\r\n{pavilion.event.slug},seoul,A1,,0,0,3,3,\r\n".encode()
    response = client.post(
        reverse("admin:exhibitors_booth_import"),
        {"resource": 0, "format": 0, "import_file": SimpleUploadedFile("booths.csv", content)},
    )
    confirm = response.context["confirm_form"]
    response = client.post(
        reverse("admin:exhibitors_booth_process_import"), {**confirm.initial, "resource": 0}
    )
    assert response.status_code == 302
    (version,) = Booth.objects.get(code="A1").history.all()  # the preview left nothing
    assert (version.history_type, version.history_user) == ("+", staff)


CONSULTATION_HEADER = "event,registration_number,met_on,buyer_organisation,buyer_country,amount_usd"


def consultation_csv(exhibitor, buyer="Rhein Mobility"):
    event = exhibitor.pavilion.event
    line = ",".join(
        [
            event.slug,
            exhibitor.company.registration_number_display,
            event.starts_on.isoformat(),
            buyer,
            "DE",
            "1000",
        ]
    )
    return f"{CONSULTATION_HEADER}\r\n{line}\r\n".encode()


def test_a_consultation_log_uploaded_by_a_member_is_kept_with_the_member(client):
    company = confirmed_exhibitor(started_pavilion(slug="expo-2030"))
    member = member_of(company.company)
    client.force_login(member)
    response = client.post(
        reverse("exhibitors:report_upload", args=[company.pk]),
        {"log": SimpleUploadedFile("log.csv", consultation_csv(company))},
    )
    assert response.status_code == 302
    (version,) = Consultation.history.all()
    assert (version.history_type, version.history_user, version.buyer_organisation) == (
        "+",
        member,
        "Rhein Mobility",
    )
    # Replacing the log keeps the deleted rows in the trail.
    client.post(
        reverse("exhibitors:report_upload", args=[company.pk]),
        {
            "log": SimpleUploadedFile("log.csv", consultation_csv(company, "Nordic")),
            "replace": "on",
        },
    )
    assert sorted(
        (v.history_type, v.buyer_organisation, v.history_user) for v in Consultation.history.all()
    ) == [("+", "Nordic", member), ("+", "Rhein Mobility", member), ("-", "Rhein Mobility", member)]


def test_manage_py_import_names_the_command_and_the_file(tmp_path):
    company = confirmed_exhibitor(started_pavilion(slug="expo-2030"))
    log = tmp_path / "log.csv"
    log.write_bytes(consultation_csv(company))
    call_command(
        "import",
        "exhibitors.outcomes.resources.ConsultationResource",
        str(log),
        "--no-input",
        stdout=io.StringIO(),
    )
    (version,) = Consultation.history.all()
    assert version.history_user is None
    assert (
        version.history_change_reason
        == (f"manage.py import exhibitors.outcomes.resources.ConsultationResource {log}"[:100])
    )


# The History pages in the admin --------------------------------------------------------------


def test_an_admin_edit_shows_on_the_objects_history_page(client):
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    floor_manager = staff_in(roles.FLOOR_MANAGER)
    client.force_login(floor_manager)
    data = {"pavilion": pavilion.pk, "code": "A1", "kind": "company", "x": "6", "y": "0"}
    data.update({"width": "3", "depth": "3", "holder": "", "initial-holder": ""})
    response = client.post(reverse("admin:exhibitors_booth_change", args=[a1.pk]), data)
    assert response.status_code == 302
    page = client.get(history_url(a1))
    assert page.status_code == 200
    text = page.content.decode()
    assert "X (m):</strong> 0.00 &rarr; 6.00" in text
    assert floor_manager.username in text
    assert (
        reverse("admin:exhibitors_booth_history", args=[a1.pk])
        in client.get(reverse("admin:exhibitors_booth_change", args=[a1.pk])).content.decode()
    )


def test_a_status_shows_by_its_label_and_the_note_as_reason(client):
    application = ApplicationFactory(pavilion=floor())
    applications.application_submit(application=application, user=None, notify=False)
    manager = staff_in(roles.PROGRAMME_MANAGER)
    applications.application_reject(
        application=application, user=manager, note="Outside the themes", notify=False
    )
    client.force_login(manager)
    text = client.get(history_url(application)).content.decode()
    assert "Status:</strong> Submitted &rarr; Rejected" in text
    assert "Outside the themes" in text


def test_the_history_page_is_read_only(client):
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    version = latest(a1)
    url = reverse("admin:exhibitors_booth_simple_history", args=[a1.pk, version.pk])
    assert client.get(url).status_code == 200
    data = {"pavilion": pavilion.pk, "code": "Z9", "kind": "company", "x": "9", "y": "9"}
    assert client.post(url, {**data, "width": "3", "depth": "3"}).status_code == 405
    a1.refresh_from_db()
    assert (a1.code, a1.x) == ("A1", 0)
    assert "Revert" not in client.get(history_url(a1)).content.decode()


def test_staff_read_only_the_history_of_what_they_may_see(client):
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    manager = staff_in(roles.PROGRAMME_MANAGER)
    mine, other = reviewer(), reviewer()
    application = ApplicationFactory(pavilion=pavilion)
    applications.application_submit(application=application, user=None, notify=False)
    own = reviews.reviewer_assign(application=application, reviewer=mine, user=manager)
    theirs = reviews.reviewer_assign(application=application, reviewer=other, user=manager)
    client.force_login(mine)
    assert client.get(history_url(own)).status_code == 200
    assert client.get(history_url(theirs)).status_code == 404  # another reviewer's scores
    assert client.get(history_url(a1)).status_code == 403  # booths: not a reviewer's business
    assert client.get(history_url(application)).status_code == 403
    version = latest(theirs)
    url = reverse("admin:exhibitors_review_simple_history", args=[theirs.pk, version.pk])
    assert client.get(url).status_code == 404
    client.force_login(manager)
    assert client.get(history_url(theirs)).status_code == 200
    assert client.get(history_url(a1)).status_code == 200  # programme managers view booths
    client.force_login(staff_in(roles.REPORTING))
    assert client.get(history_url(a1)).status_code == 403
    assert client.get(history_url(theirs)).status_code == 403


def test_the_history_of_a_deleted_object_is_still_readable(client):
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    url = history_url(a1)
    a1.delete()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    page = client.get(url)
    assert page.status_code == 200
    assert "Deleted" in page.content.decode()


def test_a_reports_history_lists_the_changes_of_its_rows(client):
    company = confirmed_exhibitor(started_pavilion(slug="expo-2030"))
    report = outcomes.report_get_or_create(company)
    member = member_of(company.company)
    client.force_login(member)
    client.post(
        reverse("exhibitors:report_upload", args=[company.pk]),
        {"log": SimpleUploadedFile("log.csv", consultation_csv(company))},
    )
    consultation = Consultation.objects.get()
    consultation.amount_usd = Decimal("2500")
    consultation.save()
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    text = client.get(history_url(report)).content.decode()
    assert "Rhein Mobility (DE)" in text
    assert "Consultation amount (USD):</strong> 1000.00 &rarr; 2500" in text
    assert member.username in text


# Query counts --------------------------------------------------------------------------------


def test_the_history_page_takes_the_same_queries_however_long_the_history(
    client, django_assert_num_queries
):
    pavilion = floor()
    a1, a2 = row(pavilion, "A", 0, 2)
    first, second = exhibitor(pavilion), exhibitor(pavilion)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    booths.booth_allocate(booth=a1, exhibitor=first)
    client.get(history_url(a1))  # warm the caches (content types, permissions)
    with django_assert_num_queries(QUERIES["booth"]):
        client.get(history_url(a1))
    for holder in (second, first, second):
        booths.booth_release(booth=a1)
        booths.booth_allocate(booth=a1, exhibitor=holder)
    with django_assert_num_queries(QUERIES["booth"]):
        assert client.get(history_url(a1)).status_code == 200


def test_the_reports_history_takes_the_same_queries_however_many_rows(
    client, django_assert_num_queries
):
    company = confirmed_exhibitor(started_pavilion(slug="expo-2030"))
    report = outcomes.report_get_or_create(company)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))

    def add(buyer):
        Consultation.objects.create(
            report=report,
            met_on=company.pavilion.event.starts_on,
            buyer_organisation=buyer,
            buyer_country="DE",
            amount_usd=1,
        )

    add("One")
    client.get(history_url(report))
    with django_assert_num_queries(QUERIES["report"]):
        client.get(history_url(report))
    for n in range(4):
        add(f"More {n}")
    Consultation.objects.filter(buyer_organisation="One").get().delete()
    with django_assert_num_queries(QUERIES["report"]):
        assert client.get(history_url(report)).status_code == 200


#: (The session and the user from the cache) whether the user may see the object, then the object; the versions
#: (counted for the pages, then read with the related objects they name). A report adds one
#: query per kind of row (consultations, MOUs, contracts, follow-ups) and four for the
#: report's name in the title (exhibitor, company, pavilion, event).
QUERIES = {"booth": 4, "report": 12}


def test_review_history_lists_the_scores(client):
    pavilion = floor()
    by = reviewer()
    application = ApplicationFactory(pavilion=pavilion)
    applications.application_submit(application=application, user=None, notify=False)
    review = reviews.reviewer_assign(application=application, reviewer=by, user=None)
    reviews.review_submit(review=review, user=by, values={c.pk: 7 for c in pavilion.criteria.all()})
    client.force_login(by)
    text = client.get(history_url(review)).content.decode()
    first = pavilion.criteria.first()
    assert f"{first.name}: 7" in text
    assert Review.history.filter(id=review.pk).count() == 2


def test_every_tracked_object_has_a_history_page_and_version_pages(client):
    """One object of each tracked kind, made by the services: its History page and the page of
    each of its versions open for a superuser."""
    company = confirmed_exhibitor(started_pavilion(slug="expo-2030"))
    report = outcomes.report_get_or_create(company)
    consultation = Consultation.objects.create(
        report=report,
        met_on=company.pavilion.event.starts_on,
        buyer_organisation="Rhein Mobility",
        buyer_country="DE",
        amount_usd=1,
    )
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    application = ApplicationFactory(pavilion=pavilion)
    applications.application_submit(application=application, user=None, notify=False)
    review = reviews.reviewer_assign(application=application, reviewer=reviewer(), user=None)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    tracked = [company, company.company, report, consultation, a1, application, review]
    for obj in tracked:
        assert client.get(history_url(obj)).status_code == 200, obj
        for version in obj.history.all():
            url = reverse(
                f"admin:exhibitors_{obj._meta.model_name}_simple_history",
                args=[obj.pk, version.pk],
            )
            assert client.get(url).status_code == 200, (obj, version)


@pytest.mark.parametrize("history_type", ["+", "~"])
def test_history_copied_in_the_database_is_what_simple_history_writes(staff_user, history_type):
    """The imports write their history with one INSERT … SELECT per batch
    (history.bulk_write_history); each row must hold what simple-history's own bulk helper
    writes: every tracked column (text, numbers, dates, the foreign key), type, user, reason."""
    from exhibitors.companies.models import Company
    from exhibitors.outcomes.models import Consultation
    from portal.audit import audit, bulk_write_history, current_reason
    from tests.exhibitors.reporting import filed
    from tests.factories import CompanyFactory

    companies = Company.objects.bulk_create(
        [CompanyFactory.build(website="https://a.example"), CompanyFactory.build(sector="")]
    )
    report = filed(started_pavilion(), ["1200.50", "80"], status="draft")
    consultations = list(Consultation.objects.filter(report=report))
    for model, rows in ((Company, companies), (Consultation, consultations)):
        # The clock stands still while both copies are written, so that their dates are equal
        # however slowly a loaded machine writes them.
        with (
            time_machine.travel(timezone.now(), tick=False),
            audit(user=staff_user, reason="import of companies.csv"),
        ):
            bulk_write_history(model, [each.pk for each in rows], history_type=history_type)
            model.history.bulk_history_create(
                rows, update=history_type == "~", default_change_reason=current_reason()
            )
        compared = [field.attname for field in model.history.model.tracked_fields] + [
            "history_type",
            "history_user_id",
            "history_change_reason",
        ]
        for instance in rows:
            copied, written = instance.history.order_by("history_id")
            assert {name: getattr(copied, name) for name in compared} == {
                name: getattr(written, name) for name in compared
            }
            assert copied.history_user == staff_user
            assert copied.history_date == written.history_date


# Deleted objects and the page of one version -------------------------------------------------


def _assigned_pair():
    """An application with two reviewers' reviews, assigned by a named programme manager."""
    pavilion = floor()
    manager = staff_in(roles.PROGRAMME_MANAGER)
    manager.first_name, manager.last_name = "Mina", "Park"
    manager.save()
    mine, other = reviewer(), reviewer()
    application = ApplicationFactory(pavilion=pavilion)
    applications.application_submit(application=application, user=None, notify=False)
    own = reviews.reviewer_assign(application=application, reviewer=mine, user=manager)
    theirs = reviews.reviewer_assign(application=application, reviewer=other, user=manager)
    return manager, mine, own, theirs


def version_url(obj_id, model_name, version):
    return reverse(f"admin:exhibitors_{model_name}_simple_history", args=[obj_id, version.pk])


def test_a_deleted_review_of_another_reviewer_stays_hidden_from_a_reviewer(client):
    """A deleted review is judged by its last version: its reviewer (and managers) read its
    history, another reviewer gets the same 404 as for the live review."""
    manager, mine, own, theirs = _assigned_pair()
    reviews.review_submit(
        review=theirs,
        user=theirs.reviewer,
        values={c.pk: 9 for c in theirs.application.pavilion.criteria.all()},
        comment="Confidential: weak export plan",
    )
    version = latest(theirs)
    pages = [history_url(theirs), version_url(theirs.pk, "review", version)]
    own_pages = [history_url(own), version_url(own.pk, "review", latest(own))]
    theirs.delete()
    own.delete()
    client.force_login(mine)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 404, url
        assert b"Confidential" not in response.content
    for url in own_pages:
        assert client.get(url).status_code == 200, url
    client.force_login(manager)
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
    assert "Confidential: weak export plan" in client.get(pages[0]).content.decode()


def test_the_version_page_shows_the_values_only_never_every_user(client):
    """The page of one version of a reviewer's own review names who assigned it and lists
    nobody else: no choice lists, no other account's e-mail address."""
    manager, mine, own, theirs = _assigned_pair()
    outsiders = [UserFactory(), member_of(own.application.company), staff_in(roles.REPORTING)]
    client.force_login(mine)
    response = client.get(version_url(own.pk, "review", latest(own)))
    assert response.status_code == 200
    text = response.content.decode()
    assert "<select" not in text and "<option" not in text
    assert "Mina Park" in text  # assigned by
    for user in [manager, theirs.reviewer, *outsiders]:
        assert user.email not in text, user.email


def test_every_version_page_is_read_only(client):
    """Whatever the admin (applications, booths...), a version shows no form widget."""
    pavilion = floor()
    a1 = booth(pavilion, "A1", 0, 0)
    application = ApplicationFactory(pavilion=pavilion)
    applications.application_submit(application=application, user=None, notify=False)
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    for obj in (a1, application):
        url = version_url(obj.pk, obj._meta.model_name, latest(obj))
        text = client.get(url).content.decode()
        assert "<select" not in text and "<textarea" not in text, obj
        assert 'type="text"' not in text, obj


def test_every_audited_admin_keeps_its_row_rule_in_row_rule(rf):
    """The history pages judge a deleted object by ``row_rule``: an audited admin whose list
    hides rows must hide them through ``row_rule``, never in ``get_queryset`` alone, or a
    deleted object's history would show what the live one hides."""
    from django.contrib import admin

    from portal.admin_history import AuditedAdmin

    pavilion = floor()
    manager = staff_in(roles.PROGRAMME_MANAGER)
    application = ApplicationFactory(pavilion=pavilion)
    applications.application_submit(application=application, user=None, notify=False)
    assigned = [reviewer(), reviewer()]
    for each in assigned:
        reviews.reviewer_assign(application=application, reviewer=each, user=manager)
    booth(pavilion, "A1", 0, 0)
    people = [manager, assigned[0], *(staff_in(role) for role in roles.ALL)]
    for model, model_admin in admin.site._registry.items():
        if not isinstance(model_admin, AuditedAdmin):
            continue
        for user in people:
            request = rf.get("/")
            request.user = user
            rule = model_admin.row_rule(request)
            everything = model._default_manager.all()
            expected = everything if rule is None else everything.filter(rule)
            assert set(model_admin.get_queryset(request).values_list("pk", flat=True)) == set(
                expected.values_list("pk", flat=True)
            ), (model, user)
