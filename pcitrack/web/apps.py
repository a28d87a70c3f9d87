from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "pcitrack.web"
    label = "web"
