"""Issue 6's "done when": an exhibitor files a report in the browser and by spreadsheet,
staff approve it, and the dashboard's totals change by exactly that report."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from exhibitors.outcomes.models import OutcomeReport
from exhibitors.outcomes.resources import ConsultationResource
from tests.factories import (
    EventFactory,
    ExhibitorFactory,
    MembershipFactory,
    PavilionFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


def test_file_upload_approve_and_the_dashboard_moves(client):
    event = EventFactory(slug="expo-now", starts_on=timezone.localdate() - datetime.timedelta(3))
    exhibitor = ExhibitorFactory(pavilion=PavilionFactory(event=event))
    client.force_login(MembershipFactory(company=exhibitor.company).user)
    report_url = reverse("exhibitors:report", args=[exhibitor.pk])
    form = {
        f"{p}-{k}": v
        for p in ("mous", "contracts", "follow_ups")
        for k, v in {"TOTAL_FORMS": "0", "INITIAL_FORMS": "0"}.items()
    }
    form.update(
        {
            "consultations-TOTAL_FORMS": "1",
            "consultations-INITIAL_FORMS": "0",
            "consultations-0-met_on": event.starts_on.isoformat(),
            "consultations-0-buyer_organisation": "Madrid City",
            "consultations-0-buyer_country": "ES",
            "consultations-0-buyer_type": "public_body",
            "consultations-0-amount_usd": "50000",
            "consultations-0-expected_contract_usd": "0",
            "consultations-0-stage": "consulted",
            "save_draft": "1",
        }
    )
    client.post(report_url, form)  # one consultation typed in the browser
    log = (
        ",".join(ConsultationResource.COLUMNS)
        + "\n"
        + ",".join(
            [
                "expo-now",
                exhibitor.company.registration_number_display,
                event.starts_on.isoformat(),
                "Rhein Mobility",
                "독일",
                "distributor",
                "Sensor",
                "25000",
                "5000",
                "negotiating",
                "",
            ]
        )
        + "\n"
    )
    client.post(
        reverse("exhibitors:report_upload", args=[exhibitor.pk]),
        {"log": SimpleUploadedFile("log.csv", log.encode("cp949"))},
    )
    client.post(report_url, {**form, "consultations-TOTAL_FORMS": "0", "submit": "1"})
    report = OutcomeReport.objects.get(exhibitor=exhibitor)
    assert report.status == "submitted" and report.consultations.count() == 2

    staff = Client()
    reporter = UserFactory(is_staff=True)
    reporter.groups.add(Group.objects.get(name="Reporting"))
    staff.force_login(reporter)
    dashboard = reverse("admin:events_pavilion_dashboard", args=[exhibitor.pavilion.pk])
    before = staff.get(dashboard).context["figures"]
    staff.post(
        reverse("admin:exhibitors_outcomereport_changelist"),
        {"action": "approve", "_selected_action": [report.pk]},
    )
    after = staff.get(dashboard).context["figures"]
    assert after.consultations - before.consultations == 2
    assert after.consultation_amount_usd - before.consultation_amount_usd == 75_000
    assert after.expected_contract_usd - before.expected_contract_usd == 5_000
