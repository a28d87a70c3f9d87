"""Loading VCCI's releases: provinces matched across spellings, results and indicator values in one transaction."""

from __future__ import annotations

import csv
import datetime as dt
from importlib import resources

from django.db import transaction
from django.utils.formats import number_format

from pcitrack.audit.services import record
from pcitrack.core.errors import PcitrackError
from pcitrack.core.plan_parser import gettext_noop
from pcitrack.core.text import ascii_key, fold
from pcitrack.core.text import key as text_key
from pcitrack.core.vcci_release import Release

from .models import PciIndicatorValue, PciResult, Province, ProvinceAlias


@transaction.atomic
def ensure_provinces() -> int:
    """The provinces shipped in pcitrack/data/provinces.csv: spellings, validity dates and the 2025 merger."""
    created = 0
    rows = list(
        csv.DictReader(
            resources.files("pcitrack.data").joinpath("provinces.csv").read_text(encoding="utf-8").splitlines()
        )
    )
    by_key = {}
    for row in rows:
        province, new = Province.objects.get_or_create(
            key=text_key(row["name"]), defaults={"name": row["name"], "region": row.get("region", "")}
        )
        created += new
        by_key[province.key] = province
        for alias in filter(None, row["aliases"].split("|")):
            if not ProvinceAlias.objects.filter(key=text_key(alias)).exists():
                ProvinceAlias.objects.create(province=province, name=alias)
    for row in rows:
        province = by_key[text_key(row["name"])]
        valid_to = dt.date.fromisoformat(row["valid_to"]) if row["valid_to"] else None
        merged_into = by_key[text_key(row["merged_into"])] if row["merged_into"] else None
        region = row.get("region", "")
        if (province.valid_to, province.merged_into_id, province.region) != (
            valid_to,
            merged_into.pk if merged_into else None,
            region,
        ):
            Province.objects.filter(pk=province.pk).update(valid_to=valid_to, merged_into=merged_into, region=region)
    return created


def combined_series(province: Province) -> dict[int, float]:
    """An unofficial back-series for a province formed by a merger: each year, the mean PCI of its parts.

    VCCI published no such figure; callers must label it unofficial. Only years where every
    part has a published PCI are given.
    """
    parts = [province, *province.merged_from.all()]
    by_year: dict[int, list[float]] = {}
    for year, pci in PciResult.objects.filter(province__in=parts, pci__isnull=False).values_list("year", "pci"):
        by_year.setdefault(year, []).append(pci)
    return {year: sum(v) / len(v) for year, v in sorted(by_year.items()) if len(v) == len(parts)}


def province_finder():
    """A function from a spelling to its Province (or None): by key, then alias, then without diacritics."""
    provinces = list(Province.objects.all())
    by_key = {p.key: p for p in provinces}
    by_key.update({a.key: a.province for a in ProvinceAlias.objects.select_related("province")})
    by_ascii = {}
    for k, p in by_key.items():
        by_ascii.setdefault(ascii_key(k), set()).add(p)

    def find(name: str) -> Province | None:
        k = text_key(name)
        if k in by_key:
            return by_key[k]
        candidates = by_ascii.get(ascii_key(name), set())
        return next(iter(candidates)) if len(candidates) == 1 else None

    return find


@transaction.atomic
def import_release(release: Release, *, user=None, source: str = "") -> dict:
    """Store a release; refuses it whole when a province name is not known, listing the names."""
    ensure_provinces()
    find = province_finder()
    names = release.provinces()
    unknown = sorted(n for n in names if find(n) is None)
    if unknown:
        raise PcitrackError(
            gettext_noop("Unknown province names (add them as aliases or correct the file): {names}."),
            names=", ".join(unknown),
        )
    by_province: dict[Province, dict] = {}
    for name in names:
        by_province.setdefault(find(name), {"names": []})["names"].append(name)
    has_values = any(sheet.values for sheet in release.sheets)
    if has_values:
        PciIndicatorValue.objects.filter(year=release.year).delete()
    results = 0
    for province, info in by_province.items():
        subindices = None
        published = (None, None, "")
        for name in info["names"]:
            scores = release.subindices(name)
            if any(s is not None for s in scores):
                subindices = scores
            if name in release.published:
                published = release.published[name]
        if subindices is None and published[0] is None:
            continue  # a file of indicator values only
        PciResult.objects.update_or_create(
            province=province, year=release.year,
            defaults={"subindices": subindices or [None] * 10, "pci": published[0], "rank": published[1], "tier": published[2], "source": source},
        )  # fmt: skip
        results += 1
    values = []
    for sheet in release.sheets:
        for name, codes in sheet.values.items():
            province = find(name)
            values += [
                PciIndicatorValue(province=province, year=release.year, code=c, value=v) for c, v in codes.items()
            ]
        for statistic, codes in sheet.stats.items():
            values += [
                PciIndicatorValue(year=release.year, code=c, statistic=statistic, value=v) for c, v in codes.items()
            ]
    PciIndicatorValue.objects.bulk_create(values, batch_size=2000)
    summary = {"year": release.year, "provinces": results, "indicator_values": len(values)}
    record("pci.import", None, actor=user, summary=f"PCI {release.year} ({source})", after=summary)
    return summary


def read_release_file(data: bytes, filename: str = "") -> list[Release]:
    """The releases in an uploaded file: VCCI's .xlsx, or the CSV (README); refuses what is neither, saying why."""
    from pcitrack.core.vcci_release import read_csv_releases, read_release

    excel = data.startswith(b"PK") or filename.lower().endswith(".xlsx")
    releases = [read_release(data)] if excel else read_csv_releases(data)
    if not releases:
        raise PcitrackError(gettext_noop("The file holds no province's result."))
    return releases


@transaction.atomic
def import_releases(releases: list[Release], *, user=None, source: str = "") -> list[dict]:
    """Store every release of a file, or none of them."""
    return [import_release(release, user=user, source=source) for release in releases]


def _same(a, b) -> bool:
    if a is None or b is None:
        return a is b
    return abs(float(a) - float(b)) < 1e-9


def release_changes(release: Release) -> dict:
    """What storing the release would change, province by province, against what is stored for its year.

    rows: each province's (name as written, province or None, action "new" | "changed" | "same" | "unknown",
    stored PciResult or None, PCI read, rank read); warnings: message templates with their parameters.
    """
    with transaction.atomic():
        # The shipped list of provinces is loaded to match names, then rolled back: a preview writes nothing.
        ensure_provinces()
        changes = _changes(release)
        transaction.set_rollback(True)
    return changes


def _changes(release: Release) -> dict:
    find = province_finder()
    stored = {r.province_id: r for r in PciResult.objects.filter(year=release.year).select_related("province")}
    rows, warnings = [], []
    for name in sorted(release.provinces(), key=lambda n: (fold(n), n)):  # "Bạc Liêu" before "Bình Định"
        province = find(name)
        pci, rank, _tier = release.published.get(name, (None, None, ""))
        scores = release.subindices(name)
        before = stored.get(province.pk) if province else None
        if province is None:
            action = "unknown"
        elif before is None:
            action = "new"
        elif (
            _same(before.pci, pci)
            and before.rank == rank
            and all(_same(a, b) for a, b in zip(before.subindices or [None] * 10, scores, strict=False))
        ):
            action = "same"
        else:
            action = "changed"
        rows.append({"name": name, "province": province, "action": action, "before": before, "pci": pci,
                     "rank": rank, "subindices": sum(s is not None for s in scores)})  # fmt: skip
    unknown = [r["name"] for r in rows if r["action"] == "unknown"]
    if unknown:
        warnings.append((gettext_noop("Unknown province names (add them as aliases or correct the file): {names}."),
                         {"names": ", ".join(unknown)}))  # fmt: skip
    partial = [r["name"] for r in rows if 0 < r["subindices"] < 10]
    if partial:
        warnings.append((gettext_noop("Some sub-index scores are missing for: {names}."),
                         {"names": ", ".join(partial)}))  # fmt: skip
    values = sum(len(codes) for sheet in release.sheets for codes in sheet.values.values())
    stored_values = PciIndicatorValue.objects.filter(year=release.year).count()
    if values and stored_values:
        warnings.append((gettext_noop("The {count} indicator values stored for {year} will be replaced by the file's."),
                         {"count": number_format(stored_values, force_grouping=True), "year": release.year}))  # fmt: skip
    return {
        "year": release.year,
        "rows": rows,
        "counts": {a: sum(1 for r in rows if r["action"] == a) for a in ("new", "changed", "same", "unknown")},
        "sub_indices": sum(1 for sheet in release.sheets if sheet.scores),
        "indicator_values": values,
        "stored_values": stored_values,
        "warnings": warnings,
    }
