"""Write operations on observations: each in one transaction, each leaving before → after in the audit."""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from pcitrack import access
from pcitrack.audit.services import record
from pcitrack.core.bounds import check_declared, check_in_range
from pcitrack.core.errors import PcitrackError
from pcitrack.core.plan_parser import gettext_noop
from pcitrack.core.text import format_number
from pcitrack.plans.services import require_active

from .models import Observation

FIELDS = ["value", "sample_size", "ci_low", "ci_high", "note", "unit_id", "is_sample", "report_id"]


def _decimal_text(value) -> str | None:
    """The value as the database keeps it (four decimals), so that 48.4 and 48.4000 are equal."""
    return None if value is None else str(Decimal(value).quantize(Decimal("0.0001")))


def snapshot(obs: Observation) -> dict:
    """What the audit keeps of an observation: enough to find it and to show what changed."""
    return {
        "office": obs.office_id,
        "indicator": obs.indicator_id,
        "year": obs.year,
        "period_type": obs.period_type,
        "period_no": obs.period_no,
        "source": obs.source,
        "value": _decimal_text(obs.value),
        "sample_size": obs.sample_size,
        "ci_low": _decimal_text(obs.ci_low),
        "ci_high": _decimal_text(obs.ci_high),
        "note": obs.note,
        "is_sample": obs.is_sample,
        "report": obs.report_id,
        "accepted_value": _decimal_text(obs.accepted_value),
    }


# A value is stored with 14 digits, 4 of them after the decimal mark.
VALUE_LIMIT = Decimal("1e10")


# A sample size is stored as a 4-byte integer (PostgreSQL's integer).
SAMPLE_SIZE_LIMIT = 2**31 - 1


def too_large(value) -> bool:
    return value is not None and abs(Decimal(str(value))) >= VALUE_LIMIT


def check_values(value, ci_low=None, ci_high=None, sample_size=None, indicator=None) -> None:
    """Refuse a value that cannot be stored or that lies outside the indicator's range."""
    if value is None:
        raise PcitrackError(gettext_noop("A value is required."))
    if any(too_large(v) for v in (value, ci_low, ci_high)):
        raise PcitrackError(gettext_noop("A value must be below 10 billion in size."))
    if indicator is not None:
        for number in (value, ci_low, ci_high):
            check_in_range(None if number is None else float(number), indicator.value_range, indicator.name)
    if (ci_low is None) != (ci_high is None):
        raise PcitrackError(gettext_noop("Give both ends of the confidence interval, or neither."))
    if ci_low is not None and not (Decimal(ci_low) <= Decimal(value) <= Decimal(ci_high)):
        raise PcitrackError(gettext_noop("The value must lie inside its confidence interval."))
    if sample_size is not None and sample_size < 1:
        raise PcitrackError(gettext_noop("The sample size must be at least 1."))
    if sample_size is not None and sample_size > SAMPLE_SIZE_LIMIT:
        raise PcitrackError(gettext_noop("The sample size must be at most 2,147,483,647."))


def counts_at_once(user, office_id: int) -> bool:
    """A value counts for statuses as soon as a monitor of the office (or the system: a command, the demo) states
    it; one typed by a unit's staff waits for a monitor's acceptance, so that no unit rates itself unreviewed."""
    return user is None or not user.is_authenticated or access.is_monitor(user, office_id)


@transaction.atomic
def save_observation(
    *, user, office, indicator, year, period_type, period_no, source, reason="", plan=None, **values
) -> Observation:
    """Create the observation for this period and source, or change the one already there. plan: the plan whose
    page the value is entered through (refused when archived); None for a value given outside a plan."""
    require_active(plan)
    if indicator.office_id != getattr(office, "pk", office):
        raise PcitrackError(gettext_noop("This indicator belongs to another office."))
    if source == Observation.Source.PCI and not counts_at_once(user, indicator.office_id):
        raise PcitrackError(gettext_noop("Only the monitoring unit records official PCI results."))
    check_values(values.get("value"), values.get("ci_low"), values.get("ci_high"), values.get("sample_size"), indicator)
    key = {
        "office": office,
        "indicator": indicator,
        "year": year,
        "period_type": period_type,
        "period_no": period_no,
        "source": source,
    }
    obs = Observation.objects.select_for_update().filter(**key).first()
    actor = user if user is not None and user.is_authenticated else None
    if obs is None:
        obs = Observation(**key, created_by=actor)
        before = None
    else:
        before = snapshot(obs)
    for name in FIELDS:
        if name in values:
            setattr(obs, name, values[name])
    changed = before is None or before != snapshot(obs)
    if changed:
        if counts_at_once(user, indicator.office_id):
            _accept(obs, actor)
        obs.updated_by = actor
        obs.save()
    after = snapshot(obs)
    if before is not None and changed and not reason.strip():
        raise PcitrackError(gettext_noop("Say why the value is changed."))
    if changed:
        record(
            "observation.create" if before is None else "observation.update",
            obs,
            actor=user,
            summary=f"{indicator.name[:120]} {year}{period_type}{period_no} {source}",
            before=before,
            after=after,
            reason=reason,
            subject=indicator,
        )
    return obs


def _accept(obs: Observation, actor) -> None:
    """The value as it is now counts. A value a person changed is theirs, no longer the demo's sample."""
    if obs.accepted_value is not None and obs.value != obs.accepted_value:
        obs.is_sample = False
    obs.accepted_value, obs.accepted_at, obs.accepted_by = obs.value, timezone.now(), actor


@transaction.atomic
def accept_observation(obs: Observation, *, user, plan=None) -> Observation:
    """A monitor accepts a value, or a change of it, that a unit typed: from now on it counts for the status."""
    require_active(plan)
    obs = Observation.objects.select_for_update().get(pk=obs.pk)
    if not obs.is_pending:
        return obs
    before = snapshot(obs)
    _accept(obs, user)
    obs.save(update_fields=["accepted_value", "accepted_at", "accepted_by", "is_sample"])
    record(
        "observation.accept",
        obs,
        actor=user,
        summary=f"{obs.indicator.name[:120]} {obs.year}{obs.period_type}{obs.period_no} {obs.source}",
        before=before,
        after=snapshot(obs),
        subject=obs.indicator,
    )
    return obs


@transaction.atomic
def delete_observation(obs: Observation, *, user, reason: str, plan=None) -> None:
    require_active(plan)
    if not reason.strip():
        raise PcitrackError(gettext_noop("Say why the value is deleted."))
    before = snapshot(obs)
    record(
        "observation.delete",
        obs,
        actor=user,
        summary=f"{obs.indicator.name[:120]} {obs.year}",
        before=before,
        reason=reason,
        subject=obs.indicator,
    )
    obs.delete()


def _range_snapshot(indicator) -> dict:
    return {"min_value": _decimal_text(indicator.min_value), "max_value": _decimal_text(indicator.max_value)}


@transaction.atomic
def set_value_range(indicator, *, user, low: Decimal | None, high: Decimal | None, reason: str = "", plan=None):
    """Declare the values an indicator can take (empty: its unit's natural limits). Refused while a value
    already recorded for it would fall outside."""
    require_active(plan)
    from pcitrack.plans.models import Indicator

    indicator = Indicator.objects.select_for_update().get(pk=indicator.pk)
    if any(too_large(v) for v in (low, high)):
        raise PcitrackError(gettext_noop("A value must be below 10 billion in size."))
    check_declared(indicator.unit_of_measure, indicator.name, *(None if v is None else float(v) for v in (low, high)))
    before = _range_snapshot(indicator)
    indicator.min_value, indicator.max_value = low, high
    outside = [
        o for o in Observation.objects.filter(indicator=indicator).order_by("year")
        if float(o.value) not in indicator.value_range
    ]  # fmt: skip
    if outside:
        raise PcitrackError(
            gettext_noop("{count} recorded values lie outside this range (the first: {value} in {year}); correct them first."),
            count=len(outside), year=outside[0].year,
            value=f"{format_number(float(outside[0].value))} {indicator.unit_of_measure}".strip(),
        )  # fmt: skip
    after = _range_snapshot(indicator)
    if before != after and not reason.strip():
        raise PcitrackError(gettext_noop("Say why the range is changed."))
    if before != after:
        indicator.save(update_fields=["min_value", "max_value"])
        record("indicator.range", indicator, actor=user, summary=indicator.name[:120], before=before, after=after,
               reason=reason, subject=indicator)  # fmt: skip
    return indicator
