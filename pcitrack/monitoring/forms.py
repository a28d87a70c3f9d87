import math
from decimal import Decimal

from django import forms
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from pcitrack.core.bounds import check_in_range
from pcitrack.core.errors import PcitrackError
from pcitrack.core.text import parse_number, stored_decimal

from .models import Observation

PERIODS = [
    ("Y1", _("whole year")),
    ("H1", _("first half-year")),
    ("H2", _("second half-year")),
    ("Q1", _("quarter 1")),
    ("Q2", _("quarter 2")),
    ("Q3", _("quarter 3")),
    ("Q4", _("quarter 4")),
]


# Django's Vietnamese for its own "Enter a whole number." is wrong ("một số tổng thể").
WHOLE_NUMBER = {"invalid": _("Enter a whole number.")}


class AsciiDigits:
    """Python reads "١٢" (Arabic-Indic) or "１２" (full-width) as 12; in a Vietnamese form that is a typing accident
    to point out, not a number to store."""

    def to_python(self, value):
        if isinstance(value, str) and not value.isascii() and any(ch.isdigit() for ch in value):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return super().to_python(value)


class IntegerField(AsciiDigits, forms.IntegerField):
    pass


def _plain(value: Decimal | None) -> Decimal | None:
    """81.0000 -> 81, 76.1000 -> 76.1: the value as a person wrote it, not with the four places it is kept with."""
    if value is None:
        return None
    return value.quantize(Decimal(1)) if value == value.to_integral_value() else value.normalize()


class NumberField(forms.Field):
    """A number as people write it in Vietnamese — "52,61", "1.234,5", "1.000", "100%" — read exactly as the values
    import reads it (core.text.parse_number); shown back with a decimal comma and no grouping."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})
    default_error_messages = {"invalid": _("Enter a number.")}

    def to_python(self, value):
        if value in self.empty_values:
            return None
        number = parse_number(str(value))
        if number is None or not math.isfinite(number):
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return stored_decimal(number)

    def prepare_value(self, value):
        if isinstance(value, (Decimal, int, float)):
            return format(_plain(Decimal(str(value))), "f").replace(".", ",")
        return value


# What a unit may state: everything but VCCI's official result.
UNIT_SOURCES = [(key, label) for key, label in Observation.Source.choices if key != Observation.Source.PCI]


class ObservationForm(forms.Form):
    year = IntegerField(label=_("Year"), min_value=1990, max_value=2100, error_messages=WHOLE_NUMBER)
    period = forms.ChoiceField(label=_("Period"), choices=PERIODS, initial="Y1")
    source = forms.ChoiceField(label=_("Source"), choices=Observation.Source.choices)
    value = NumberField(label=_("Value"))
    sample_size = IntegerField(label=_("Sample size"), required=False, min_value=1, error_messages=WHOLE_NUMBER)
    ci_low = NumberField(label=_("Confidence interval from"), required=False)
    ci_high = NumberField(label=_("to"), required=False)
    note = forms.CharField(label=_("Note"), required=False, widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)
    reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=500)

    def __init__(self, *args, indicator=None, official=True, **kwargs):
        """official False: the person may not state an official PCI result (only monitors do)."""
        super().__init__(*args, **kwargs)
        self.indicator = indicator
        if not official:
            self.fields["source"].choices = UNIT_SOURCES

    def _in_range(self, name: str):
        """A value outside the indicator's range is refused next to its field."""
        number = self.cleaned_data.get(name)
        if number is not None and self.indicator is not None:
            try:
                check_in_range(float(number), self.indicator.value_range, self.indicator.name)
            except PcitrackError as exc:
                raise forms.ValidationError(exc.message(gettext)) from None
        return number

    def clean_value(self):
        return self._in_range("value")

    def clean_ci_low(self):
        return self._in_range("ci_low")

    def clean_ci_high(self):
        return self._in_range("ci_high")

    def require_reason(self) -> None:
        """Changing a value asks why: the reason goes into the value's history."""
        self.fields["reason"].required = True
        self.fields["reason"].error_messages["required"] = _("Say why the value is changed.")

    @classmethod
    def for_observation(cls, obs, official=True):
        return cls(
            indicator=obs.indicator,
            official=official,
            initial={
                "year": obs.year,
                "period": f"{obs.period_type}{obs.period_no}",
                "source": obs.source,
                "value": _plain(obs.value),
                "sample_size": obs.sample_size,
                "ci_low": _plain(obs.ci_low),
                "ci_high": _plain(obs.ci_high),
                "note": obs.note,
            },
        )

    def key(self) -> dict:
        period = self.cleaned_data["period"]
        return {
            "year": self.cleaned_data["year"],
            "period_type": period[0],
            "period_no": int(period[1]),
            "source": self.cleaned_data["source"],
        }

    def values(self) -> dict:
        return {name: self.cleaned_data[name] for name in ["value", "sample_size", "ci_low", "ci_high", "note"]}


class RangeForm(forms.Form):
    min_value = NumberField(label=_("Lowest valid value"), required=False)
    max_value = NumberField(label=_("Highest valid value"), required=False)
    reason = forms.CharField(
        label=_("Reason for the change"), max_length=500,
        error_messages={"required": _("Say why the range is changed.")},
    )  # fmt: skip

    @classmethod
    def for_indicator(cls, indicator, data=None):
        return cls(data, initial={"min_value": _plain(indicator.min_value), "max_value": _plain(indicator.max_value)})
