"""Published figures hold (issue 13, item 3): publishing freezes what the results page shows;
later approvals move the dashboard, never the public page, until staff publish a revision;
withdrawals are recorded too."""

import datetime
import importlib
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from events.models import Pavilion
from exhibitors import roles
from exhibitors.outcomes import services as outcomes
from exhibitors.outcomes.figures import FiguresRefused, figures_publish
from exhibitors.outcomes.models import (
    Consultation,
    FiguresPublication,
    OutcomeReport,
    PublicationKind,
    ReportStatus,
)
from exhibitors.outcomes.selectors import published_figures
from tests.exhibitors.reporting import filed, staff, two_editions

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    call_command("seed_demo", "--quiet-logins", stdout=io.StringIO())
    return Pavilion.objects.with_event().get(event__slug="scewc-2024")


def _results(client, pavilion, language="en"):
    return client.get(
        reverse("exhibitors:results", args=[pavilion.event.slug, pavilion.slug]),
        HTTP_ACCEPT_LANGUAGE=language,
    )


def _act(client, user, action, pavilion):
    client.force_login(user)
    return client.post(
        reverse("admin:events_pavilion_changelist"),
        {"action": action, "_selected_action": [pavilion.pk]},
        HTTP_ACCEPT_LANGUAGE="en",
    )


def _dashboard(client, pavilion, language="en"):
    return client.get(
        reverse("admin:events_pavilion_dashboard", args=[pavilion.pk]),
        HTTP_ACCEPT_LANGUAGE=language,
    )


def _revise_url(pavilion):
    return reverse("admin:events_pavilion_publish_revised", args=[pavilion.pk])


def _reapprove_with_more(report, amounts, user):
    """Staff return an approved report, the exhibitor adds consultations and submits again,
    staff approve it again."""
    outcomes.report_return(report=report, user=user, comment="Three meetings are missing.")
    Consultation.objects.bulk_create(
        Consultation(
            report=report,
            met_on=report.exhibitor.pavilion.event.starts_on,
            buyer_organisation=f"Late buyer {n}",
            buyer_country="DE",
            amount_usd=Decimal(amount),
        )
        for n, amount in enumerate(amounts)
    )
    outcomes.report_submit(report=report, user=None)
    outcomes.report_approve(report=report, user=user)


def test_later_approvals_move_the_dashboard_not_the_published_page(client, demo):
    reporting = staff(roles.REPORTING)
    _act(client, reporting, "publish_results", demo)
    english = _results(client, demo).content.decode()
    assert "407 export consultations worth USD 3.15 million" in english
    assert "These figures were revised" not in english

    # an approved report (the demo also holds one returned to its exhibitor, outside the 407)
    report = (
        OutcomeReport.objects.filter(exhibitor__pavilion=demo, status=ReportStatus.APPROVED)
        .order_by("pk")
        .first()
    )
    _reapprove_with_more(report, [10_000, 10_000, 5_000], reporting)

    # the dashboard shows the live figures and how they differ from the published ones
    client.force_login(reporting)
    dashboard = _dashboard(client, demo)
    html = dashboard.content.decode()
    assert dashboard.context["figures"].consultations == 410
    assert dashboard.context["data"]["consultation_amount_usd"] == "3175000"
    assert dashboard.context["data"]["yoy"]["consultations_delta"] == 64
    differences = {row["key"]: row for row in dashboard.context["differences"]}
    assert (differences["consultations"]["published"], differences["consultations"]["live"]) == (
        407,
        410,
    )
    assert differences["consultations"]["difference"] == "+3"
    assert differences["consultation_amount_usd"]["difference"] == "+25,000.00"
    assert _revise_url(demo) in html and "Publish the revised figures" in html

    # the public page still shows what was published, in both languages
    public = _results(client, demo)
    html = public.content.decode()
    assert public.context["published"].consultations == 407
    assert "USD 3,150,000" in html and "+61" in html and "× 1.43" in html
    assert "407 export consultations worth USD 3.15 million" in html
    assert "410" not in html and "3,175,000" not in html
    korean = _results(client, demo, "ko").content.decode()
    assert "수출 상담 407건, 상담금액 315만 달러(약 44억 원)" in korean

    # publishing the revision asks first, then shows the new figures, marked as revised
    client.force_login(reporting)
    confirm = client.get(_revise_url(demo), HTTP_ACCEPT_LANGUAGE="en")
    assert "Yes, publish the revised figures" in confirm.content.decode()
    assert FiguresPublication.objects.filter(pavilion=demo).count() == 1
    client.post(_revise_url(demo), HTTP_ACCEPT_LANGUAGE="en")
    public = _results(client, demo)
    html = public.content.decode()
    assert "410 export consultations" in html and "USD 3,175,000" in html and "+64" in html
    assert "× 1.44" in html
    assert "These figures were revised on" in html
    assert "수치는" in _results(client, demo, "ko").content.decode()
    log = list(FiguresPublication.objects.filter(pavilion=demo).order_by("version"))
    assert [(p.version, p.kind, p.published_by) for p in log] == [
        (1, PublicationKind.PUBLISH, reporting),
        (2, PublicationKind.REVISION, reporting),
    ]
    assert log[0].figures["totals"]["consultations"] == 407  # the first version stays
    assert "published figures are the current ones" in _dashboard(client, demo).content.decode()


def _published_pair(now=None):
    """Two editions with approved reports; the current one published the day after its expo."""
    previous, pavilion = two_editions()
    filed(previous, [1000] * 4)
    filed(pavilion, [2000, 1000], mous=["PL"], publish_amounts=True)
    figures_publish(
        pavilion=pavilion,
        user=None,
        now=now or pavilion.event.ended_at + datetime.timedelta(days=1),
    )
    Pavilion.objects.filter(pk=pavilion.pk).update(
        results_published_at=timezone.now() - datetime.timedelta(hours=1)
    )
    pavilion.refresh_from_db()
    return previous, pavilion


def test_the_published_figures_read_back_as_decimals():
    _previous, pavilion = _published_pair()
    published = published_figures(pavilion)
    assert published.consultation_amount_usd == Decimal("3000.00")
    assert isinstance(published.consultation_amount_usd, Decimal)
    assert isinstance(published.consultation_amount_krw, Decimal)
    assert published.amount_ratio == Decimal("0.75")
    assert published.exhibitors_listed[0]["amount_usd"] == Decimal("3000.00")
    assert published.previous["consultation_amount_usd"] == Decimal("4000.00")
    stored = FiguresPublication.objects.get(pavilion=pavilion).figures
    assert stored["totals"]["consultation_amount_usd"] == "3000.00"  # a string, never a float
    assert stored["mous_by_country"] == [{"country": "PL", "n": 1}]


def _after_the_expo(time_machine, pavilion):
    time_machine.move_to(pavilion.event.ended_at + datetime.timedelta(days=2))


def test_a_withdrawal_is_recorded_and_a_new_publication_is_not_a_revision(client, time_machine):
    _previous, pavilion = _published_pair()
    _after_the_expo(time_machine, pavilion)
    reporting = staff(roles.REPORTING)
    _act(client, reporting, "unpublish_results", pavilion)
    assert _results(client, pavilion).status_code == 404
    withdrawal = FiguresPublication.objects.get(pavilion=pavilion, version=2)
    assert (withdrawal.kind, withdrawal.published_by, withdrawal.figures) == (
        PublicationKind.WITHDRAWAL,
        reporting,
        {},
    )
    pavilion.refresh_from_db()
    assert pavilion.results_published_at is None
    # withdrawing again changes nothing and says why
    response = _act(client, reporting, "unpublish_results", pavilion)
    assert any("not published" in str(m) for m in response.wsgi_request._messages)
    assert FiguresPublication.objects.filter(pavilion=pavilion).count() == 2
    # published again with the same figures: version 3, not a revision
    _act(client, reporting, "publish_results", pavilion)
    third = FiguresPublication.objects.get(pavilion=pavilion, version=3)
    assert third.kind == PublicationKind.PUBLISH
    page = _results(client, pavilion).content.decode()
    assert "USD 3,000" in page and "revised" not in page


def test_publishing_again_is_refused_the_revision_goes_through_the_dashboard(client, time_machine):
    _previous, pavilion = _published_pair()
    _after_the_expo(time_machine, pavilion)
    reporting = staff(roles.REPORTING)
    response = _act(client, reporting, "publish_results", pavilion)
    assert any("published already" in str(m) for m in response.wsgi_request._messages)
    # nothing changed: the dashboard offers no revision and a forced one is refused
    client.force_login(reporting)
    assert _revise_url(pavilion) not in _dashboard(client, pavilion).content.decode()
    response = client.post(_revise_url(pavilion), HTTP_ACCEPT_LANGUAGE="en", follow=True)
    assert "nothing to revise" in response.content.decode()
    assert FiguresPublication.objects.filter(pavilion=pavilion).count() == 1


@pytest.mark.parametrize("role", [roles.REVIEWER, roles.FLOOR_MANAGER])
def test_other_staff_cannot_publish_a_revision(client, role):
    _previous, pavilion = _published_pair()
    filed(pavilion, [500])
    client.force_login(staff(role))
    assert client.get(_revise_url(pavilion)).status_code == 403
    assert client.post(_revise_url(pavilion)).status_code == 403
    assert FiguresPublication.objects.filter(pavilion=pavilion).count() == 1


def test_the_revision_needs_a_post_with_the_csrf_token(client):
    _previous, pavilion = _published_pair()
    filed(pavilion, [500])
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(staff(roles.REPORTING))
    assert strict.post(_revise_url(pavilion)).status_code == 403
    assert FiguresPublication.objects.filter(pavilion=pavilion).count() == 1


def test_the_pavilion_report_reads_the_published_or_the_live_figures():
    _previous, pavilion = _published_pair()
    filed(pavilion, [500, 500])
    slug = pavilion.event.slug
    out = io.StringIO()
    call_command("pavilion_report", slug, "--format", "json", stdout=out)
    live = json.loads(out.getvalue())
    out = io.StringIO()
    call_command("pavilion_report", slug, "--published", "--format", "json", stdout=out)
    published = json.loads(out.getvalue())
    assert (live["consultations"], live["consultation_amount_usd"]) == (4, "4000")
    assert (published["consultations"], published["consultation_amount_usd"]) == (2, "3000")
    assert published["publication"]["version"] == 1
    assert published["publication"]["kind"] == "publish"
    assert set(published) == set(live) | {"publication"}
    out = io.StringIO()
    call_command("pavilion_report", slug, "--published", stdout=out)
    assert "version 1" in out.getvalue() and "3000" in out.getvalue()


def test_the_published_workbook_and_an_unpublished_pavilion(tmp_path):
    _previous, pavilion = _published_pair()
    target = tmp_path / "published.xlsx"
    with translation.override("en"):
        call_command(
            "pavilion_report",
            pavilion.event.slug,
            "--published",
            "--format",
            "xlsx",
            "--output",
            str(target),
            stdout=io.StringIO(),
        )
    book = openpyxl.load_workbook(target)
    assert book.sheetnames == ["Totals", "Exhibitors", "MOUs by partner country"]
    totals = {row[0]: row[1] for row in book["Totals"].iter_rows(values_only=True)}
    assert totals["Version"] == 1 and totals["Export consultations"] == 2
    assert totals["Consultation amount (USD)"] == 3000
    other = two_editions()[1]
    with pytest.raises(CommandError, match="not published"):
        call_command("pavilion_report", other.event.slug, "--published", stdout=io.StringIO())


def test_pavilions_published_before_the_log_get_their_first_publication(client):
    """Migration 0015: a pavilion published the old way (only ``results_published_at``)."""
    previous, pavilion = two_editions()
    filed(previous, [1000])
    filed(pavilion, [2000])
    when = timezone.now() - datetime.timedelta(days=3)
    Pavilion.objects.filter(pk=pavilion.pk).update(results_published_at=when)
    migration = importlib.import_module("exhibitors.migrations.0015_figures_publications")
    migration.first_publications(apps, None)
    migration.first_publications(apps, None)  # a second run adds nothing
    publication = FiguresPublication.objects.get(pavilion=pavilion)
    assert (publication.version, publication.kind, publication.published_at) == (
        1,
        PublicationKind.PUBLISH,
        when,
    )
    assert "USD 2,000" in _results(client, pavilion).content.decode()
    assert not FiguresPublication.objects.filter(pavilion=previous).exists()


def test_publications_are_read_only_in_the_admin(client):
    _previous, pavilion = _published_pair()
    publication = FiguresPublication.objects.get(pavilion=pavilion)
    client.force_login(staff(roles.REPORTING))
    changelist = reverse("admin:exhibitors_figurespublication_changelist")
    page = client.get(changelist, {"pavilion__id__exact": pavilion.pk})
    assert page.status_code == 200 and str(pavilion) in page.content.decode()
    change = reverse("admin:exhibitors_figurespublication_change", args=[publication.pk])
    html = client.get(change).content.decode()
    assert 'name="_save"' not in html
    assert client.post(change, {"version": 5}).status_code == 403
    delete = reverse("admin:exhibitors_figurespublication_delete", args=[publication.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    assert client.get(reverse("admin:exhibitors_figurespublication_add")).status_code == 403
    client.force_login(staff(roles.REVIEWER))
    assert client.get(changelist).status_code == 403
    publication.refresh_from_db()
    assert publication.version == 1


@pytest.mark.skipif(connection.vendor != "postgresql", reason="row locks only hold on PostgreSQL")
@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("round_", range(5))
def test_two_staff_publishing_the_revision_at_once_make_one_version(round_):
    from tests.exhibitors.test_concurrency import race

    _previous, pavilion = _published_pair()
    filed(pavilion, [500])
    now = pavilion.event.ended_at + datetime.timedelta(days=2)
    succeeded, refused = race(
        [
            lambda: figures_publish(pavilion=pavilion, user=None, revise=True, now=now)
            for _ in range(2)
        ],
        refused_by=FiguresRefused,
    )
    assert (len(succeeded), len(refused)) == (1, 1)
    versions = FiguresPublication.objects.filter(pavilion=pavilion).order_by("version")
    assert [(p.version, p.kind) for p in versions] == [
        (1, PublicationKind.PUBLISH),
        (2, PublicationKind.REVISION),
    ]
