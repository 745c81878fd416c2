from django.urls import path

from exhibitors import documents
from exhibitors.applications import views as application_views
from exhibitors.buyers import urls as buyer_urls
from exhibitors.companies import views as company_views
from exhibitors.floor import views as floor_views
from exhibitors.outcomes import views as report_views
from exhibitors.outcomes import views_results

app_name = "exhibitors"

urlpatterns = [
    path("reports/", report_views.report_list, name="reports"),
    path("reports/<int:exhibitor_id>/", report_views.report_edit, name="report"),
    path("reports/<int:exhibitor_id>/upload/", report_views.report_upload, name="report_upload"),
    path(
        "reports/<int:exhibitor_id>/confirm/",
        report_views.report_confirm_all,
        name="report_confirm_all",
    ),
    path(
        "reports/<int:exhibitor_id>/consultations/<int:pk>/",
        report_views.consultation_edit,
        name="report_consultation",
    ),
    path(
        "reports/<int:exhibitor_id>/consultations/<int:pk>/delete/",
        report_views.consultation_delete,
        name="report_consultation_delete",
    ),
    path(
        "reports/application/<int:application_id>/",
        report_views.application_report,
        name="application_report",
    ),
    path(
        "reports/<int:exhibitor_id>/consultations.xlsx",
        report_views.report_template,
        name="report_template",
    ),
    path(
        "reports/<int:exhibitor_id>/mous/<int:mou_id>/scan/",
        report_views.report_scan,
        name="report_scan",
    ),
    path("documents/<str:model>/<int:pk>/<str:field>/", documents.document_view, name="document"),
    path("company/", company_views.company_profile, name="company"),
    path("company/new/", company_views.company_create, name="company_create"),
    path("company/invite/", company_views.company_invite, name="company_invite"),
    path("invitations/<str:token>/", company_views.invitation_accept, name="invitation"),
    path("applications/", application_views.application_list, name="applications"),
    path("applications/<int:pk>/", application_views.application_detail, name="application"),
    path(
        "applications/<int:pk>/edit/", application_views.application_edit, name="application_edit"
    ),
    path(
        "applications/<int:pk>/withdraw/",
        application_views.application_withdraw,
        name="application_withdraw",
    ),
    path(
        "applications/<int:pk>/respond/",
        application_views.application_respond,
        name="application_respond",
    ),
    path(
        "applications/<int:pk>/booths/<int:booth_pk>/accept/",
        floor_views.booth_offer_accept,
        name="booth_offer_accept",
    ),
    path(
        "applications/<int:pk>/documents/<str:kind>/",
        application_views.application_document,
        name="application_document",
    ),
    path(
        "events/<slug:event_slug>/<slug:pavilion_slug>/results/",
        views_results.results,
        name="results",
    ),
    path(
        "events/<slug:event_slug>/<slug:pavilion_slug>/apply/",
        application_views.application_start,
        name="application_start",
    ),
    *buyer_urls.urlpatterns,
]
