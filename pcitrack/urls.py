from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pcitrack.web import accounts as account_views
from pcitrack.web import holidays, imports, monitoring, pci, pci_import, reporting, views
from pcitrack.web import home as landing
from pcitrack.web import notifications as notification_views
from pcitrack.web.archive import plan_archive, plan_restore
from pcitrack.web.plan_choice import plan_choose
from pcitrack.web.search import search_page

urlpatterns = [
    path("", landing.home, name="home"),
    path("dashboard/", landing.dashboard, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", account_views.account, name="account"),
    path("accounts/password/", account_views.PasswordChangeView.as_view(), name="password_change"),
    path("accounts/password/done/", auth_views.PasswordChangeDoneView.as_view(), name="password_change_done"),
    path("accounts/password-reset/", account_views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password-reset/sent/", auth_views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/reset/<uidb64>/<token>/",
        account_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/reset/done/", auth_views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/import/", imports.plan_import, name="plan_import"),
    path("plans/import/<str:token>/", imports.plan_import_preview, name="plan_import_preview"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/indicators/", views.plan_indicators, name="plan_indicators"),
    path("plans/<int:pk>/tasks/", views.plan_tasks, name="plan_tasks"),
    path("plans/choose/", plan_choose, name="plan_choose"),
    path("plans/<int:pk>/archive/", plan_archive, name="plan_archive"),
    path("plans/<int:pk>/restore/", plan_restore, name="plan_restore"),
    path("plans/<int:pk>/scorecard/", monitoring.plan_scorecard, name="plan_scorecard"),
    path("plans/<int:pk>/scorecard.xlsx", monitoring.plan_scorecard_xlsx, name="plan_scorecard_xlsx"),
    path("plans/<int:pk>/values/import/", monitoring.observations_import, name="observations_import"),
    path(
        "plans/<int:pk>/values/import/<str:token>/",
        monitoring.observations_import_preview,
        name="observations_import_preview",
    ),
    path("plans/<int:pk>/indicators/<int:no>/", monitoring.indicator_detail, name="indicator_detail"),
    path(
        "plans/<int:pk>/indicators/<int:no>/observations/<int:obs_id>/",
        monitoring.observation_edit,
        name="observation_edit",
    ),
    path("plans/<int:pk>/indicators/<int:no>/range/", monitoring.indicator_range, name="indicator_range"),
    path(
        "plans/<int:pk>/indicators/<int:no>/observations/<int:obs_id>/accept/",
        monitoring.observation_accept,
        name="observation_accept",
    ),
    path(
        "plans/<int:pk>/indicators/<int:no>/observations/<int:obs_id>/delete/",
        monitoring.observation_delete,
        name="observation_delete",
    ),
    path("plans/<int:pk>/periods/", reporting.plan_periods, name="plan_periods"),
    path("plans/<int:pk>/periods/<int:period_id>/", reporting.period_edit, name="period_edit"),
    path("plans/<int:pk>/follow-up/", reporting.plan_follow_up, name="plan_follow_up"),
    path("plans/<int:pk>/follow-up.xlsx", reporting.plan_follow_up_xlsx, name="plan_follow_up_xlsx"),
    path("plans/<int:pk>/tasks/<int:task_id>/", reporting.task_detail, name="task_detail"),
    path("plans/<int:pk>/official-report/", reporting.official_report_start, name="official_report_start"),
    path("offices/<int:pk>/report-settings/", reporting.office_report_settings, name="office_report_settings"),
    path("official-reports/<int:job_id>/", reporting.official_report, name="official_report"),
    path(
        "official-reports/<int:job_id>/download/", reporting.official_report_download, name="official_report_download"
    ),
    path("reports/", reporting.my_reports, name="my_reports"),
    path("reports/start/<int:period_id>/<int:unit_id>/", reporting.report_start, name="report_start"),
    path("reports/<int:pk>/", reporting.report_detail, name="report_detail"),
    path("reports/<int:pk>/submit/", reporting.report_submit, name="report_submit"),
    path("reports/<int:pk>/review/", reporting.report_review, name="report_review"),
    path("reports/<int:pk>/tasks/<int:entry_id>/evidence/", reporting.evidence_upload, name="evidence_upload"),
    path("reports/<int:pk>/evidence/<int:evidence_id>/", reporting.evidence_download, name="evidence_download"),
    path("reports/<int:pk>/evidence/<int:evidence_id>/delete/", reporting.evidence_delete, name="evidence_delete"),
    path("plans/<int:pk>/priorities/", pci.plan_priorities, name="plan_priorities"),
    path("pci/", pci.pci_overview, name="pci_overview"),
    path("pci/import/", pci_import.pci_import, name="pci_import"),
    path("pci/import/<str:token>/", pci_import.pci_import_preview, name="pci_import_preview"),
    path("pci/provinces/<int:pk>/", pci.province_profile, name="pci_province"),
    path("pci/provinces/<int:pk>/what-if/", pci.province_what_if, name="pci_what_if"),
    path("holidays/", holidays.holidays, name="holidays"),
    path("holidays/<int:pk>/", holidays.holiday_edit, name="holiday_edit"),
    path("holidays/<int:pk>/delete/", holidays.holiday_delete, name="holiday_delete"),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("notifications/", notification_views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/", notification_views.notification_open, name="notification_open"),
    path("notifications/read-all/", notification_views.notifications_read_all, name="notifications_read_all"),
    path("search/", search_page, name="search"),
    path("admin/", admin.site.urls),
]
