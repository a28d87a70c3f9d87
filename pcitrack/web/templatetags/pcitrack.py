from django import template
from django.template.defaultfilters import floatformat
from django.utils.formats import get_format
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def quantity(value, unit: str = ""):
    """52.61 + "điểm" -> "52,61 điểm"; 38.5 -> "38,5"; 100 + "%" -> "100 %" (localised, no trailing zeros)."""
    if value is None or value == "":
        return "—"
    number = floatformat(value, "4g")
    decimal = get_format("DECIMAL_SEPARATOR")
    if decimal in number:
        number = number.rstrip("0").rstrip(decimal)
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
