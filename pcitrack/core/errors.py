"""The one error type pcitrack's operations raise for bad input or a refused change."""


def render(template: str, params: dict, translate=lambda s: s) -> str:
    """A message template with its parameters; a parameter may itself be a (template, params) pair."""
    return translate(template).format(
        **{
            name: render(*value, translate) if isinstance(value, tuple) and len(value) == 2 else value
            for name, value in params.items()
        }
    )


class PcitrackError(Exception):
    """A message template (English msgid, translated where shown) with its parameters."""

    def __init__(self, template: str, **params):
        self.template = template
        self.params = params
        super().__init__(render(template, params))

    def message(self, translate=lambda s: s) -> str:
        return render(self.template, self.params, translate)
