"""The load benchmark's own arithmetic: its percentiles, and how it finds an acknowledged save that is missing."""

from benchmarks.load import lost_saves, percentile
from pcitrack.reporting import services


def test_percentiles_are_nearest_rank():
    values = [i / 1000 for i in range(1, 101)]  # 1 … 100 ms
    assert (percentile(values, 50), percentile(values, 95), percentile(values, 99)) == (0.05, 0.095, 0.099)
    assert percentile([0.2], 99) == 0.2


def test_a_save_the_database_holds_is_not_lost_and_one_it_does_not_is(world):
    report = world.report()
    first = services.save_report(report, user=world.users["staff"], version=report.version, problems="Lần một")
    services.save_report(first, user=world.users["staff"], version=first.version, problems="Lần hai")
    sent = {report.pk: ["Lần một", "Lần hai"]}
    assert lost_saves([(report.pk, "Lần một"), (report.pk, "Lần hai")], sent) == 0
    # Acknowledged but never written: missing from the history, and not what the report holds.
    assert lost_saves([(report.pk, "Lần một"), (report.pk, "Lần ba")], {report.pk: ["Lần một", "Lần ba"]}) == 2
    # The last acknowledged save was overwritten by a later one whose answer never came: not lost.
    assert lost_saves([(report.pk, "Lần một")], sent) == 0
