from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "pcitrack.plans"
    label = "plans"
