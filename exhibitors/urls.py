from django.urls import path

from . import documents, views, views_reports

app_name = "exhibitors"

urlpatterns = [
    path("reports/", views_reports.report_list, name="reports"),
    path("reports/<int:exhibitor_id>/", views_reports.report_edit, name="report"),
    path("reports/<int:exhibitor_id>/upload/", views_reports.report_upload, name="report_upload"),
    path(
        "reports/<int:exhibitor_id>/consultations/<int:pk>/",
        views_reports.consultation_edit,
        name="report_consultation",
    ),
    path(
        "reports/<int:exhibitor_id>/consultations/<int:pk>/delete/",
        views_reports.consultation_delete,
        name="report_consultation_delete",
    ),
    path(
        "reports/application/<int:application_id>/",
        views_reports.application_report,
        name="application_report",
    ),
    path(
        "reports/<int:exhibitor_id>/consultations.xlsx",
        views_reports.report_template,
        name="report_template",
    ),
    path(
        "reports/<int:exhibitor_id>/mous/<int:mou_id>/scan/",
        views_reports.report_scan,
        name="report_scan",
    ),
    path("documents/<str:model>/<int:pk>/<str:field>/", documents.document_view, name="document"),
    path("company/", views.company_profile, name="company"),
    path("company/new/", views.company_create, name="company_create"),
    path("company/invite/", views.company_invite, name="company_invite"),
    path("invitations/<str:token>/", views.invitation_accept, name="invitation"),
    path("applications/", views.application_list, name="applications"),
    path("applications/<int:pk>/", views.application_detail, name="application"),
    path("applications/<int:pk>/edit/", views.application_edit, name="application_edit"),
    path(
        "applications/<int:pk>/withdraw/", views.application_withdraw, name="application_withdraw"
    ),
    path("applications/<int:pk>/respond/", views.application_respond, name="application_respond"),
    path(
        "applications/<int:pk>/booths/<int:booth_pk>/accept/",
        views.booth_offer_accept,
        name="booth_offer_accept",
    ),
    path(
        "applications/<int:pk>/documents/<str:kind>/",
        views.application_document,
        name="application_document",
    ),
    path(
        "events/<slug:event_slug>/<slug:pavilion_slug>/apply/",
        views.application_start,
        name="application_start",
    ),
]
