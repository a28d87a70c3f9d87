"""The one error type pcitrack's operations raise for bad input or a refused change."""


class PcitrackError(Exception):
    """A message template (English msgid, translated where shown) with its parameters."""

    def __init__(self, template: str, **params):
        self.template = template
        self.params = params
        super().__init__(template.format(**params))

    def message(self, translate=lambda s: s) -> str:
        return translate(self.template).format(**self.params)
