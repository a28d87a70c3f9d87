from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pcitrack.audit"
    label = "audit"

    def ready(self):
        from . import logins  # noqa: F401  (connects the log-in receivers)
