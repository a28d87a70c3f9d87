from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from pcitrack.web import imports, monitoring, views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("accounts/login/", auth_views.LoginView.as_view(redirect_authenticated_user=True), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/", include("django.conf.urls.i18n")),
    path("plans/", views.plan_list, name="plan_list"),
    path("plans/import/", imports.plan_import, name="plan_import"),
    path("plans/import/<str:token>/", imports.plan_import_preview, name="plan_import_preview"),
    path("plans/<int:pk>/", views.plan_detail, name="plan_detail"),
    path("plans/<int:pk>/indicators/", views.plan_indicators, name="plan_indicators"),
    path("plans/<int:pk>/tasks/", views.plan_tasks, name="plan_tasks"),
    path("plans/<int:pk>/scorecard/", monitoring.plan_scorecard, name="plan_scorecard"),
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
    path(
        "plans/<int:pk>/indicators/<int:no>/observations/<int:obs_id>/delete/",
        monitoring.observation_delete,
        name="observation_delete",
    ),
    path("units/", views.unit_list, name="unit_list"),
    path("units/<int:pk>/", views.unit_detail, name="unit_detail"),
    path("admin/", admin.site.urls),
]
