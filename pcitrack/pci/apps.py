from django.apps import AppConfig


class PciConfig(AppConfig):
    name = "pcitrack.pci"
    label = "pci"
