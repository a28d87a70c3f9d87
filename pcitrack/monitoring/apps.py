from django.apps import AppConfig


class MonitoringConfig(AppConfig):
    name = "pcitrack.monitoring"
    label = "monitoring"
