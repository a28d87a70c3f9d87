from django.apps import AppConfig


class AuditConfig(AppConfig):
    name = "pcitrack.audit"
    label = "audit"
