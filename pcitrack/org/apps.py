from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "pcitrack.org"
    label = "org"
