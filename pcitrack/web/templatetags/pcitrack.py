from django import template
from django.template.defaultfilters import floatformat
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def quantity(value, unit: str = ""):
    """52.61 + "điểm" -> "52,61 điểm"; 100 + "%" -> "100 %" (localised decimal mark)."""
    if value is None or value == "":
        return "—"
    number = floatformat(value, "-2g")
    return f"{number}\u00a0{unit}" if unit else number


@register.filter
def direction_label(direction: str) -> str:
    return _("lower is better") if direction == "down" else _("higher is better")


@register.filter
def direction_arrow(direction: str) -> str:
    return "↓" if direction == "down" else "↑"


@register.filter
def field(form, name: str):
    """The bound field of a form by name, for forms whose fields are made at run time."""
    return form[name]
