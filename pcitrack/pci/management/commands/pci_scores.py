import json

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext

from pcitrack.core.pci import ranks, total_score
from pcitrack.pci.models import PciResult


class Command(BaseCommand):
    help = "Each province's sub-indices, computed and published PCI, computed and published rank for a year."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True)
        parser.add_argument("--json", action="store_true", help="print JSON (the default is a table)")

    def handle(self, year, json=False, **options):
        results = list(PciResult.objects.filter(year=year).select_related("province"))
        if not results:
            raise CommandError(
                gettext("No PCI results for %(year)s; import the release first (pcitrack pci_import).") % {"year": year}
            )
        computed = {r.province.name: total_score(r.subindices, year) for r in results}
        computed_ranks = ranks(computed)
        rows = [
            {
                "province": r.province.name,
                "subindices": r.subindices,
                "pci_computed": None if computed[r.province.name] is None else round(computed[r.province.name], 4),
                "pci_published": r.pci,
                "rank_computed": computed_ranks[r.province.name],
                "rank_published": r.rank,
            }
            for r in sorted(results, key=lambda r: (r.rank or 999, r.province.name))
        ]
        if json:
            self.stdout.write(dumps(rows))
            return
        if computed and all(v is None for v in computed.values()):
            self.stdout.write(
                gettext("The weights of PCI %(year)s are not public: the total is not computed.") % {"year": year}
            )
        for row in rows:
            self.stdout.write(
                f"{row['rank_published'] or '—':>3} {row['province']:<22} {row['pci_published'] or '—':>8} {row['pci_computed'] or '—':>9} {row['rank_computed'] or '—':>3}"
            )


def dumps(rows) -> str:
    return json.dumps(rows, ensure_ascii=False, indent=1)
