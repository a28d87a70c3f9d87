"""A province's PCI page reads its years at once: the number of queries grows neither with the years of PCI
results nor with the plans the office issued over the years."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pcitrack.pci.models import PciIndicatorValue, PciResult, Province
from pcitrack.plans.models import Plan, PlanTarget

VCCI = Path(__file__).resolve().parents[1] / "pcitrack" / "data" / "vcci"


def profile_queries(client, province, **params) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("pci_province", args=[province.pk]), params)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def add_years(years):
    """Each year a copy of 2016's published results and indicator values, as if VCCI had published them."""
    results = list(PciResult.objects.filter(year=2016))
    values = list(PciIndicatorValue.objects.filter(year=2016))
    for year in years:
        PciResult.objects.bulk_create(
            PciResult(province_id=r.province_id, year=year, subindices=r.subindices, pci=r.pci, rank=r.rank)
            for r in results
        )
        PciIndicatorValue.objects.bulk_create(
            PciIndicatorValue(province_id=v.province_id, year=year, code=v.code, statistic=v.statistic, value=v.value)
            for v in values
        )


def add_plans(plan, years):
    """The office's plan issued again each year, with the same targets."""
    targets = list(plan.targets.all())
    for year in years:
        copy = Plan.objects.get(pk=plan.pk)
        copy.pk = None
        copy.title = f"{plan.title} năm {year}"
        copy.save()
        for target in targets:
            target.pk, target.plan = None, copy
        PlanTarget.objects.bulk_create(targets)


@pytest.mark.parametrize("combined", [False, True])
def test_the_province_page_makes_as_many_queries_for_2_years_as_for_12_with_a_plan_a_year(world, client, combined):
    call_command("pci_import", str(VCCI / "PCI_2013.xlsx"))
    call_command("pci_import", str(VCCI / "PCI_2016.xlsx"))
    world.plan.place = "Quảng Trị"
    world.plan.save()
    client.force_login(world.users["leader"])
    province = Province.objects.get(name="Quảng Trị")
    params = {"combined": 1} if combined else {}
    profile_queries(client, province, **params)  # caches warmed
    two_years = profile_queries(client, province, **params)
    add_years([*range(2005, 2013), 2014, 2015])  # earlier years: 2016 stays the latest, its indicators shown
    add_plans(world.plan, range(2015, 2025))
    assert Plan.objects.filter(office=world.office, place="Quảng Trị").count() == 11
    html = client.get(reverse("pci_province", args=[province.pk]), params).content.decode()
    assert '<th scope="row">2005</th>' in html and "100\u00a0%" in html  # the plans' target beside its value
    assert profile_queries(client, province, **params) == two_years
