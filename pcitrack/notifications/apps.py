from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "pcitrack.notifications"
    label = "notifications"
