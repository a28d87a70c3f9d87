"""The follow-up page reads its matrix in a fixed number of queries, whatever the number of reports."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from pcitrack.reporting.models import UnitReport
from pcitrack.reporting.services import report_for, reporting_units


def follow_up_queries(client, plan) -> tuple[int, str]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("plan_follow_up", args=[plan.pk]))
    assert response.status_code == 200
    return len(ctx.captured_queries), response.content.decode()


def test_the_follow_up_makes_as_many_queries_for_one_report_as_for_a_report_in_every_cell(world, client):
    client.force_login(world.users["monitor"])
    report = world.report()
    follow_up_queries(client, world.plan)  # caches warmed
    one, _ = follow_up_queries(client, world.plan)
    for period in world.plan.periods.all():
        for unit in reporting_units(world.plan):
            report_for(period, unit)
    UnitReport.objects.filter(period__plan=world.plan).update(status=UnitReport.Status.SUBMITTED, version=2)
    every, html = follow_up_queries(client, world.plan)
    assert UnitReport.objects.filter(period__plan=world.plan).count() > 20
    assert every == one
    assert f'<a href="/reports/{report.pk}/">' in html
