from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "pcitrack.reporting"
    label = "reporting"
