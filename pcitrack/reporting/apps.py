from django.apps import AppConfig


class ReportingConfig(AppConfig):
    name = "pcitrack.reporting"
    label = "reporting"

    def ready(self):
        from . import signals  # noqa: F401  (files follow their rows)
