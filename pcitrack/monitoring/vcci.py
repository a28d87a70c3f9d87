"""Official PCI values of a plan's indicators, from VCCI's releases shipped with pcitrack."""

from __future__ import annotations

import csv
import gzip
import io
from decimal import Decimal
from functools import lru_cache
from importlib import resources

from pcitrack.core.indicators import comparable_from, load_catalog
from pcitrack.core.text import key as text_key

from .models import Observation
from .services import save_observation


@lru_cache(maxsize=1)
def vcci_values() -> dict[tuple[str, int, str], float]:
    """(province key, year, VCCI code) -> value; shares already in percent."""
    data = resources.files("pcitrack.data").joinpath("vcci_values.csv.gz").read_bytes()
    rows = csv.DictReader(io.StringIO(gzip.decompress(data).decode("utf-8")))
    return {(text_key(r["province"]), int(r["year"]), r["code"]): float(r["value"]) for r in rows}


def load_official_values(plan, province: str, *, user=None) -> int:
    """Record, for each of the plan's indicators in VCCI's catalog, the province's published values.

    Returns how many values were recorded; running it again changes nothing.
    """
    catalog = {entry.code: entry for entry in load_catalog()}
    values = vcci_values()
    province_key = text_key(province)
    count = 0
    for target in plan.targets.current().select_related("indicator"):
        entry = catalog.get(target.indicator.catalog_code)
        if entry is None:
            continue
        since = comparable_from(target.indicator.name)
        for year, code in entry.codes.items():
            if since is not None and int(year) < since:
                continue  # VCCI measured something else then: not comparable with the target
            value = values.get((province_key, int(year), code))
            if value is None:
                continue
            save_observation(
                user=user,
                office=plan.office,
                indicator=target.indicator,
                year=int(year),
                period_type=Observation.PeriodType.YEAR,
                period_no=1,
                source=Observation.Source.PCI,
                value=Decimal(str(round(value, 4))),
                note=f"VCCI PCI {year}, {code}",
                reason=f"VCCI PCI {year}",
            )
            count += 1
    return count
